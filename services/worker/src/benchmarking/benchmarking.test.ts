import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource, withTenant } from '@conduct/db';
import {
  createTestDatabase,
  seedBenchmarkCases,
  seedBenchmarkTenant,
  type SeedBenchmarkCase,
  type TestDatabase,
} from '@conduct/testing';
import { DISCLOSURE, distributionOf, mixTable, publish, emptyRawFigures } from '@conduct/casework';
import { runBenchmarkSnapshot } from './snapshot';

const POLICY = readFileSync(
  join(__dirname, '..', '..', '..', '..', 'tenants', 'maidstone', 'policy.yaml'),
  'utf8',
);
const NOW = new Date('2026-04-10T09:00:00Z');
const d = (s: string) => new Date(`${s}T10:00:00Z`);
const days = (from: Date, n: number) => new Date(from.getTime() + n * 86_400_000);

/** Cases opened in 2026-Q1 reaching warning / restriction, with nothing else. */
function plainCases(n: number, warned = 0, restricted = 0): SeedBenchmarkCase[] {
  return Array.from({ length: n }, (_, i) => ({
    openedAt: d(`2026-0${1 + (i % 3)}-1${i % 9}`),
    stage: i < restricted ? 'policy-applied' : i < warned ? 'warning' : 'concern',
    movedTo: i < restricted ? ['warning', 'policy-applied'] : i < warned ? ['warning'] : [],
  }));
}

/**
 * Council A, worked by hand in the README's definitions. 12 live cases and 3
 * purged ones opened in 2026-Q1, one live case opened in 2026-Q2.
 */
