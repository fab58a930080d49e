import { Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../context';
import { checkHealth } from './health.service';
import { Health } from './health.type';

@Resolver()
export class HealthResolver {
  @Query(() => Health, { description: 'Round trips to the database and Redis; open to anyone.' })
  health(@Ctx() ctx: RequestContext): Promise<Health> {
    return checkHealth(ctx.services);
  }
}
