import { z } from 'zod';
import { derestrictionSchema } from './appeals';
import {
  behaviourCategorySchema,
  channelSchema,
  checkSchema,
  referralSchema,
  restrictionTypeSchema,
  roleSchema,
} from './catalogues';
import { key, roleRefs } from './keys';
import {
  outcomeLettersSchema,
  disseminationSchema,
  legalHoldsSchema,
  letterSendingSchema,
  letterTemplateSchema,
  registerSchema,
  retentionRuleSchema,
  staffNotificationSchema,
} from './records';
import { stageSchema } from './stages';

/** One council's managed-contact policy: everything the engine needs, nothing it hard-codes. */
export const policySchema = z
  .strictObject({
    slug: key.describe("The council's key in Conduct, e.g. maidstone."),
    name: z.string().min(1).describe("The council's name, as letters print it."),
    source: z
      .strictObject({
        title: z.string().describe('The title of the published policy.'),
        version: z.string().optional().describe('Its version.'),
        effective: z.string().optional().describe('The date it took effect.'),
      })
      .optional()
      .describe('The published policy this file follows.'),
    population: z
      .number()
      .int()
      .positive()
      .describe('Residents served; used for per-head benchmarking figures.'),
    benchmarking: z
      .strictObject({
        optIn: z
          .boolean()
          .describe("Whether the council shares anonymised figures (and so sees others')."),
      })
      .describe('Participation in anonymised benchmarking.'),
    roles: z.record(key, roleSchema).describe('The posts the policy names, by key.'),
    checks: z
      .record(key, checkSchema)
      .default({})
      .describe('Pre-action checks staff attest, by key.'),
    behaviourCategories: z
      .record(key, behaviourCategorySchema)
      .describe('How logged contacts are classified, by key.'),
    channels: z.record(key, channelSchema).describe('How customers make contact, by key.'),
    restrictionTypes: z
      .record(key, restrictionTypeSchema)
      .describe('The measures the policy allows, by key.'),
    initialStage: key.describe('The stage a new case starts at.'),
    stages: z.record(key, stageSchema).describe('The stage model, by key.'),
    derestriction: derestrictionSchema.optional(),
    letters: z.record(key, letterTemplateSchema).describe('Letter templates, by key.'),
    outcomeLetters: outcomeLettersSchema,
    letterSending: letterSendingSchema,
    register: registerSchema,
    retention: z
      .array(retentionRuleSchema)
      .default([])
      .describe('Retention rules. Empty: nothing is destroyed automatically.'),
    dissemination: disseminationSchema,
    legalHolds: legalHoldsSchema.optional(),
    referrals: z
      .record(key, referralSchema)
      .default({})
      .describe('Referrals outside the policy that staff may record on a case, by key.'),
    notifications: z
      .array(staffNotificationSchema)
      .default([])
      .describe('Staff notifications on events the policy names.'),
    sensitiveFields: z
      .strictObject({
        safeguardingReaders: roleRefs.describe(
          'The roles that may read safeguarding and vulnerability notes.',
        ),
      })
      .describe('Who may read sensitive fields.'),
  })
  .describe(
    "One council's managed-contact policy: everything the engine needs, nothing it hard-codes.",
  );

export type Policy = z.infer<typeof policySchema>;
