import { z } from 'zod';
import { clause, key, roleRefs } from './keys';

const ombudsmanText = z
  .string({ error: 'a decision with no appeal route must give the Ombudsman signpost text' })
  .min(1, 'a decision with no appeal route must give the Ombudsman signpost text');

export const appealRouteSchema = z.discriminatedUnion('route', [
  z.strictObject({
    route: z.literal('internal'),
    hearer: roleRefs,
    /** Absent means the policy sets no time limit, so none is enforced. */
    timeLimitDays: z.number().int().positive().optional(),
    ombudsman: z.string().min(1).optional(),
    clause,
  }),
  z.strictObject({ route: z.literal('none'), ombudsman: ombudsmanText, clause }),
]);
export type AppealRoute = z.infer<typeof appealRouteSchema>;

/** London §9: the customer may ask for restrictions to be lifted, but not too soon. */
export const derestrictionSchema = z.strictObject({
  decidedBy: roleRefs,
  consultations: z.array(key).default([]),
  notBefore: z
    .strictObject({
      fractionOfPeriod: z.number().gt(0).lt(1),
      indefiniteMonths: z.number().int().positive(),
    })
    .optional(),
  exceptionalCircumstancesOverride: z.boolean().default(false),
  appeal: appealRouteSchema.optional(),
  clause,
});
