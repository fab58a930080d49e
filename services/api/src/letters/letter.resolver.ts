import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { In } from 'typeorm';
import { z } from 'zod';
import { Letter } from '@conduct/db';
import type { RequestContext } from '../context';
import { Permission } from '../authorization/permissions';
import { sessionOf } from '../casework/session';
import { CaseNode, DecisionNode } from '../cases/case.type';
import { rowsByParent } from '../graphql/loaders';
import { parseInput } from '../graphql/validated-input';
import { loadLetter, markLetterSent, toLetterNode } from './letter.service';
import { LetterNode } from './letter.type';

const uuid = z.uuid();

function lettersBy(ctx: RequestContext, column: 'caseId' | 'decisionId') {
  const { em } = sessionOf(ctx);
  return rowsByParent(
    ctx,
    `letters-by-${column}`,
    (ids) =>
      em.find(Letter, {
        where: { tenantId: em.tenantId, [column]: In(ids) },
        order: { createdAt: 'ASC', id: 'ASC' },
      }),
    (l) => l[column],
  );
}

@Resolver(() => LetterNode)
export class LetterResolver {
  @Authorized(Permission.ReadCases)
  @Query(() => LetterNode, { description: 'One letter of your council.' })
  async letter(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<LetterNode> {
    return toLetterNode(await loadLetter(ctx, parseInput(uuid, id, 'id')));
  }

  @Authorized(Permission.WorkCases)
  @Mutation(() => LetterNode, {
    description: 'Records that a draft letter was sent to the customer; a letter is sent once.',
  })
  async markLetterSent(
    @Ctx() ctx: RequestContext,
    @Arg('letterId', () => ID, { description: 'The letter.' }) letterId: string,
  ): Promise<LetterNode> {
    return toLetterNode(await markLetterSent(ctx, parseInput(uuid, letterId, 'letterId')));
  }
}

@Resolver(() => CaseNode)
export class CaseLettersResolver {
  @FieldResolver(() => [LetterNode], { description: 'Letters to the customer, oldest first.' })
  async letters(@Ctx() ctx: RequestContext, @Root() c: CaseNode): Promise<LetterNode[]> {
    return (await lettersBy(ctx, 'caseId').load(c.id)).map(toLetterNode);
  }
}

@Resolver(() => DecisionNode)
export class DecisionLetterResolver {
  @FieldResolver(() => LetterNode, {
    nullable: true,
    description: 'The letter that reports this decision to the customer, if any.',
  })
  async letter(@Ctx() ctx: RequestContext, @Root() d: DecisionNode): Promise<LetterNode | null> {
    const [first] = await lettersBy(ctx, 'decisionId').load(d.id);
    return first ? toLetterNode(first) : null;
  }
}
