import type { DataSource } from 'typeorm';
import type { Logger } from '@conduct/config';
import { withTenant, type TenantEntityManager } from '@conduct/db';
import { parseBenchmarkPeriod, type BenchmarkPeriod } from '@conduct/jobs';
import { checkPolicyText } from '@conduct/policy';
import {
  distributionOf,
  emptyRawFigures,
  publish,
  type MixKey,
  type PublishedFigure,
  type RawFigures,
} from '@conduct/casework';
import {
  LIVE_COHORT_SQL,
  MIX_SQL,
  PURGED_COHORT_SQL,
  REVIEWS_SQL,
  type LiveCohortRow,
  type MixRow,
  type PurgedCohortRow,
  type ReviewsRow,
} from './snapshot-sql';

interface StageKind {
  pv: string;
  version: number;
  stage: string;
  kind: string;
}

const utcDay = (d: Date) => d.toISOString().slice(0, 10);

function periodsParam(periods: BenchmarkPeriod[]): string {
  return JSON.stringify(
    periods.map((p) => ({
      key: p.key,
      starts: p.start.toISOString(),
      ends: p.end.toISOString(),
      first_day: utcDay(p.start),
      after_day: utcDay(p.end),
    })),
  );
}

/** Stage kinds of every version of the tenant's policy: from the stored document, else the source. */
async function stageKinds(em: TenantEntityManager): Promise<StageKind[]> {
  const rows = (await em.query(
    `select id, version, document, source_text, source_format from policy_version where tenant_id = $1`,
    [em.tenantId],
  )) as {
    id: string;
    version: number;
    document: unknown;
    source_text: string;
    source_format: string;
  }[];
  const kinds: StageKind[] = [];
  for (const row of rows) {
    let stages = (row.document as { stages?: Record<string, { kind?: string }> } | null)?.stages;
    if (!stages) {
      const format = row.source_format === 'json' ? 'json' : 'yaml';
      stages = checkPolicyText(row.source_text, format).policy?.stages;
    }
    for (const [stage, def] of Object.entries(stages ?? {})) {
      if (def.kind) kinds.push({ pv: row.id, version: row.version, stage, kind: def.kind });
    }
  }
  return kinds;
}

/**
 * One council's unrounded figures for each period, read in its own
 * transaction. They stay in memory: only `publish`ed figures are stored.
 */
export async function computeTenantFigures(
  em: TenantEntityManager,
  population: number,
  periods: BenchmarkPeriod[],
  now: Date,
): Promise<Map<string, RawFigures>> {
  const out = new Map(periods.map((p) => [p.key, emptyRawFigures(population)]));
  if (!periods.length) return out;
  const tenantId = em.tenantId;
  const ps = periodsParam(periods);
  const kinds = JSON.stringify(await stageKinds(em));

  const live = (await em.query(LIVE_COHORT_SQL, [tenantId, ps, kinds])) as LiveCohortRow[];
  for (const r of live) {
    const f = out.get(r.period)!;
    f.casesOpened += r.cases;
    f.reachedWarning += r.warning;
    f.reachedRestriction += r.restriction;
    f.daysToRestriction = { median: r.days_median, n: r.days_n };
    f.restrictionLength = { median: r.length_median, n: r.length_n };
    f.appeals.lodged += r.appeals_lodged;
    f.appeals.decided += r.appeals_decided;
    f.appeals.upheld += r.appeals_upheld;
    f.derestrictionRequests += r.requests;
  }
  const purged = (await em.query(PURGED_COHORT_SQL, [tenantId, ps, kinds])) as PurgedCohortRow[];
  for (const r of purged) {
    const f = out.get(r.period)!;
    f.casesOpened += r.cases;
    f.reachedWarning += r.warning;
    f.reachedRestriction += r.restriction;
    f.appeals.lodged += r.appeals_lodged;
    f.appeals.decided += r.appeals_decided;
    f.appeals.upheld += r.appeals_upheld;
  }
  const mixes = (await em.query(MIX_SQL, [tenantId, ps])) as MixRow[];
  for (const r of mixes) {
    const table = out.get(r.period)!.mixes[r.mix as MixKey];
    if (r.category === null) table.base = r.n;
    else table.cells[r.category] = r.n;
  }
  const reviews = (await em.query(REVIEWS_SQL, [tenantId, ps, now.toISOString()])) as ReviewsRow[];
  for (const r of reviews) out.get(r.period)!.reviews = { due: r.due, onTime: r.on_time };
  return out;
}

/** Replaces the tenant's published figures for these periods. */
async function storeFigures(
  em: TenantEntityManager,
  periods: string[],
  figures: { period: string; figure: PublishedFigure }[],
  now: Date,
): Promise<void> {
  await em.query(
    `delete from benchmark_snapshot where tenant_id = $1 and period = any($2::text[])`,
    [em.tenantId, periods],
  );
  if (!figures.length) return;
  await em.query(
    `insert into benchmark_snapshot (tenant_id, period, metric, category, value, count, base, suppression, computed_at)
     select $1, x.period, x.metric, x.category, x.value, x.count, x.base, x.suppression, $2
       from unnest($3::text[], $4::text[], $5::text[], $6::float8[], $7::int[], $8::int[], $9::text[])
            as x(period, metric, category, value, count, base, suppression)`,
    [
      em.tenantId,
      now,
      figures.map((f) => f.period),
      figures.map((f) => f.figure.metric),
      figures.map((f) => f.figure.category),
      figures.map((f) => f.figure.value),
      figures.map((f) => f.figure.count),
      figures.map((f) => f.figure.base),
      figures.map((f) => f.figure.suppression),
    ],
  );
}

