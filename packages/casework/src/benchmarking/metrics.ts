/**
 * The benchmarking figures: what each measures and what it is built from. The
 * definitions are in the README ("Benchmarking"); the SQL is in snapshot-sql.ts.
 */
export type MetricUnit = 'count' | 'rate' | 'percent' | 'days';

export interface MetricDefinition {
  key: string;
  label: string;
  unit: MetricUnit;
  /** `scalar`: one figure; `mix`: one row per category (restriction type, channel, ...). */
  kind: 'scalar' | 'mix';
  /** What the figure is counted over (the "base" shown beside it). */
  base: string;
}

export const METRICS = [
  {
    key: 'cases-opened',
    label: 'Cases opened',
    unit: 'count',
    kind: 'scalar',
    base: 'cases opened',
  },
  {
    key: 'cases-per-100k',
    label: 'Cases opened per 100,000 population',
    unit: 'rate',
    kind: 'scalar',
    base: 'cases opened',
  },
  {
    key: 'warning-share',
    label: 'Cases reaching a warning stage',
    unit: 'percent',
    kind: 'scalar',
    base: 'cases opened',
  },
  {
    key: 'restriction-share',
    label: 'Cases reaching a restriction stage',
    unit: 'percent',
    kind: 'scalar',
    base: 'cases opened',
  },
  {
    key: 'days-to-restriction',
    label: 'Median days from first logged contact to restriction',
    unit: 'days',
    kind: 'scalar',
    base: 'restricted cases',
  },
  {
    key: 'restriction-length',
    label: 'Median restriction length in days',
    unit: 'days',
    kind: 'scalar',
    base: 'restricted cases with a known end',
  },
  {
    key: 'reviews-on-time',
    label: 'Reviews on time',
    unit: 'percent',
    kind: 'scalar',
    base: 'review due dates',
  },
  {
    key: 'appeals-lodged',
    label: 'Appeals lodged',
    unit: 'count',
    kind: 'scalar',
    base: 'appeals',
  },
  {
    key: 'appeals-upheld',
    label: 'Appeals upheld in whole or in part',
    unit: 'percent',
    kind: 'scalar',
    base: 'appeals decided',
  },
  {
    key: 'derestriction-requests',
    label: 'Derestriction requests',
    unit: 'count',
    kind: 'scalar',
    base: 'requests',
  },
  {
    key: 'restriction-types',
    label: 'Restriction types used',
    unit: 'percent',
    kind: 'mix',
    base: 'restricted cases',
  },
  {
    key: 'behaviour-categories',
    label: 'Behaviour categories',
    unit: 'percent',
    kind: 'mix',
    base: 'cases with logged contacts',
  },
  {
    key: 'contact-channels',
    label: 'Contact channels',
    unit: 'percent',
    kind: 'mix',
    base: 'cases with logged contacts',
  },
  {
    key: 'derestriction-outcomes',
    label: 'Derestriction request outcomes',
    unit: 'percent',
    kind: 'mix',
    base: 'requests',
  },
] as const satisfies readonly MetricDefinition[];

export type MetricKey = (typeof METRICS)[number]['key'];

export const METRIC_KEYS = METRICS.map((m) => m.key) as MetricKey[];

export function metricDefinition(key: string): MetricDefinition | undefined {
  return (METRICS as readonly MetricDefinition[]).find((m) => m.key === key);
}
