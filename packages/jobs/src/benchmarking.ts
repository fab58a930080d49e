import { z } from 'zod';
import { QUEUES } from './queues';

/** A benchmarking period: a calendar quarter (`2026-Q1`) or year (`2026`), UTC. */
export interface BenchmarkPeriod {
  key: string;
  /** First instant of the period (inclusive). */
  start: Date;
  /** First instant after the period (exclusive). */
  end: Date;
}

export const benchmarkPeriodSchema = z
  .string()
  .regex(/^(19|20|21)\d{2}(-Q[1-4])?$/, 'should be a year (2026) or a quarter (2026-Q1)');

/** `2026-Q1` → [2026-01-01, 2026-04-01); `2026` → [2026-01-01, 2027-01-01). */
export function parseBenchmarkPeriod(key: string): BenchmarkPeriod {
  const text = benchmarkPeriodSchema.parse(key);
  const year = Number(text.slice(0, 4));
  if (text.length === 4) {
    return {
      key: text,
      start: new Date(Date.UTC(year, 0, 1)),
      end: new Date(Date.UTC(year + 1, 0, 1)),
    };
  }
  const quarter = Number(text.slice(6));
  return {
    key: text,
    start: new Date(Date.UTC(year, (quarter - 1) * 3, 1)),
    end: new Date(Date.UTC(year, quarter * 3, 1)),
  };
}

/** What a scheduled run computes: the current and previous four quarters, this year and last. */
export function recentBenchmarkPeriods(now: Date): string[] {
  const year = now.getUTCFullYear();
  const quarter = Math.floor(now.getUTCMonth() / 3) + 1;
  const keys: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    const q = quarter - i;
    const y = year + Math.floor((q - 1) / 4);
    keys.push(`${y}-Q${((((q - 1) % 4) + 4) % 4) + 1}`);
  }
  keys.push(String(year), String(year - 1));
  return keys;
}

/**
 * Recompute every participating council's figures and the peer distribution.
 * Recurring (one job scheduler, `schedulerId`) and on demand (any `periods`).
 * One run covers every tenant: the distribution needs them all at once.
 */
export const benchmarkSnapshotJob = {
  queue: QUEUES.benchmarking,
  name: 'benchmark-snapshot',
  schedulerId: 'benchmark-snapshot',
  /** Daily at 02:30 UTC, when councils are not working cases. */
  pattern: '30 2 * * *',
  data: z.object({
    periods: z.array(benchmarkPeriodSchema).min(1).max(40).optional(),
    requestedBy: z.string().min(1).max(200).optional(),
  }),
  /** On-demand runs for the same periods share an id, so a double click runs once. */
  id: (d: { periods?: string[] }) => `benchmark-${(d.periods ?? ['recent']).join('_')}`,
};
