import { z } from 'zod';
import { clause, key, roleRefs } from './keys';

const ombudsmanText = z
  .string({ error: 'a decision with no appeal route must give the Ombudsman signpost text' })
  .min(1, 'a decision with no appeal route must give the Ombudsman signpost text');

export const appealRouteSchema = z
  .discriminatedUnion('route', [
    z.strictObject({
      route: z.literal('internal').describe('The council hears appeals itself.'),
      hearer: roleRefs.describe('The role(s) that hear the appeal; any one of them may.'),
      timeLimitDays: z
        .number()
        .int()
        .positive()
        .optional()
        .describe(
          'Days after the decision within which the customer may appeal. Absent: the policy sets no time limit, so none is enforced.',
        ),
      ombudsman: z
        .string()
        .min(1)
        .optional()
        .describe('The Ombudsman signpost given after the appeal, in the letter.'),
      clause,
    }),
    z.strictObject({
      route: z.literal('none').describe('No internal appeal: the customer is signposted onwards.'),
      ombudsman: ombudsmanText.describe(
        'The Ombudsman signpost the letter gives instead of an appeal.',
      ),
      clause,
    }),
  ])
  .describe(
    'How the customer may challenge a decision: route internal (with the hearer) or route none (with the Ombudsman text).',
  );
export type AppealRoute = z.infer<typeof appealRouteSchema>;

/** London §9: the customer may ask for restrictions to be lifted, but not too soon. */
export const derestrictionSchema = z
  .strictObject({
    decidedBy: roleRefs.describe(
      "The role(s) that decide a customer's request to lift restrictions.",
    ),
    consultations: z
      .array(key)
      .default([])
      .describe(
        'Roles that must be consulted, and the consultation recorded, before the decision.',
      ),
    minConsultations: z
      .number()
      .int()
      .nonnegative()
      .default(0)
      .describe(
        'At least this many consultations (with any role, who and what they advised) recorded for the request before it is decided, e.g. London §9 "will consult with such staff as he considers appropriate".',
      ),
    notBefore: z
      .strictObject({
        fractionOfPeriod: z
          .number()
          .gt(0)
          .lt(1)
          .describe(
            'Share of a fixed restriction period that must have passed, e.g. 0.5 for half.',
          ),
        indefiniteMonths: z
          .number()
          .int()
          .positive()
          .describe('Months that must have passed when the restriction is indefinite.'),
      })
      .optional()
      .describe('How soon a request may be made. Absent: at any time.'),
    exceptionalCircumstancesOverride: z
      .boolean()
      .default(false)
      .describe('Whether exceptional circumstances allow a request before notBefore.'),
    appeal: appealRouteSchema.optional(),
    clause,
  })
  .describe(
    "The customer's request to lift restrictions (e.g. London §9): who decides and how soon it may be made.",
  );
