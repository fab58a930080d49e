/**
 * The oracle: which cases the councils' written retention rules make due, read
 * from the policy documents themselves (/work/shared/policies), in plain
 * TypeScript. It shares no code with the product: not the engine's
 * `retentionDueDate`, not its calendar, not the SQL.
 */

export type CaseStatus = 'open' | 'closed' | 'dormant' | 'purged';

export interface WrittenRestriction {
  status: 'active' | 'ended' | 'lifted';
  endsAt: Date | null;
  endedAt: Date | null;
}

export interface WrittenCase {
  id: string;
  status: CaseStatus;
  legalHold: boolean;
  lastActivityAt: Date;
  dormantAt: Date | null;
  restrictions: WrittenRestriction[];
}

export interface Due {
  ruleId: string;
  dueAt: Date;
}

/** A calendar period later, in UTC: the same day of the month, or the month's last day if it has none. */
function calendarLater(from: Date, months: number): Date {
  const index = from.getUTCFullYear() * 12 + from.getUTCMonth() + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const timeOfDay =
    from.getTime() - Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  return new Date(Date.UTC(year, month, Math.min(from.getUTCDate(), lastDay)) + timeOfDay);
}

const latest = (dates: Date[]): Date | null =>
  dates.length ? new Date(Math.max(...dates.map((d) => d.getTime()))) : null;

type WrittenRule = (c: WrittenCase) => Due | null;

/**
 * One entry per council, quoting its policy. A council whose policy sets no
 * period the software can act on has no entry: nothing of it is ever due.
 */
const WRITTEN: Record<string, WrittenRule> = {
  // "retained by the CRM for the duration of any restrictions ... The current retention
  // period is duration of the imposed restrictions plus 6 years" (Information Retention).
  // Read: while any restriction is still in force (active) nothing is due; then 6 years
  // after the last one ended (lifted or ended early: when it did; else its end date).
  // A case never restricted has no restriction duration: the text sets no date for it.
  southampton: (c) => {
    if (c.restrictions.some((r) => r.status === 'active')) return null;
    const end = latest(
      c.restrictions.map((r) => r.endedAt ?? r.endsAt).filter((d): d is Date => d !== null),
    );
    return end && { ruleId: 'restriction-end-plus-6-years', dueAt: calendarLater(end, 72) };
  },
  // "Dormant cases will be deleted 12 months after moving to this stage, if there is no
  // further activity within that period" (§7). Read: activity after dormancy restarts
  // the 12 months from that activity.
  'cheshire-west-and-chester': (c) => {
    if (c.status !== 'dormant' || !c.dormantAt) return null;
    const from = c.lastActivityAt > c.dormantAt ? c.lastActivityAt : c.dormantAt;
    return { ruleId: 'dormant-plus-12-months', dueAt: calendarLater(from, 12) };
  },
};

/**
 * The cases of one council a purge at `cutoff` must take: due on or before the
 * cutoff, not under legal hold, not purged already.
 */
export function duePurges(council: string, cases: WrittenCase[], cutoff: Date): Map<string, Due> {
  const rule = WRITTEN[council];
  const out = new Map<string, Due>();
  if (!rule) return out;
  for (const c of cases) {
    if (c.status === 'purged' || c.legalHold) continue;
    const due = rule(c);
    if (due && due.dueAt.getTime() <= cutoff.getTime()) out.set(c.id, due);
  }
  return out;
}
