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
import type { RequestContext } from '../request/context';
import { Permission } from '../authorization/permissions';
import { sessionOf } from '../casework/session';
import { CaseNode, DecisionNode } from '../cases/case.type';
import { rowsByParent } from '../request/loaders';
import { parseInput } from '../graphql/validated-input';
import { loadLetter, markLetterSent, toLetterNode } from './letter.service';
import { LetterChannel, LetterNode } from './letter.type';

const uuid = z.uuid();
const channelList = z.array(z.enum(LetterChannel)).min(1).nullish();

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
    description:
      'Records that a draft letter was sent to the customer, how and when; a letter is sent once. Refused with POLICY_VIOLATION (WRONG_ROLE) for roles the policy does not let record it, BAD_USER_INPUT for a date in the future or before the letter was written.',
  })
  async markLetterSent(
    @Ctx() ctx: RequestContext,
    @Arg('letterId', () => ID, { description: 'The letter.' }) letterId: string,
    @Arg('channels', () => [LetterChannel], {
      nullable: true,
      description: 'How it was sent (one or more); absent: the policy’s usual channels.',
    })
    channels?: LetterChannel[] | null,
    @Arg('sentAt', () => Date, {
      nullable: true,
      description: 'When it was sent (may be earlier than now); absent: now.',
    })
    sentAt?: Date | null,
  ): Promise<LetterNode> {
    const dispatch = {
      channels: parseInput(channelList, channels, 'channels'),
      sentAt: parseInput(z.date().nullish(), sentAt, 'sentAt'),
    };
    return toLetterNode(
      await markLetterSent(ctx, parseInput(uuid, letterId, 'letterId'), dispatch),
    );
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
