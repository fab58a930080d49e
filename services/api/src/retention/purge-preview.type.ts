import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A case the next retention purge would take, and why.' })
export class PurgeCandidateNode {
  @Field(() => ID, { description: 'The case.' }) caseId: string;
  @Field({ description: 'The case reference.' }) caseReference: string;
  @Field(() => Int, { description: 'The policy version the case is pinned to.' })
  policyVersion: number;
  @Field({ description: 'The retention rule that makes it due.' }) ruleId: string;
  @Field({ description: 'destroy or anonymise.' }) action: string;
  @Field({ description: 'When the rule made it due.' }) retentionDueAt: Date;
  @Field({ description: 'The rule, its clause, the triggering date and the arithmetic.' })
  reason: string;
}

@ObjectType({
  description:
    'What the next retention purge would take: the same query as the purge, run read-only.',
})
export class PurgePreview {
  @Field({ description: 'The cutoff used: now.' }) cutoff: Date;
  @Field(() => Int, { description: 'How many cases would be purged.' }) totalCount: number;
  @Field(() => [PurgeCandidateNode], { description: 'The first of them, oldest due first.' })
  candidates: PurgeCandidateNode[];
}
