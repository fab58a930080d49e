import { z } from 'zod';
import { clause, roleRefs } from './keys';

export const roleSchema = z.strictObject({
  label: z.string().min(1),
  description: z.string().optional(),
  clause,
});

/** A pre-action check staff must attest before a decision (e.g. safeguarding considered). */
export const checkSchema = z.strictObject({ label: z.string().min(1), clause });

export const behaviourCategorySchema = z.strictObject({ label: z.string().min(1), clause });

export const channelSchema = z.strictObject({ label: z.string().min(1) });

export const PARAMETER_TYPES = [
  'officer',
  'channel',
  'weekdays',
  'time-window',
  'minutes',
  'count',
  'text',
] as const;

export const parameterSpecSchema = z.strictObject({
  type: z.enum(PARAMETER_TYPES),
  label: z.string().min(1),
  required: z.boolean().default(true),
});
export type ParameterSpec = z.infer<typeof parameterSpecSchema>;

const parameterName = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9]*$/, 'should be a camelCase parameter name, e.g. officer');

/** A kind of "special measure" and the parameters every instance of it must carry. */
export const restrictionTypeSchema = z.strictObject({
  label: z.string().min(1),
  parameters: z.record(parameterName, parameterSpecSchema).default({}),
  /**
   * Who alone may impose this measure (e.g. a bespoke "other special measure"
   * with a free-text description); absent: whoever decides the step.
   */
  authority: roleRefs.optional(),
  clause,
});
export type RestrictionType = z.infer<typeof restrictionTypeSchema>;
