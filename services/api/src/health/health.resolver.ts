import { Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../request/context';
import { checkApiReadiness } from './health.service';
import { Health } from './health.type';

@Resolver()
export class HealthResolver {
  @Query(() => Health, {
    description:
      'Round trips to the database and Redis; open to anyone, so it says only "ok" or "unavailable".',
  })
  async health(@Ctx() ctx: RequestContext): Promise<Health> {
    const { checks } = await checkApiReadiness(ctx.services);
    return {
      database: checks.database ?? 'unavailable',
      redis: checks.redis ?? 'unavailable',
      version: ctx.services.version,
    };
  }
}
