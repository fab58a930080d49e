import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { z } from 'zod';

/** Policy keys (stages, transitions, roles, restriction types) are lower-case kebab-case. */
const policyKey = z
  .string()
  .max(100)
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    'should be a key of the council’s policy, e.g. chief-executive',
  );

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time such as 09:30');

const parameterSchema = z
  .strictObject({
    name: z
      .string()
      .max(100)
      .regex(/^[A-Za-z][A-Za-z0-9]*$/, 'should be a parameter name such as officer or days'),
    text: z.string().trim().min(1).max(2000).nullish(),
    number: z.number().int().min(0).max(100000).nullish(),
    days: z.array(z.string().min(1).max(20)).min(1).max(7).nullish(),
    from: clockTime.nullish(),
    to: clockTime.nullish(),
  })
  .refine(
    (p) =>
      [p.text != null, p.number != null, p.days != null, p.from != null || p.to != null].filter(
        Boolean,
      ).length === 1 && (p.from == null) === (p.to == null),
    'give exactly one of text, number, days, or from and to',
  );

type ParameterValue = string | number | string[] | { from: string; to: string };

function parameterValue(p: z.infer<typeof parameterSchema>): ParameterValue {
  if (p.text != null) return p.text;
  if (p.number != null) return p.number;
  if (p.days != null) return p.days;
  return { from: p.from!, to: p.to! };
}

const jsonObject = z
  .string()
  .max(10000)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not valid JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().max(100), z.unknown(), 'should be a JSON object of parameters'));

export const proposedRestrictionSchema = z
  .strictObject({
    type: policyKey,
    parametersJson: jsonObject.nullish(),
    parameters: z.array(parameterSchema).max(20).nullish(),
  })
  .refine((r) => r.parametersJson == null || r.parameters == null, {
    message: 'give parametersJson or parameters, not both',
    path: ['parameters'],
  })
  .transform((r) => ({
    type: r.type,
    parameters: (r.parametersJson ??
      Object.fromEntries((r.parameters ?? []).map((p) => [p.name, parameterValue(p)]))) as Record<
      string,
      unknown
    >,
  }));

@InputType({
  description:
    'One typed parameter of a measure: give `text`, `number`, `days`, or `from` and `to` (a time window).',
})
export class RestrictionParameterInput {
  @Field({
    description: 'Parameter name from the policy’s catalogue, e.g. officer, days, minutes.',
  })
  name: string;
  @Field(() => String, { nullable: true, description: 'A text, officer or channel value.' })
  text?: string | null;
  @Field(() => Int, { nullable: true, description: 'A number of minutes or a count.' })
  number?: number | null;
  @Field(() => [String], { nullable: true, description: 'Weekdays, e.g. monday, wednesday.' })
  days?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Start of a time window, e.g. 09:30.' })
  from?: string | null;
  @Field(() => String, { nullable: true, description: 'End of a time window, e.g. 12:00.' })
  to?: string | null;
}

@InputType({
  description: 'A measure to impose, from the council’s catalogue, with its parameters.',
})
export class ProposedRestrictionInput {
  @Field({ description: 'Restriction type key from the policy’s catalogue.' }) type: string;
  @Field(() => String, {
    nullable: true,
    description: 'Parameters as a JSON object, e.g. {"officer":"J. Smith"}. Or use `parameters`.',
  })
  parametersJson?: string | null;
  @Field(() => [RestrictionParameterInput], {
    nullable: true,
    description: 'Parameters, typed. Or use `parametersJson`.',
  })
  parameters?: RestrictionParameterInput[] | null;
}

export const proposeTransitionSchema = z
  .strictObject({
    caseId: z.uuid(),
    toStage: policyKey,
    transitionKey: policyKey.nullish(),
    rationale: z.string().trim().min(1).max(10000),
    evidenceContactIds: z.array(z.uuid()).max(500).default([]),
    restrictions: z.array(proposedRestrictionSchema).max(20).default([]),
    durationMonths: z.number().int().min(1).max(240).nullish(),
    indefinite: z.boolean().nullish(),
    exceptional: z.boolean().nullish(),
    principalUnavailable: z.boolean().nullish(),
  })
  .refine((p) => !(p.indefinite && p.durationMonths != null), {
    message: 'give a duration or indefinite, not both',
    path: ['indefinite'],
  });

@InputType({ description: 'A proposal to move a case to another stage of the council’s policy.' })
export class ProposeTransitionInput {
  @Field(() => ID, { description: 'The case.' }) caseId: string;
  @Field({ description: 'Key of the stage to move to.' }) toStage: string;
  @Field(() => String, {
    nullable: true,
    description: 'Key of the transition, when several lead to the same stage.',
  })
  transitionKey?: string | null;
  @Field({
    description: 'Why, with reference to the evidence; it becomes the reasons in the letter.',
  })
  rationale: string;
  @Field(() => [ID], { nullable: true, description: 'Logged contacts relied on as evidence.' })
  evidenceContactIds?: string[];
  @Field(() => [ProposedRestrictionInput], {
    nullable: true,
    description: 'Measures to impose at the new stage.',
  })
  restrictions?: ProposedRestrictionInput[];
  @Field(() => Int, { nullable: true, description: 'How long the measures last, in months.' })
  durationMonths?: number | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'The measures have no end date (only where the policy allows).',
  })
  indefinite?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Exceptional circumstances apply.' })
  exceptional?: boolean | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'The named decider is absent or unavailable, so a deputy may decide (e.g. London §7).',
  })
  principalUnavailable?: boolean | null;
}

export enum ProposalActionKind {
  RECOMMEND = 'recommend',
  APPROVE = 'approve',
  REJECT = 'reject',
}
registerEnumType(ProposalActionKind, {
  name: 'ProposalActionKind',
  description: 'What to do with a proposal at its next step.',
  valuesConfig: {
    RECOMMEND: { description: 'Record the recommendation (for or against) at a recommend step.' },
    APPROVE: { description: 'Approve at the decision step.' },
    REJECT: { description: 'Refuse at the decision step; the case does not move.' },
  },
});

export const actOnProposalSchema = z.strictObject({
  proposalId: z.uuid(),
  action: z.enum(['recommend', 'approve', 'reject']),
  note: z.string().trim().min(1).max(10000),
  principalUnavailable: z.boolean().nullish(),
  expectedCaseVersion: z.number().int().min(0),
});

@InputType({ description: 'An act on a proposal: recommend, approve or reject.' })
export class ActOnProposalInput {
  @Field(() => ID, { description: 'The proposal.' }) proposalId: string;
  @Field(() => ProposalActionKind, { description: 'RECOMMEND, APPROVE or REJECT.' })
  action: ProposalActionKind;
  @Field({ description: 'Your reasons or recommendation, in words.' }) note: string;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'Record that the named decider is absent or unavailable, so you act as their deputy.',
  })
  principalUnavailable?: boolean | null;
  @Field(() => Int, {
    description:
      'The case version the act was decided on (Case.version), required: a case changed since (a repeated or stale call) is refused with CONFLICT.',
  })
  expectedCaseVersion!: number;
}

export const withdrawProposalSchema = z.strictObject({
  proposalId: z.uuid(),
  reason: z.string().trim().min(1).max(10000),
});

@InputType({ description: 'Withdrawing your own open proposal.' })
export class WithdrawProposalInput {
  @Field(() => ID, { description: 'The proposal.' }) proposalId: string;
  @Field({ description: 'Why it is withdrawn, in words (kept on the proposal’s record).' })
  reason: string;
}
