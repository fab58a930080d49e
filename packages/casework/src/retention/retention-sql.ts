import type { Policy } from '@conduct/policy';

/**
 * The facts `retentionDueDate` is given, as SQL over `managed_case c`.
 * `restriction-ended` counts once no restriction of the case is active: the
 * latest end among them.
 */
export const RESTRICTION_ENDED_SQL = `(case when not exists (
      select 1 from restriction ra where ra.tenant_id = c.tenant_id and ra.case_id = c.id and ra.status = 'active')
    then (select max(coalesce(re.ended_at, re.ends_at)) from restriction re
           where re.tenant_id = c.tenant_id and re.case_id = c.id) end)`;

const FACT_SQL = {
  'restriction-ended': RESTRICTION_ENDED_SQL,
  'case-dormant': 'c.dormant_at',
  'case-closed': 'c.closed_at',
} as const;

const int = (n: number | undefined) => {
  const v = n ?? 0;
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`not a whole number of periods: ${n}`);
  return v;
};

/**
 * The engine's `retentionDueDate` for one policy as one SQL expression over
 * `managed_case c`, so the purge can select due cases in the database (and lock
 * them) instead of loading every case. Same rules: the period is added in UTC,
 * months first (clamped to the month's last day) then days; the clock restarts
 * at the last activity when the rule says so; the latest applicable rule wins
 * (`greatest` ignores rules not triggered); NULL when none has triggered.
 * Each row it selects is then confirmed with the engine itself.
 */
export function retentionDueSql(policy: Policy): string | null {
  if (!policy.retention.length) return null;
  const parts = policy.retention.map((rule) => {
    const fact = FACT_SQL[rule.trigger];
    const from = rule.resetByActivity
      ? `(case when c.last_activity_at > ${fact} then c.last_activity_at else ${fact} end)`
      : fact;
    const months = int(rule.after.years) * 12 + int(rule.after.months);
    const days = int(rule.after.days);
    return `((((${from}) at time zone 'UTC') + make_interval(months => ${months}) + make_interval(days => ${days})) at time zone 'UTC')`;
  });
  return parts.length === 1 ? parts[0]! : `greatest(${parts.join(', ')})`;
}
