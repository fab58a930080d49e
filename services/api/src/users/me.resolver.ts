import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { PolicyVersion } from '@conduct/db';
import type { RequestContext } from '../context';
import { sessionOf } from '../casework/session';
import { Me } from './user.type';

@Resolver()
export class MeResolver {
  @Authorized()
  @Query(() => Me, { description: 'Who is signed in, in which council, with which roles.' })
  async me(@Ctx() ctx: RequestContext): Promise<Me> {
    const s = sessionOf(ctx);
    const version = await s.em.findOneOrFail(PolicyVersion, {
      where: { tenantId: s.tenant.id, id: s.policyVersionId },
    });
    return {
      user: {
        id: s.user.id,
        email: s.user.email,
        displayName: s.user.displayName,
        roles: s.user.roles,
      },
      tenantSlug: s.tenant.slug,
      tenantName: s.tenant.name,
      policyVersion: version.version,
      canReadSafeguarding: ctx.ability.can('read', 'SafeguardingDetails'),
    };
  }
}