export interface SnapshotOptions {
  /** Period keys (`2026-Q1`, `2026`). */
  periods: string[];
  /** The run's time (stored as computed_at; reviews due before it count). */
  now: Date;
  /** Councils computed at once (each in its own transaction). */
  concurrency?: number;
  logger?: Logger;
}

export interface SnapshotResult {
  periods: string[];
  /** Councils whose figures were computed. */
  participants: number;
  /** Councils not taking part whose earlier figures were removed. */
  withdrawn: number;
  figures: number;
  distributions: number;
}

/**
 * The benchmarking run. Councils that have not opted in (or are suspended)
 * lose any figures they had, and the periods those figures were in are
 * recomputed, so they vanish from the peer distribution too. Each
 * participating council's figures are computed and stored inside its own
 * transaction; then the anonymous distribution of the published figures is
 * written to the platform table, replacing the rows of the periods computed.
 */
export async function runBenchmarkSnapshot(
  ds: DataSource,
  opts: SnapshotOptions,
): Promise<SnapshotResult> {
  const tenants = (await ds.query(
    `select id, population, benchmarking_opt_in, status from tenant order by id`,
  )) as { id: string; population: number; benchmarking_opt_in: boolean; status: string }[];
  const participants = tenants.filter((t) => t.benchmarking_opt_in && t.status === 'active');
  const others = tenants.filter((t) => !participants.includes(t));

  const keys = new Set(opts.periods.map((k) => parseBenchmarkPeriod(k).key));
  let withdrawn = 0;
  for (const t of others) {
    const removed = await withTenant(ds, t.id, async (em) => {
      const rows = (await em.query(
        `with gone as (delete from benchmark_snapshot where tenant_id = $1 returning period)
         select distinct period from gone`,
        [t.id],
      )) as { period: string }[];
      return rows.map((r) => r.period);
    });
    if (removed.length) withdrawn += 1;
    for (const k of removed) keys.add(k);
  }
  const periods = [...keys].sort().map(parseBenchmarkPeriod);
  const periodKeys = periods.map((p) => p.key);

  const values = new Map<
    string,
    { period: string; metric: string; category: string; values: number[] }
  >();
  let figureCount = 0;
  const queue = [...participants];
  const work = async () => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      const tenant = t;
      const published = await withTenant(ds, tenant.id, async (em) => {
        const raw = await computeTenantFigures(em, tenant.population, periods, opts.now);
        const figures = [...raw].flatMap(([period, r]) =>
          publish(r).map((figure) => ({ period, figure })),
        );
        await storeFigures(em, periodKeys, figures, opts.now);
        return figures;
      });
      figureCount += published.length;
      for (const { period, figure } of published) {
        if (figure.value === null) continue;
        const key = `${period}\u0000${figure.metric}\u0000${figure.category}`;
        const cell = values.get(key) ?? {
          period,
          metric: figure.metric,
          category: figure.category,
          values: [],
        };
        cell.values.push(figure.value);
        values.set(key, cell);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, work));

  const rows = [...values.values()]
    .map((c) => ({ ...c, d: distributionOf(c.values) }))
    .filter((c) => c.d !== null);
  await ds.transaction(async (em) => {
    // Two runs at once (schedule and on demand) write one after the other.
    await em.query(
      `select pg_advisory_xact_lock(hashtextextended('conduct:benchmark-distribution', 0))`,
    );
    await em.query(`delete from benchmark_distribution where period = any($1::text[])`, [
      periodKeys,
    ]);
    if (!rows.length) return;
    await em.query(
      `insert into benchmark_distribution (period, metric, category, peer_count, median, lower_quartile, upper_quartile, computed_at)
       select x.period, x.metric, x.category, x.peer_count, x.median, x.lower_quartile, x.upper_quartile, $1
         from unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::float8[], $7::float8[], $8::float8[])
              as x(period, metric, category, peer_count, median, lower_quartile, upper_quartile)`,
      [
        opts.now,
        rows.map((r) => r.period),
        rows.map((r) => r.metric),
        rows.map((r) => r.category),
        rows.map((r) => r.d!.peerCount),
        rows.map((r) => r.d!.median),
        rows.map((r) => r.d!.lowerQuartile),
        rows.map((r) => r.d!.upperQuartile),
      ],
    );
  });
  opts.logger?.info(
    {
      periods: periodKeys,
      participants: participants.length,
      withdrawn,
      distributions: rows.length,
    },
    'benchmark snapshot computed',
  );
  return {
    periods: periodKeys,
    participants: participants.length,
    withdrawn,
    figures: figureCount,
    distributions: rows.length,
  };
}
