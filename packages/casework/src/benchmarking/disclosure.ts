import type { BenchmarkSuppression } from '@conduct/db';
import type { MetricKey } from './metrics';

/** Disclosure control (README "Benchmarking"). */
export const DISCLOSURE = {
  /** A figure built from fewer cases (or reviews, appeals, requests) is suppressed. */
  minCell: 5,
  /** Every count shown is rounded to the nearest multiple of this. */
  roundTo: 5,
  /** A peer figure is shown only when at least this many councils contribute. */
  minPeers: 3,
  /** Quartiles too need this many councils: with fewer they would give away individual figures. */
  minPeersForQuartiles: 5,
} as const;

export type MixKey = Extract<
  MetricKey,
  'restriction-types' | 'behaviour-categories' | 'contact-channels' | 'derestriction-outcomes'
>;
export const MIX_KEYS: MixKey[] = [
  'restriction-types',
  'behaviour-categories',
  'contact-channels',
  'derestriction-outcomes',
];

/** One council's unrounded figures for one period, before disclosure control. Never stored. */
export interface RawFigures {
  casesOpened: number;
  population: number;
  reachedWarning: number;
  reachedRestriction: number;
  daysToRestriction: { median: number | null; n: number };
  restrictionLength: { median: number | null; n: number };
  reviews: { due: number; onTime: number };
  appeals: { lodged: number; decided: number; upheld: number };
  derestrictionRequests: number;
  mixes: Record<MixKey, { base: number; cells: Record<string, number> }>;
}

export function emptyRawFigures(population: number): RawFigures {
  return {
    casesOpened: 0,
    population,
    reachedWarning: 0,
    reachedRestriction: 0,
    daysToRestriction: { median: null, n: 0 },
    restrictionLength: { median: null, n: 0 },
    reviews: { due: 0, onTime: 0 },
    appeals: { lodged: 0, decided: 0, upheld: 0 },
    derestrictionRequests: 0,
    mixes: {
      'restriction-types': { base: 0, cells: {} },
      'behaviour-categories': { base: 0, cells: {} },
      'contact-channels': { base: 0, cells: {} },
      'derestriction-outcomes': { base: 0, cells: {} },
    },
  };
}

/** A figure as it may be shown: suppressed figures carry only the reason. */
export interface PublishedFigure {
  metric: MetricKey;
  /** '' for a single figure, the row's key in a mix table. */
  category: string;
  value: number | null;
  count: number | null;
  base: number | null;
  suppression: BenchmarkSuppression | null;
}

export const roundCount = (n: number): number =>
  Math.round(n / DISCLOSURE.roundTo) * DISCLOSURE.roundTo;
const round1 = (n: number): number => Math.round(n * 10) / 10;
const small = (n: number): boolean => n < DISCLOSURE.minCell;

function suppressed(
  metric: MetricKey,
  suppression: BenchmarkSuppression,
  base: number | null = null,
  category = '',
): PublishedFigure {
  return { metric, category, value: null, count: null, base, suppression };
}

/** A count: suppressed under 5, otherwise rounded to the nearest 5. */
function count(metric: MetricKey, n: number): PublishedFigure {
  if (small(n)) return suppressed(metric, 'small-count');
  const rounded = roundCount(n);
  return { metric, category: '', value: rounded, count: rounded, base: rounded, suppression: null };
}

/**
 * A share in percent, from the rounded counts (so the exact counts cannot be
 * worked back from it): suppressed when the base is under 5, or when the count
 * is 1–4 (share × base would give it away).
 */
function share(metric: MetricKey, numerator: number, base: number): PublishedFigure {
  if (small(base)) return suppressed(metric, 'small-base');
  const b = roundCount(base);
  if (numerator > 0 && small(numerator)) return suppressed(metric, 'small-count', b);
  const c = roundCount(numerator);
  return {
    metric,
    category: '',
    value: round1((100 * c) / b),
    count: c,
    base: b,
    suppression: null,
  };
}

