import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../request/context';
import { sessionOf } from '../casework/session';
import { Me } from './user.type';

@Resolver()
export class MeResolver {
  @Authorized()
  @Query(() => Me, { description: 'Who is signed in, in which council, with which roles.' })
  async me(@Ctx() ctx: RequestContext): Promise<Me> {
    const s = sessionOf(ctx);
    // Activated versions are immutable: their number comes from the parsed-policy cache.
    const version = await ctx.services.policies.versionNumber(s.em, s.policyVersionId);
    return {
      user: {
        id: s.user.id,
        email: s.user.email,
        displayName: s.user.displayName,
        roles: s.user.roles,
      },
      tenantSlug: s.tenant.slug,
      tenantName: s.tenant.name,
      policyVersion: version,
      canReadSafeguarding: ctx.ability.can('read', 'SafeguardingDetails'),
    };
  }
}
