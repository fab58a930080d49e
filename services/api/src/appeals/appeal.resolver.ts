import { Arg, Authorized, Ctx, Info, Mutation, Resolver } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../request/context';
import { Permission } from '../authorization/permissions';
import { toCaseNode } from '../cases/case.service';
import { selectedRelations } from '../cases/case.resolver';
import { parseInput } from '../graphql/validated-input';
import { toLetterNode } from '../letters/letter.service';
import { toRestrictionNode } from '../cases/restriction-node';
import {
  DecideAppealInput,
  LodgeAppealInput,
  decideAppealSchema,
  lodgeAppealSchema,
} from './appeal.inputs';
import { decideAppeal, lodgeAppeal, toAppealNode } from './appeal.service';
import { AppealDecisionResult, AppealNode } from './appeal.type';

@Resolver()
export class AppealResolver {
  @Authorized(Permission.WorkCases)
  @Mutation(() => AppealNode, {
    description:
      'Records a customer’s appeal against a decision; refused with the Ombudsman signpost where the policy gives no appeal.',
  })
  async lodgeAppeal(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => LodgeAppealInput) input: LodgeAppealInput,
  ): Promise<AppealNode> {
    return toAppealNode(await lodgeAppeal(ctx, parseInput(lodgeAppealSchema, { ...input })));
  }

  @Authorized(Permission.WorkCases)
  @Mutation(() => AppealDecisionResult, {
    description:
      'Decides an appeal, by the role the policy names and someone independent of the decision appealed.',
  })
  async decideAppeal(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DecideAppealInput) input: DecideAppealInput,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AppealDecisionResult> {
    const done = await decideAppeal(
      ctx,
      parseInput(decideAppealSchema, {
        ...input,
        restrictions: input.restrictions?.map((r) => ({ ...r })) ?? input.restrictions,
      }),
    );
    return {
      appeal: toAppealNode(done.appeal),
      decision: done.decision,
      case: await toCaseNode(ctx, done.case, selectedRelations(ctx, info, ['case'])),
      liftedRestrictions: done.lifted.map(toRestrictionNode),
      restrictions: done.restrictions.map(toRestrictionNode),
      letter: done.letter ? toLetterNode(done.letter) : null,
    };
  }
}