function councilA(): SeedBenchmarkCase[] {
  const cases: SeedBenchmarkCase[] = [];
  for (let i = 1; i <= 12; i += 1) {
    const openedAt = d(`2026-01-${String(i + 1).padStart(2, '0')}`);
    const restricted = i <= 5;
    const warned = i <= 6;
    const contacts = [
      {
        at: days(openedAt, -5),
        channel: 'telephone',
        categories: [
          'repeat-enquiries',
          ...(warned ? ['threats'] : []),
          ...(restricted ? ['swearing'] : []),
        ],
      },
      ...(i <= 8
        ? [{ at: days(openedAt, 1), channel: 'email', categories: ['repeat-enquiries'] }]
        : []),
      ...(i <= 3 ? [{ at: days(openedAt, 2), channel: 'letter', categories: [] }] : []),
    ];
    const startsAt = days(openedAt, 10 * i); // first contact 5 days before opening: 15, 25, 35, 45, 55 days
    const restriction = !restricted
      ? undefined
      : [
          {
            types: ['single-point-of-contact', 'call-time-limit'],
            startsAt,
            endsAt: days(startsAt, 365),
            status: 'ended' as const,
            endedAt: days(startsAt, 90),
          },
          { types: ['single-point-of-contact'], startsAt, endsAt: days(startsAt, 180) },
          { types: ['single-point-of-contact', 'single-channel'], startsAt, endsAt: null },
          {
            types: ['single-point-of-contact', 'call-time-limit'],
            startsAt,
            endsAt: days(startsAt, 200),
            status: 'lifted' as const,
            endedAt: days(startsAt, 30),
          },
          {
            types: ['single-point-of-contact', 'call-time-limit'],
            startsAt,
            endsAt: days(startsAt, 60),
            status: 'ended' as const,
            endedAt: days(startsAt, 60),
          },
        ][i - 1];
    cases.push({
      openedAt,
      stage: restricted ? 'policy-applied' : warned ? 'warning' : 'concern',
      movedTo: restricted ? ['warning', 'policy-applied'] : warned ? ['warning'] : [],
      contacts,
      restriction,
      customerName: `Canary Customer A${i}`,
    });
  }
  // Reviews (by due date, whatever the case's opening): 11 due dates in 2026-Q1 have passed or were answered, 8 on time.
  Object.assign(cases[0]!, {
    firstReviewDueAt: d('2026-01-25'), // set by the restriction (Jan 4), answered Jan 20: on time
    reviews: [
      { reviewedAt: d('2026-01-20'), nextDueAt: d('2026-02-15') },
      { reviewedAt: d('2026-02-14'), nextDueAt: d('2026-03-15') }, // Feb 15 on time
      { reviewedAt: d('2026-03-20'), nextDueAt: d('2026-06-15') }, // Mar 15 late; Jun 15 not yet due
    ],
    reviewDueAt: d('2026-06-15'),
  });
  Object.assign(cases[1]!, {
    firstReviewDueAt: d('2026-01-26'), // answered Jan 25: on time
    reviews: [
      { reviewedAt: d('2026-01-25'), nextDueAt: d('2026-02-20') },
      { reviewedAt: new Date('2026-02-20T23:00:00Z'), nextDueAt: d('2026-03-01') }, // Feb 20 on time (same day)
    ],
    reviewDueAt: d('2026-03-01'), // outstanding and passed: late
  });
  // First due dates, outstanding: late (counted once, though both the decision and the case hold it), not yet due.
  Object.assign(cases[2]!, { firstReviewDueAt: d('2026-03-10'), reviewDueAt: d('2026-03-10') });
  Object.assign(cases[3]!, { firstReviewDueAt: d('2026-05-01'), reviewDueAt: d('2026-05-01') });
  Object.assign(cases[4]!, {
    firstReviewDueAt: d('2026-01-10'), // answered Jan 10, the same day: on time
    status: 'closed',
    reviews: [{ reviewedAt: d('2026-01-10'), nextDueAt: d('2026-02-01') }], // lapsed: the case closed
  });
  Object.assign(cases[5]!, {
    reviews: [
      { reviewedAt: d('2026-01-05'), nextDueAt: d('2026-01-31') },
      { reviewedAt: d('2026-01-30'), nextDueAt: d('2026-02-28') },
      { reviewedAt: d('2026-02-27'), nextDueAt: d('2026-03-31') },
      { reviewedAt: d('2026-03-30'), nextDueAt: d('2026-07-01') },
    ],
    reviewDueAt: d('2026-07-01'),
  });
  // Appeals: 3 upheld, 1 varied, 3 dismissed, 1 undecided (plus 2 on purged cases).
  cases[0]!.appeals = ['upheld', 'dismissed'];
  cases[1]!.appeals = ['upheld', 'varied'];
  cases[2]!.appeals = ['upheld', 'dismissed'];
  cases[3]!.appeals = ['dismissed', 'lodged'];
  // Derestriction: 2 granted, 3 refused, 1 pending.
  cases[0]!.derestriction = ['granted', 'refused'];
  cases[1]!.derestriction = ['granted', 'refused'];
  cases[2]!.derestriction = ['refused', 'pending'];
  // Opened in the second quarter: counts in the year, not in Q1.
  cases.push({
    openedAt: d('2026-04-02'),
    stage: 'warning',
    movedTo: ['warning'],
    customerName: 'Canary Customer A13',
  });
  return cases;
}

