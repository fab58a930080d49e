import type { Policy } from '../schema/policy';

export function longDate(d: Date): string {
  return d.toLocaleDateString('en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

/** One line per measure, with its parameters in words. */
export function describeRestrictions(
  policy: Policy,
  restrictions: { type: string; parameters: unknown }[],
): string {
  return restrictions
    .map((r) => {
      const type = policy.restrictionTypes[r.type];
      const params = (r.parameters ?? {}) as Record<string, unknown>;
      const details = Object.entries(params)
        .map(
          ([name, value]) =>
            `${type?.parameters[name]?.label ?? name}: ${valueInWords(policy, value)}`,
        )
        .join('; ');
      return `- ${type?.label ?? r.type}${details ? ` (${details})` : ''}`;
    })
    .join('\n');
}

function valueInWords(policy: Policy, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => valueInWords(policy, v)).join(', ');
  if (value && typeof value === 'object' && 'from' in value && 'to' in value) {
    const w = value as { from: unknown; to: unknown };
    return `${String(w.from)} to ${String(w.to)}`;
  }
  if (typeof value === 'string') return policy.channels[value]?.label ?? value;
  return String(value);
}
