import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../request/context';
import { Permission } from '../authorization/permissions';
import { sessionOf } from '../casework/session';
import { parseInput } from '../graphql/validated-input';
import { SetMemberOptInInput, setMemberOptInSchema } from './member.inputs';
import { listMemberPreferences, setMemberOptIn, toMemberPreferenceNode } from './member.service';
import { MemberPreferenceNode } from './member.type';

@Resolver()
export class MemberResolver {
  @Authorized(Permission.ManageMembers)
  @Mutation(() => MemberPreferenceNode, {
    description:
      'Records an elected member opting in to or out of being told about arrangements, where the policy gives members that choice.',
  })
  async setMemberOptIn(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SetMemberOptInInput) input: SetMemberOptInInput,
  ): Promise<MemberPreferenceNode> {
    const saved = await setMemberOptIn(ctx, parseInput(setMemberOptInSchema, { ...input }));
    return toMemberPreferenceNode(sessionOf(ctx).policy, saved);
  }

  @Authorized(Permission.ManageMembers)
  @Query(() => [MemberPreferenceNode], {
    description: 'Elected members’ choices about being told of arrangements, by name.',
  })
  async memberPreferences(@Ctx() ctx: RequestContext): Promise<MemberPreferenceNode[]> {
    const { policy } = sessionOf(ctx);
    return (await listMemberPreferences(ctx)).map((m) => toMemberPreferenceNode(policy, m));
  }
}
