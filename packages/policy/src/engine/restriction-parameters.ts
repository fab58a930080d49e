import { z } from 'zod';
import type { ParameterSpec } from '../schema/catalogues';
import type { Policy } from '../schema/policy';
import type { Reason } from './case-state';
import { reason } from './reasons';

const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time such as 09:30');

function valueSchema(policy: Policy, spec: ParameterSpec): z.ZodType {
  switch (spec.type) {
    case 'officer':
      return z.string().min(1, 'name the officer');
    case 'channel':
      return z.enum(Object.keys(policy.channels) as [string, ...string[]]);
    case 'weekdays':
      return z.array(z.enum(WEEKDAYS)).min(1);
    case 'time-window':
      return z
        .strictObject({ from: clock, to: clock })
        .refine((w) => w.from < w.to, 'the window must end after it starts');
    case 'minutes':
    case 'count':
      return z.number().int().positive();
    case 'text':
      return z.string().min(1);
    case 'staff-user':
      return z.uuid('the id of a staff user of the council');
  }
}

/** Each measure must be in the council's catalogue and carry the parameters it defines. */
export function restrictionReasons(
  policy: Policy,
  restrictions: { type: string; parameters: unknown }[],
): Reason[] {
  const reasons: Reason[] = [];
  restrictions.forEach((r, i) => {
    const type = policy.restrictionTypes[r.type];
    if (!type) {
      reasons.push(
        reason(
          'UNKNOWN_RESTRICTION',
          `Restriction ${i + 1}: '${r.type}' is not a measure in this council's policy.`,
        ),
      );
      return;
    }
    const shape = Object.fromEntries(
      Object.entries(type.parameters).map(([name, spec]) => {
        const schema = valueSchema(policy, spec);
        return [name, spec.required ? schema : schema.optional()];
      }),
    );
    const result = z.strictObject(shape).safeParse(r.parameters ?? {});
    if (!result.success) {
      for (const issue of result.error.issues) {
        const name = String(issue.path[0] ?? '');
        const label = type.parameters[name]?.label ?? name;
        const problem =
          issue.code === 'unrecognized_keys'
            ? `unexpected detail(s) ${issue.keys.join(', ')}`
            : issue.code === 'invalid_type' && issue.message.includes('undefined')
              ? `${label} is missing`
              : `${label}: ${issue.message}`;
        reasons.push(
          reason('RESTRICTION_PARAMETERS', `Restriction ${i + 1} (${type.label}): ${problem}.`),
        );
      }
    }
  });
  return reasons;
}
