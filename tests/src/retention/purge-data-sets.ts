import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { CaseStatus, WrittenCase } from './written-rules';

/** Two councils with different retention rules, and one with none. */
export const COUNCILS = ['southampton', 'cheshire-west-and-chester', 'maidstone'] as const;
export type Council = (typeof COUNCILS)[number];

const DAY = 86_400_000;

/**
 * A date said in calendar terms from the cutoff (months back, day of month,
 * then a shift), so that due dates land on the cutoff itself, a millisecond
 * either side, or on a clamped month end (29 February plus 6 years) often.
 */
export interface DateSpec {
  monthsBack: number;
  /** 'same': the cutoff's day of the month, or the month's last day if the cutoff is on its last. */
  day: number | 'same';
  shiftMs: number;
}

export interface RestrictionSpec {
  status: 'active' | 'ended' | 'lifted';
  /** null: indefinite. */
  ends: DateSpec | null;
  /** When an ended or lifted restriction stopped; 'at-end' as the expiry job records it. */
  ended: DateSpec | 'at-end';
}

export interface CaseSpec {
  status: CaseStatus;
  legalHold: boolean;
  /** Which of the council's activated policy versions the case is pinned to. */
  version: number;
  /** Another case's customer (a customer may have several cases), or a new one. */
  sharesCustomer: number | null;
  dormant: DateSpec;
  lastActivity: DateSpec;
  restrictions: RestrictionSpec[];
  contacts: number;
  letters: number;
  /** A contact logged against the customer but no case. */
  looseContact: boolean;
}

export interface DataSetSpec {
  cutoff: { day: { year: number; month: number; day: number }; msOfDay: number };
  /** The purge's clock runs on past the cutoff fixed at its start. */
  runLagMs: number;
  target: Council;
  batchSize: number;
  pageSize: number;
  cases: Record<Council, CaseSpec[]>;
}

const dateNear = (...monthsBack: number[]): fc.Arbitrary<DateSpec> =>
  fc.record({
    monthsBack: fc.oneof(
      { arbitrary: fc.constantFrom(...monthsBack), weight: 3 },
      { arbitrary: fc.integer({ min: -12, max: 120 }), weight: 1 },
    ),
    day: fc.oneof(
      { arbitrary: fc.constant('same' as const), weight: 3 },
      // Month ends (31: the last day, whatever the month).
      { arbitrary: fc.constantFrom(28, 29, 30, 31), weight: 1 },
      { arbitrary: fc.integer({ min: 1, max: 31 }), weight: 1 },
    ),
    shiftMs: fc.oneof(
      { arbitrary: fc.constantFrom(0, -1, 1, -DAY, DAY), weight: 3 },
      { arbitrary: fc.integer({ min: -40 * DAY, max: 40 * DAY }), weight: 1 },
    ),
  });

const restriction: fc.Arbitrary<RestrictionSpec> = fc.record({
  status: fc.constantFrom('active', 'ended', 'ended', 'lifted', 'lifted'),
  ends: fc.option(dateNear(71, 72, 73, 84), { freq: 4 }),
  ended: fc.oneof(fc.constant('at-end' as const), dateNear(71, 72, 73, 84)),
});

const STATUSES: Record<Council, CaseStatus[]> = {
  southampton: ['open', 'closed', 'closed', 'purged'],
  'cheshire-west-and-chester': ['open', 'closed', 'dormant', 'dormant', 'dormant', 'purged'],
  maidstone: ['open', 'closed', 'purged'],
};

const caseOf = (council: Council): fc.Arbitrary<CaseSpec> =>
  fc.record({
    status: fc.constantFrom(...STATUSES[council]),
    legalHold: fc.constantFrom(false, false, false, true),
    version: fc.nat(1),
    sharesCustomer: fc.option(fc.nat(4), { freq: 3 }),
    dormant: dateNear(11, 12, 13, 24),
    lastActivity: dateNear(0, 11, 12, 13, 24, 36),
    restrictions: fc.oneof(
      { arbitrary: fc.array(restriction, { minLength: 1, maxLength: 3 }), weight: 4 },
      { arbitrary: fc.constant<RestrictionSpec[]>([]), weight: 1 },
    ),
    contacts: fc.nat(2),
    letters: fc.nat(1),
    looseContact: fc.boolean(),
  });

const calendarDay = fc.record({
  year: fc.integer({ min: 2031, max: 2036 }),
  month: fc.integer({ min: 0, max: 11 }),
  day: fc.oneof(fc.constantFrom(1, 28, 29, 30, 31), fc.integer({ min: 1, max: 31 })),
});

/**
 * 28 February six years after 2028's leap day and one year after 2032's: a
 * period added to 29 February ends on the 28th, not on 1 March.
 */
const leapAnniversary = fc.constantFrom(2033, 2034).map((year) => ({ year, month: 1, day: 28 }));

