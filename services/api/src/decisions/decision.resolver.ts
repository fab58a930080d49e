import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { In } from 'typeorm';
import { Decision, type DecisionParticipant } from '@conduct/db';
import type { Policy } from '@conduct/policy';
import type { RequestContext } from '../request/context';
import { sessionOf } from '../casework/session';
import { toCaseNode } from '../cases/case.service';
import type { CaseRelationSelection } from '../cases/case-relations';
import { DecisionNode } from '../cases/case.type';
import { toDisseminationNodes } from '../dissemination/dissemination.service';
import { loaderFor } from '../request/loaders';
import { toLetterNode } from '../letters/letter.service';
import type { StageMoveOutcome } from './decision.service';
import { DecisionParticipantNode, type TransitionOutcomeNode } from './decision.type';

/** What a completed move wrote, as GraphQL nodes. */
export async function toTransitionOutcomeNode(
  ctx: RequestContext,
  policy: Policy,
  outcome: StageMoveOutcome,
  selection: CaseRelationSelection,
): Promise<TransitionOutcomeNode> {
  return {
    decision: outcome.decision,
    case: await toCaseNode(ctx, outcome.theCase, selection),
    restrictions: outcome.restrictions.map((r) => ({
      ...r,
      parametersJson: JSON.stringify(r.parameters),
    })),
    letter: outcome.letter ? toLetterNode(outcome.letter) : null,
    disseminations: await toDisseminationNodes(ctx, policy, outcome.disseminations),
  };
}

@Resolver(() => DecisionNode)
export class DecisionParticipantsResolver {
  @FieldResolver(() => [DecisionParticipantNode], {
    description: 'Everyone who took a step of the decision, in order, with the role they acted in.',
  })
  async participants(
    @Ctx() ctx: RequestContext,
    @Root() d: DecisionNode & { participants?: DecisionParticipant[] },
  ): Promise<DecisionParticipantNode[]> {
    if (Array.isArray(d.participants)) return d.participants;
    const { em } = sessionOf(ctx);
    return loaderFor<DecisionParticipant[]>(
      ctx,
      'participants-by-decision',
      async (ids) =>
        new Map(
          (
            await em.find(Decision, {
              where: { tenantId: em.tenantId, id: In([...ids]) },
              select: { id: true, participants: true },
            })
          ).map((x) => [x.id, x.participants]),
        ),
      () => [],
    ).load(d.id);
  }
}