describe('benchmarking snapshot', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.appUrl, 'app', 5);
    await ds.initialize();
    const councils = [
      { slug: 'council-a', name: 'Council A', population: 200_000, optIn: true },
      { slug: 'council-b', name: 'Council B', population: 100_000, optIn: true },
      { slug: 'council-c', name: 'Council C', population: 400_000, optIn: true },
      { slug: 'council-d', name: 'Council D', population: 50_000, optIn: true },
      { slug: 'council-e', name: 'Council E', population: 100_000, optIn: true },
      { slug: 'council-f', name: 'Council F', population: 100_000, optIn: true },
      { slug: 'council-g', name: 'Council G', population: 200_000, optIn: true },
    ];
    for (const c of councils) {
      const seeded = await seedBenchmarkTenant(ds, c, POLICY);
      ids[c.slug] = seeded.tenantId;
      await withTenant(ds, seeded.tenantId, async (em) => {
        if (c.slug === 'council-a') {
          await seedBenchmarkCases(em, seeded, councilA(), [
            {
              openedMonth: '2026-02-01',
              finalStage: 'closed',
              finalStageKind: 'closed',
              stagesReached: ['warning', 'policy-applied', 'closed'],
              restrictionTypes: ['single-point-of-contact', 'call-time-limit'],
              appealOutcomes: ['dismissed'],
            },
            {
              openedMonth: '2026-03-01',
              finalStage: 'closed',
              finalStageKind: 'closed',
              stagesReached: ['warning', 'closed'],
              appealOutcomes: ['upheld'],
            },
            {
              openedMonth: '2026-03-01',
              finalStage: 'concern',
              finalStageKind: 'open',
              stagesReached: [],
            },
          ]);
        } else {
          const n = {
            'council-b': 10,
            'council-c': 20,
            'council-d': 3,
            'council-e': 50,
            'council-f': 20,
            'council-g': 5,
          }[c.slug]!;
          await seedBenchmarkCases(em, seeded, plainCases(n, Math.ceil(n / 2), Math.ceil(n / 4)));
        }
      });
    }
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  const figures = async (tenantId: string, period: string) =>
    withTenant(ds, tenantId, async (em) => {
      const rows = (await em.query(
        `select metric, category, value, count, base, suppression from benchmark_snapshot where period = $1`,
        [period],
      )) as {
        metric: string;
        category: string;
        value: number | null;
        count: number | null;
        base: number | null;
        suppression: string | null;
      }[];
      return new Map(rows.map((r) => [`${r.metric}/${r.category}`, r]));
    });

  it('matches a hand computation for one council (2026-Q1)', async () => {
    // E opts out before the first run.
    await ds.query(`update tenant set benchmarking_opt_in = false where id = $1`, [
      ids['council-e'],
    ]);
    const result = await runBenchmarkSnapshot(ds, { periods: ['2026-Q1', '2026'], now: NOW });
    expect(result).toMatchObject({ participants: 6, periods: ['2026', '2026-Q1'] });

    const a = await figures(ids['council-a']!, '2026-Q1');
    const v = (key: string) => a.get(key);
    // 12 live + 3 purged cases opened in Q1: 15; per 100,000 of 200,000: 7.5.
    expect(v('cases-opened/')).toMatchObject({ value: 15, count: 15, suppression: null });
    expect(v('cases-per-100k/')).toMatchObject({ value: 7.5 });
    // Warning: 6 live + 2 purged = 8 → 10 of 15 = 66.7%. Restriction: 5 live + 1 purged = 6 → 5 of 15 = 33.3%.
    expect(v('warning-share/')).toMatchObject({ value: 66.7, count: 10, base: 15 });
    expect(v('restriction-share/')).toMatchObject({ value: 33.3, count: 5, base: 15 });
    // First contact 5 days before opening, restriction 10/20/30/40/50 days after: median of 15..55 = 35.
    expect(v('days-to-restriction/')).toMatchObject({ value: 35, base: 5 });
    // Lengths known for 4 cases only (one is indefinite): suppressed.
    expect(v('restriction-length/')).toMatchObject({ value: null, suppression: 'small-base' });
    // 11 counted due dates, 8 on time → rounded to 5s, 10 of 10 = 100%.
    expect(v('reviews-on-time/')).toMatchObject({ value: 100, count: 10, base: 10 });
    // 8 live + 2 purged appeals = 10; decided 7 + 2 = 9 → 10; upheld or varied 4 + 1 = 5 → 50%.
    expect(v('appeals-lodged/')).toMatchObject({ value: 10 });
    expect(v('appeals-upheld/')).toMatchObject({ value: 50, count: 5, base: 10 });
    expect(v('derestriction-requests/')).toMatchObject({ value: 5 });
    // Derestriction outcomes 2/3/1 of 6: every cell under 5.
    expect(v('derestriction-outcomes/')).toMatchObject({ count: 5 });
    for (const o of ['granted', 'refused', 'pending']) {
      expect(v(`derestriction-outcomes/${o}`)).toMatchObject({
        value: null,
        count: null,
        suppression: 'small-count',
      });
    }
    // Restriction types over 6 restricted cases (5): SPOC 6 → 5 = 100%; call-time-limit 4 and single-channel 1 suppressed.
    expect(v('restriction-types/single-point-of-contact')).toMatchObject({
      value: 100,
      count: 5,
      base: 5,
    });
    expect(v('restriction-types/call-time-limit')).toMatchObject({ suppression: 'small-count' });
    expect(v('restriction-types/single-channel')).toMatchObject({ suppression: 'small-count' });
    // Channels over 12 cases with contacts (10): telephone 12 → 10; letter 3 suppressed, so email (8, next smallest) too.
    expect(v('contact-channels/telephone')).toMatchObject({ value: 100, count: 10, base: 10 });
    expect(v('contact-channels/letter')).toMatchObject({ value: null, suppression: 'small-count' });
    expect(v('contact-channels/email')).toMatchObject({ value: null, suppression: 'secondary' });
    expect(v('behaviour-categories/threats')).toMatchObject({ value: 50, count: 5 });
    expect(v('behaviour-categories/swearing')).toMatchObject({ value: 50, count: 5 });

    // The year also has the case opened in April.
    const year = await figures(ids['council-a']!, '2026');
    expect(year.get('cases-opened/')).toMatchObject({ value: 15 }); // 16 rounds to 15
    expect(year.get('warning-share/')).toMatchObject({ value: 66.7 }); // 9 → 10 of 15
  });

  it('publishes the peer distribution without tenants and from 3 councils up', async () => {
    const rows = (await ds.query(
      `select metric, category, peer_count, median, lower_quartile, upper_quartile from benchmark_distribution where period = '2026-Q1'`,
    )) as {
      metric: string;
      category: string;
      peer_count: number;
      median: number;
      lower_quartile: number | null;
      upper_quartile: number | null;
    }[];
    const cols = (await ds.query(
      `select column_name from information_schema.columns where table_name = 'benchmark_distribution'`,
    )) as { column_name: string }[];
    expect(cols.map((c) => c.column_name)).not.toContain('tenant_id');
    // Per 100,000: A 7.5, B 10, C 5, F 20, G 2.5 (D has 3 cases: suppressed; E opted out).
    const per100k = rows.find((r) => r.metric === 'cases-per-100k');
    expect(per100k).toMatchObject({
      peer_count: 5,
      median: 7.5,
      lower_quartile: 5,
      upper_quartile: 10,
    });
    for (const r of rows) {
      expect(r.peer_count).toBeGreaterThanOrEqual(DISCLOSURE.minPeers);
      if (r.peer_count < DISCLOSURE.minPeersForQuartiles) expect(r.lower_quartile).toBeNull();
    }
    // Days to restriction: only A has 5 restricted cases with dates: no distribution.
    expect(rows.find((r) => r.metric === 'days-to-restriction')).toBeUndefined();
  });

  it('leaves a council that opted out nowhere, and removes it when it opts out later', async () => {
    const count = async (tenantId: string) =>
      withTenant(ds, tenantId, async (em) => {
        const [r] = (await em.query(`select count(*)::int as n from benchmark_snapshot`)) as {
          n: number;
        }[];
        return r!.n;
      });
    expect(await count(ids['council-e']!)).toBe(0);

    // Opt E in: 50 cases per 100,000 joins the distribution.
    await ds.query(`update tenant set benchmarking_opt_in = true where id = $1`, [
      ids['council-e'],
    ]);
    await runBenchmarkSnapshot(ds, { periods: ['2026-Q1'], now: NOW });
    expect(await count(ids['council-e']!)).toBeGreaterThan(0);
    const [withE] = (await ds.query(
      `select peer_count, median from benchmark_distribution where period = '2026-Q1' and metric = 'cases-per-100k'`,
    )) as { peer_count: number; median: number }[];
    expect(withE).toMatchObject({ peer_count: 6, median: 8.8 });

    // Opt out again: a run for another period still clears E's figures and recomputes 2026-Q1 without it.
    await ds.query(`update tenant set benchmarking_opt_in = false where id = $1`, [
      ids['council-e'],
    ]);
    const result = await runBenchmarkSnapshot(ds, { periods: ['2025'], now: NOW });
    expect(result.withdrawn).toBe(1);
    expect(result.periods).toEqual(['2025', '2026-Q1']);
    expect(await count(ids['council-e']!)).toBe(0);
    const [withoutE] = (await ds.query(
      `select peer_count, median from benchmark_distribution where period = '2026-Q1' and metric = 'cases-per-100k'`,
    )) as { peer_count: number; median: number }[];
    expect(withoutE).toMatchObject({ peer_count: 5, median: 7.5 });
  });

  it('stores nothing but published figures: no value beside a suppression', async () => {
    // As the database owner (past row-level security): every council's rows.
    const owner = createDataSource(db.ownerUrl, 'owner', 1);
    await owner.initialize();
    try {
      const [bad] = (await owner.query(
        `select count(*) filter (where suppression is not null and (value is not null or count is not null))::int as bad,
                count(*) filter (where suppression is not null)::int as suppressed,
                count(*) filter (where count % 5 <> 0 or base % 5 <> 0)::int as unrounded
           from benchmark_snapshot`,
      )) as { bad: number; suppressed: number; unrounded: number }[];
      expect(bad).toEqual({ bad: 0, suppressed: expect.any(Number), unrounded: 0 });
      expect(bad!.suppressed).toBeGreaterThan(0);
    } finally {
      await owner.destroy();
    }
    const d3 = await figures(ids['council-d']!, '2026-Q1');
    expect(d3.get('cases-opened/')).toMatchObject({
      value: null,
      count: null,
      suppression: 'small-count',
    });
    expect(d3.get('cases-per-100k/')).toMatchObject({ value: null, suppression: 'small-base' });
  });
});

