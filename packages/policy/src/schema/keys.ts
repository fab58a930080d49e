import { z } from 'zod';

/** Keys are stable identifiers stored on cases and in audit rows, so they are plain kebab-case. */
export const key = z
  .string()
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    'should be a lower-case key with hyphens, e.g. chief-executive',
  );

/** A clause of the council's published policy a rule comes from, e.g. "§6.1". */
export const clause = z
  .string()
  .min(1)
  .optional()
  .describe('The clause of the published policy this rule comes from, e.g. "§6.1".');

/** One role key or several: any one of them may act. */
export const roleRefs = z.union([key, z.array(key).min(1)]);
export type RoleRefs = z.infer<typeof roleRefs>;

export function roleList(refs: RoleRefs | undefined): string[] {
  if (refs === undefined) return [];
  return typeof refs === 'string' ? [refs] : refs;
}

const positiveInt = z.number().int().positive();
export const months = positiveInt;
export const days = z.number().int().nonnegative();

/** Severity of a logged contact, lowest first; skip rules compare against this order. */
export const SEVERITIES = ['low', 'medium', 'high', 'extreme'] as const;
export const severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severity>;
