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
  DecideDerestrictionInput,
  RequestDerestrictionInput,
  decideDerestrictionSchema,
  requestDerestrictionSchema,
} from './derestriction.inputs';
import {
  decideDerestriction,
  requestDerestriction,
  toDerestrictionRequestNode,
} from './derestriction.service';
import { DerestrictionDecisionResult, DerestrictionRequestNode } from './derestriction.type';

@Resolver()
export class DerestrictionResolver {
  @Authorized(Permission.WorkCases)
  @Mutation(() => DerestrictionRequestNode, {
    description:
      'Records a customer’s request that a restriction be lifted, when the policy lets it be made now (London: half the period, or a year if indefinite, unless exceptional).',
  })
  async requestDerestriction(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RequestDerestrictionInput) input: RequestDerestrictionInput,
  ): Promise<DerestrictionRequestNode> {
    return toDerestrictionRequestNode(
      await requestDerestriction(ctx, parseInput(requestDerestrictionSchema, { ...input })),
    );
  }

  @Authorized(Permission.WorkCases)
  @Mutation(() => DerestrictionDecisionResult, {
    description:
      'Grants (lifting the restriction) or refuses a derestriction request, by the role the policy names.',
  })
  async decideDerestriction(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DecideDerestrictionInput) input: DecideDerestrictionInput,
    @Info() info: GraphQLResolveInfo,
  ): Promise<DerestrictionDecisionResult> {
    const done = await decideDerestriction(
      ctx,
      parseInput(decideDerestrictionSchema, { ...input }),
    );
    return {
      request: toDerestrictionRequestNode(done.request),
      decision: done.decision,
      case: await toCaseNode(ctx, done.case, selectedRelations(ctx, info, ['case'])),
      liftedRestrictions: done.lifted.map(toRestrictionNode),
      restrictions: done.restrictions.map(toRestrictionNode),
      letter: done.letter ? toLetterNode(done.letter) : null,
    };
  }
}
