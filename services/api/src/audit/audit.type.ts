import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One link of the council’s tamper-evident audit chain.' })
export class AuditEventNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field(() => Int, { description: 'Position in the council’s chain (1, 2, …).' }) seq: number;
  @Field({ description: 'What happened, e.g. review.recorded.' }) action: string;
  @Field({ description: 'The kind of record it concerns.' }) entityType: string;
  @Field(() => ID, { nullable: true, description: 'The record it concerns.' }) entityId:
    string | null;
  @Field(() => ID, { nullable: true, description: 'Who did it (null for the system).' })
  actorId: string | null;
  @Field({ description: 'When.' }) occurredAt: Date;
  @Field({ description: 'Ids, keys and codes recorded with the event, as a JSON object.' })
  payload: string;
}

@ObjectType({ description: 'Whether the council’s audit chain is intact.' })
export class AuditChainVerdictNode {
  @Field({ description: 'true when every link re-computes and follows the one before.' })
  ok: boolean;
  @Field(() => Int, { description: 'How many events were checked before the first break.' })
  checked: number;
  @Field(() => ID, {
    nullable: true,
    description: 'The first event that was altered, removed or reordered; null when intact.',
  })
  firstBrokenEventId: string | null;
  @Field(() => Int, { nullable: true, description: 'Its position in the chain.' })
  firstBrokenSeq: number | null;
  @Field(() => String, {
    nullable: true,
    description:
      '`altered` (an event or link), `truncated` (events from firstBrokenSeq on are missing, per the anchored head), `rewritten` (hashes recomputed forward from at most firstBrokenSeq) or `forged-anchor`; null when intact.',
  })
  problem: string | null;
}