describe('disclosure control', () => {
  it('suppresses cells under 5 and rounds counts to the nearest 5', () => {
    const raw = emptyRawFigures(100_000);
    raw.casesOpened = 4;
    expect(publish(raw).find((f) => f.metric === 'cases-opened')).toMatchObject({
      value: null,
      suppression: 'small-count',
    });
    raw.casesOpened = 7;
    raw.reachedWarning = 2;
    const out = publish(raw);
    expect(out.find((f) => f.metric === 'cases-opened')).toMatchObject({ value: 5, count: 5 });
    expect(out.find((f) => f.metric === 'warning-share')).toMatchObject({
      value: null,
      suppression: 'small-count',
    });
    expect(out.find((f) => f.metric === 'cases-per-100k')).toMatchObject({ value: 5 });
  });

  it('suppresses the next-smallest cell when exactly one cell of a mix is suppressed', () => {
    const rows = mixTable('contact-channels', 30, { telephone: 20, email: 9, letter: 6, fax: 2 });
    const by = Object.fromEntries(rows.map((r) => [r.category, r]));
    expect(by.fax).toMatchObject({ suppression: 'small-count', value: null });
    expect(by.letter).toMatchObject({ suppression: 'secondary', value: null });
    expect(by.email).toMatchObject({ suppression: null, count: 10 });
    const two = mixTable('contact-channels', 30, { telephone: 20, letter: 3, fax: 2 });
    expect(two.filter((r) => r.suppression === 'secondary')).toHaveLength(0);
    expect(
      mixTable('contact-channels', 4, { telephone: 4 }).every(
        (r) => r.suppression === 'small-base',
      ),
    ).toBe(true);
  });

  it('shows a distribution only from 3 councils, quartiles from 5', () => {
    expect(distributionOf([1, 2])).toBeNull();
    expect(distributionOf([1, 2, 3])).toEqual({
      peerCount: 3,
      median: 2,
      lowerQuartile: null,
      upperQuartile: null,
    });
    expect(distributionOf([1, 2, 3, 4, 5])).toEqual({
      peerCount: 5,
      median: 3,
      lowerQuartile: 2,
      upperQuartile: 4,
    });
  });
});
