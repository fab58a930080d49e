import { Field, ID, InputType } from 'type-graphql';
import { z } from 'zod';
import { SEVERITIES } from '@conduct/policy';

export const openCaseSchema = z.strictObject({
  customerId: z.uuid(),
  serviceAreas: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
  linkedReferences: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
  summary: z.string().trim().min(1).max(5000).nullish(),
});

@InputType({ description: 'A new managed-contact case.' })
export class OpenCaseInput {
  @Field(() => ID, { description: 'The customer the case is about.' }) customerId: string;
  @Field(() => [String], { nullable: true, description: 'Service areas involved.' })
  serviceAreas?: string[];
  @Field(() => [String], { nullable: true, description: 'Linked complaint / FOI references.' })
  linkedReferences?: string[];
  @Field(() => String, { nullable: true, description: 'Why the case is opened.' }) summary?:
    string | null;
}

export const caseFilterSchema = z.strictObject({
  stage: z.string().min(1).max(100).nullish(),
  status: z.enum(['open', 'closed', 'dormant', 'archived', 'purged']).nullish(),
  reviewDueBefore: z.date().nullish(),
  customerId: z.uuid().nullish(),
});

@InputType({ description: 'Which cases to list.' })
export class CaseFilter {
  @Field(() => String, { nullable: true, description: 'Only cases in this stage.' }) stage?:
    string | null;
  @Field(() => String, { nullable: true, description: 'open, closed, dormant or purged.' })
  status?: string | null;
  @Field(() => Date, {
    nullable: true,
    description: 'Only cases whose review falls due before this time.',
  })
  reviewDueBefore?: Date | null;
  @Field(() => ID, { nullable: true, description: 'Only this customer’s cases.' }) customerId?:
    string | null;
}

export const logContactSchema = z.strictObject({
  customerId: z.uuid(),
  caseId: z.uuid().nullish(),
  occurredAt: z.date(),
  channel: z.string().min(1).max(100),
  behaviourCategories: z.array(z.string().min(1).max(100)).max(20).default([]),
  severity: z.enum(SEVERITIES),
  description: z.string().trim().min(1).max(10000).nullish(),
  staffAffected: z.string().trim().min(1).max(1000).nullish(),
  newIssue: z.boolean().nullish(),
});

@InputType({ description: 'A contact or incident to log.' })
export class LogContactInput {
  @Field(() => ID, { description: 'The customer.' }) customerId: string;
  @Field(() => ID, { nullable: true, description: 'The case, if the contact belongs to one.' })
  caseId?: string | null;
  @Field({ description: 'When it happened.' }) occurredAt: Date;
  @Field({ description: 'Channel key from the policy’s catalogue.' }) channel: string;
  @Field(() => [String], { nullable: true, description: 'Behaviour category keys.' })
  behaviourCategories?: string[];
  @Field({ description: 'low, medium, high or extreme (the policy engine’s scale).' })
  severity: string;
  @Field(() => String, { nullable: true, description: 'What happened.' }) description?:
    string | null;
  @Field(() => String, { nullable: true, description: 'Staff affected.' }) staffAffected?:
    string | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'The customer raises a new issue (not one already dealt with): where measures are in force, the staff the policy names are told that restrictions must be reconsidered.',
  })
  newIssue?: boolean | null;
}

export const attestCheckSchema = z.strictObject({
  caseId: z.uuid(),
  checkKey: z.string().min(1).max(100),
  note: z.string().trim().min(1).max(5000),
});

@InputType({ description: 'A pre-action check to attest.' })
export class AttestCheckInput {
  @Field(() => ID, { description: 'The case.' }) caseId: string;
  @Field({ description: 'Check key from the policy (e.g. safeguarding-considered).' })
  checkKey: string;
  @Field({ description: 'What was considered, in words.' }) note: string;
}
