import { z } from 'zod';
import { clause, key } from './keys';

export const letterSectionSchema = z.strictObject({
  key,
  heading: z.string().min(1),
  /** What the section is for; why / what / how-long / appeal are required in every restriction letter. */
  purpose: z.enum(['why', 'what', 'how-long', 'appeal', 'review', 'other']),
  text: z.string().min(1),
});

export const letterTemplateSchema = z.strictObject({
  title: z.string().min(1),
  sections: z.array(letterSectionSchema).min(1),
  clause,
});
export type LetterTemplate = z.infer<typeof letterTemplateSchema>;

/**
 * The letter written for each decision outside a transition or a review:
 * appeal and derestriction outcomes, and measures reaching their end date.
 * A decision whose letter is not named here is refused (the customer is always
 * told in writing); `notWritten` lists the outcomes the policy lets go unwritten.
 */
export const outcomeLettersSchema = z
  .strictObject({
    appeal: z.partialRecord(z.enum(['upheld', 'varied', 'dismissed']), key).default({}),
    derestriction: z.partialRecord(z.enum(['granted', 'refused']), key).default({}),
    expiry: key.optional(),
    notWritten: z
      .array(
        z.enum([
          'appeal.upheld',
          'appeal.varied',
          'appeal.dismissed',
          'derestriction.granted',
          'derestriction.refused',
          'expiry',
        ]),
      )
      .default([]),
    clause,
  })
  .prefault({});
export type OutcomeLetters = z.infer<typeof outcomeLettersSchema>;

export const registerSchema = z.strictObject({
  keptBy: z.string().min(1),
  columns: z.array(z.strictObject({ key, label: z.string().min(1), clause })).min(1),
  clause,
});

export const retentionRuleSchema = z.strictObject({
  id: key,
  trigger: z.enum(['restriction-ended', 'case-dormant', 'case-closed']),
  after: z
    .strictObject({
      years: z.number().int().nonnegative().optional(),
      months: z.number().int().nonnegative().optional(),
      days: z.number().int().nonnegative().optional(),
    })
    .refine((a) => a.years !== undefined || a.months !== undefined || a.days !== undefined, {
      message: 'give years, months or days',
    }),
  action: z.enum(['destroy', 'anonymise']),
  /** Cheshire §7: the clock restarts if there is further activity on the case. */
  resetByActivity: z.boolean().default(false),
  clause,
});
export type RetentionRule = z.infer<typeof retentionRuleSchema>;

export const disseminationSchema = z.strictObject({
  audiences: z.array(z.strictObject({ key, label: z.string().min(1), clause })).default([]),
  electedMembers: z.strictObject({
    arrangement: z.enum(['informed', 'opt-in', 'opt-out', 'not-informed']),
    clause,
  }),
});