export const dataSets: fc.Arbitrary<DataSetSpec> = fc.record({
  cutoff: fc.record({
    day: fc.oneof({ arbitrary: calendarDay, weight: 3 }, { arbitrary: leapAnniversary, weight: 1 }),
    msOfDay: fc.oneof(fc.constantFrom(0, DAY / 2, DAY - 1), fc.integer({ min: 0, max: DAY - 1 })),
  }),
  runLagMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 * DAY })),
  target: fc.constantFrom<Council>(
    'southampton',
    'southampton',
    'cheshire-west-and-chester',
    'cheshire-west-and-chester',
    'maidstone',
  ),
  // Small batches and pages half the time (keyset paging, one transaction per batch),
  // the defaults otherwise.
  batchSize: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constant(200)),
  pageSize: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constant(1000)),
  cases: fc.record({
    southampton: fc.array(caseOf('southampton'), { minLength: 1, maxLength: 6 }),
    'cheshire-west-and-chester': fc.array(caseOf('cheshire-west-and-chester'), {
      minLength: 1,
      maxLength: 6,
    }),
    maidstone: fc.array(caseOf('maidstone'), { maxLength: 3 }),
  }),
});

/** A generated case with everything the database needs besides the rule's facts. */
export interface GeneratedCase extends WrittenCase {
  customer: number;
  version: number;
  stage: string;
  openedAt: Date;
  closedAt: Date | null;
  contacts: number;
  letters: number;
  looseContact: boolean;
}

export interface DataSet {
  cutoff: Date;
  now: Date;
  cases: Record<Council, GeneratedCase[]>;
}

const lastDayOf = (year: number, month: number) =>
  new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

function dateAt(cutoff: Date, s: DateSpec): Date {
  const index = cutoff.getUTCFullYear() * 12 + cutoff.getUTCMonth() - s.monthsBack;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const cutoffDay = cutoff.getUTCDate();
  const monthEnd = cutoffDay === lastDayOf(cutoff.getUTCFullYear(), cutoff.getUTCMonth());
  const wanted = s.day !== 'same' ? s.day : monthEnd ? 31 : cutoffDay;
  const day = Math.min(wanted, lastDayOf(year, month));
  const msOfDay = cutoff.getTime() % DAY;
  return new Date(Date.UTC(year, month, day) + msOfDay + s.shiftMs);
}

const SIX_YEARS_BACK: DateSpec = { monthsBack: 72, day: 'same', shiftMs: 0 };

const STAGE: Record<CaseStatus, string> = {
  open: 'concern',
  closed: 'closed',
  dormant: 'dormant',
  purged: 'closed',
};

function caseFrom(
  spec: CaseSpec,
  index: number,
  earlier: GeneratedCase[],
  cutoff: Date,
): GeneratedCase {
  const at = (s: DateSpec) => dateAt(cutoff, s);
  const restrictions = spec.restrictions.map((r) => {
    const endsAt = r.ends && at(r.ends);
    if (r.status === 'active') return { status: r.status, endsAt, endedAt: null };
    // An indefinite restriction has no end to stop at: 'at-end' then means six years back.
    const endedAt = r.ended !== 'at-end' ? at(r.ended) : (endsAt ?? at(SIX_YEARS_BACK));
    return { status: r.status, endsAt, endedAt };
  });
  const dormantAt = spec.status === 'dormant' || spec.status === 'purged' ? at(spec.dormant) : null;
  const lastActivityAt = at(spec.lastActivity);
  const dates = [lastActivityAt, ...(dormantAt ? [dormantAt] : [])];
  for (const r of restrictions) dates.push(...[r.endsAt, r.endedAt].filter((d): d is Date => !!d));
  const openedAt = new Date(Math.min(...dates.map((d) => d.getTime())) - 30 * DAY);
  const shared =
    spec.sharesCustomer !== null && index > 0 ? earlier[spec.sharesCustomer % index] : undefined;
  return {
    id: randomUUID(),
    status: spec.status,
    legalHold: spec.legalHold,
    lastActivityAt,
    dormantAt,
    restrictions,
    customer: shared ? shared.customer : Math.max(-1, ...earlier.map((c) => c.customer)) + 1,
    version: spec.version,
    stage: STAGE[spec.status],
    openedAt,
    closedAt: spec.status === 'open' ? null : (dormantAt ?? lastActivityAt),
    contacts: spec.status === 'purged' ? 0 : spec.contacts,
    letters: spec.status === 'purged' ? 0 : spec.letters,
    looseContact: spec.looseContact,
  };
}

/** The spec with real dates and fresh ids (fresh on every run, shrinks included). */
export function resolveDataSet(spec: DataSetSpec): DataSet {
  const {
    day: { year, month, day },
    msOfDay,
  } = spec.cutoff;
  const cutoff = new Date(Date.UTC(year, month, Math.min(day, lastDayOf(year, month))) + msOfDay);
  const cases = {} as Record<Council, GeneratedCase[]>;
  for (const council of COUNCILS) {
    const out: GeneratedCase[] = [];
    spec.cases[council].forEach((c, i) => out.push(caseFrom(c, i, out, cutoff)));
    cases[council] = out;
  }
  return { cutoff, now: new Date(cutoff.getTime() + spec.runLagMs), cases };
}