function median(metric: MetricKey, m: { median: number | null; n: number }): PublishedFigure {
  if (small(m.n) || m.median === null) return suppressed(metric, 'small-base');
  return {
    metric,
    category: '',
    value: round1(m.median),
    count: null,
    base: roundCount(m.n),
    suppression: null,
  };
}

/**
 * A mix table: its base as the '' row, then one row per category with its
 * count and share of the base. Cells under 5 are suppressed; when exactly one
 * is, the next-smallest is suppressed too (secondary suppression), so it cannot
 * be worked out from the base and the other cells.
 */
export function mixTable(
  metric: MixKey,
  base: number,
  cells: Record<string, number>,
): PublishedFigure[] {
  const categories = Object.keys(cells).sort();
  if (small(base)) {
    return [
      suppressed(metric, 'small-base'),
      ...categories.map((c) => suppressed(metric, 'small-base', null, c)),
    ];
  }
  const b = roundCount(base);
  const primary = new Set(categories.filter((c) => small(cells[c]!)));
  const secondary = new Set<string>();
  if (primary.size === 1) {
    const next = categories
      .filter((c) => !primary.has(c))
      .sort((x, y) => cells[x]! - cells[y]! || x.localeCompare(y))[0];
    if (next !== undefined) secondary.add(next);
  }
  const rows = categories.map((c): PublishedFigure => {
    if (primary.has(c)) return suppressed(metric, 'small-count', b, c);
    if (secondary.has(c)) return suppressed(metric, 'secondary', b, c);
    const n = roundCount(cells[c]!);
    return {
      metric,
      category: c,
      value: round1((100 * n) / b),
      count: n,
      base: b,
      suppression: null,
    };
  });
  return [{ metric, category: '', value: null, count: b, base: b, suppression: null }, ...rows];
}

/** Every figure of one council and period, after disclosure control. */
export function publish(raw: RawFigures): PublishedFigure[] {
  const opened = count('cases-opened', raw.casesOpened);
  const per100k: PublishedFigure =
    opened.count === null
      ? suppressed('cases-per-100k', 'small-base')
      : {
          metric: 'cases-per-100k',
          category: '',
          // From the rounded count: the population is public, so an exact rate would give the exact count.
          value: round1((opened.count * 100_000) / raw.population),
          count: opened.count,
          base: opened.count,
          suppression: null,
        };
  return [
    opened,
    per100k,
    share('warning-share', raw.reachedWarning, raw.casesOpened),
    share('restriction-share', raw.reachedRestriction, raw.casesOpened),
    median('days-to-restriction', raw.daysToRestriction),
    median('restriction-length', raw.restrictionLength),
    share('reviews-on-time', raw.reviews.onTime, raw.reviews.due),
    count('appeals-lodged', raw.appeals.lodged),
    share('appeals-upheld', raw.appeals.upheld, raw.appeals.decided),
    count('derestriction-requests', raw.derestrictionRequests),
    ...MIX_KEYS.flatMap((k) => mixTable(k, raw.mixes[k].base, raw.mixes[k].cells)),
  ];
}

/** Linear interpolation between closest ranks (as Postgres percentile_cont). */
export function quantile(sorted: number[], p: number): number {
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export interface Distribution {
  peerCount: number;
  median: number;
  lowerQuartile: number | null;
  upperQuartile: number | null;
}

/** The peers' distribution of one figure, or null when fewer than 3 councils contribute. */
export function distributionOf(values: number[]): Distribution | null {
  if (values.length < DISCLOSURE.minPeers) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const quartiles = values.length >= DISCLOSURE.minPeersForQuartiles;
  return {
    peerCount: values.length,
    median: round1(quantile(sorted, 0.5)),
    lowerQuartile: quartiles ? round1(quantile(sorted, 0.25)) : null,
    upperQuartile: quartiles ? round1(quantile(sorted, 0.75)) : null,
  };
}
