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

/**
 * The same fact as a lateral join `re` over `managed_case c`: one index probe of
 * the case's restrictions instead of two sub-selects each time the fact is read.
 */
export const RESTRICTION_ENDED_LATERAL = `cross join lateral (
      select case when bool_or(r.status = 'active') then null
                  else max(coalesce(r.ended_at, r.ends_at)) end as ended_at
        from restriction r where r.tenant_id = c.tenant_id and r.case_id = c.id) re`;

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
 * `restrictionEnded` is the SQL of that fact: the sub-selects by default, or
 * `re.ended_at` beside RESTRICTION_ENDED_LATERAL.
 */
export function retentionDueSql(
  policy: Policy,
  restrictionEnded: string = RESTRICTION_ENDED_SQL,
): string | null {
  if (!policy.retention.length) return null;
  const facts = {
    'restriction-ended': restrictionEnded,
    'case-dormant': 'c.dormant_at',
    'case-closed': 'c.closed_at',
  } as const;
  const parts = policy.retention.map((rule) => {
    const fact = facts[rule.trigger];
    const from = rule.resetByActivity
      ? `(case when c.last_activity_at > ${fact} then c.last_activity_at else ${fact} end)`
      : fact;
    const months = int(rule.after.years) * 12 + int(rule.after.months);
    const days = int(rule.after.days);
    return `((((${from}) at time zone 'UTC') + make_interval(months => ${months}) + make_interval(days => ${days})) at time zone 'UTC')`;
  });
  return parts.length === 1 ? parts[0]! : `greatest(${parts.join(', ')})`;
}
