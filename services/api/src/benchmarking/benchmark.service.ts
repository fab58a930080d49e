import {
  BenchmarkDistribution,
  BenchmarkSnapshot,
  type Tenant,
  type TenantEntityManager,
} from '@conduct/db';
import { parseBenchmarkPeriod } from '@conduct/jobs';
import type { Policy } from '@conduct/policy';
import { DISCLOSURE, METRICS, type MetricDefinition, DomainError } from '@conduct/casework';
import type { BenchmarkCellNode, BenchmarkMetricNode, BenchmarkReportNode } from './benchmark.type';

const OUTCOME_LABELS: Record<string, string> = {
  granted: 'Granted',
  refused: 'Refused',
  pending: 'Awaiting a decision',
};

/** The categories a mix shows: your own policy's, plus any your figures hold. Never another council's vocabulary. */
function ownCategories(policy: Policy, metric: string): Map<string, string | null> {
  const labels = (record: Record<string, { label: string }>) =>
    new Map(Object.entries(record).map(([k, v]) => [k, v.label]));
  switch (metric) {
    case 'restriction-types':
      return labels(policy.restrictionTypes);
    case 'behaviour-categories':
      return labels(policy.behaviourCategories);
    case 'contact-channels':
      return labels(policy.channels);
    case 'derestriction-outcomes':
      return new Map(Object.entries(OUTCOME_LABELS));
    default:
      return new Map();
  }
}

const key = (metric: string, category: string) => `${metric}\u0000${category}`;

/**
 * Your council's report for a period: its own published figures (from its
 * snapshot, read under row-level security) beside the anonymous distribution.
 * A council that has not opted in sees nothing: benchmarking is reciprocal.
 */
export async function loadBenchmarkReport(
  em: TenantEntityManager,
  tenant: Tenant,
  policy: Policy,
  periodKey: string,
): Promise<BenchmarkReportNode> {
  if (!tenant.benchmarkingOptIn) {
    throw new DomainError('FORBIDDEN', 'Your council has not opted in to benchmarking');
  }
  const period = parseBenchmarkPeriod(periodKey);
  const [own, peers] = await Promise.all([
    em.find(BenchmarkSnapshot, { where: { tenantId: em.tenantId, period: period.key } }),
    em.find(BenchmarkDistribution, { where: { period: period.key } }),
  ]);
  const ownBy = new Map(own.map((r) => [key(r.metric, r.category), r]));
  const peersBy = new Map(peers.map((r) => [key(r.metric, r.category), r]));
  const computed = own.map((r) => r.computedAt.getTime());

  const cell = (metric: string, category: string, label: string | null): BenchmarkCellNode => {
    // A category of a computed mix table with no row had no cases: 0, not "no data" (unless
    // the whole table is withheld, when the row is withheld with it).
    const base = ownBy.get(key(metric, ''));
    const none =
      category && base
        ? base.suppression
          ? { value: null, count: null, suppression: base.suppression }
          : { value: 0, count: 0 }
        : undefined;
    const mine = ownBy.get(key(metric, category)) ?? none;
    const dist = peersBy.get(key(metric, category));
    return {
      category: category || null,
      label,
      value: mine?.value ?? null,
      count: mine?.count ?? null,
      suppressed: !!(mine && 'suppression' in mine && mine.suppression),
      suppression: (mine && 'suppression' in mine && mine.suppression) || null,
      peers: dist
        ? {
            peerCount: dist.peerCount,
            median: dist.median,
            lowerQuartile: dist.lowerQuartile,
            upperQuartile: dist.upperQuartile,
          }
        : null,
    };
  };

  const metrics = (METRICS as readonly MetricDefinition[]).map((m): BenchmarkMetricNode => {
    const head = ownBy.get(key(m.key, ''));
    if (m.kind === 'scalar') {
      return {
        key: m.key,
        label: m.label,
        unit: m.unit,
        kind: m.kind,
        baseDescription: m.base,
        base: head?.base ?? null,
        cells: [cell(m.key, '', null)],
      };
    }
    const categories = ownCategories(policy, m.key);
    for (const r of own) {
      if (r.metric === m.key && r.category && !categories.has(r.category))
        categories.set(r.category, null);
    }
    return {
      key: m.key,
      label: m.label,
      unit: m.unit,
      kind: m.kind,
      baseDescription: m.base,
      base: head?.suppression ? null : (head?.count ?? null),
      cells: [...categories]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([c, label]) => cell(m.key, c, label)),
    };
  });

  return {
    period: period.key,
    periodStart: period.start,
    periodEnd: period.end,
    computedAt: computed.length ? new Date(Math.max(...computed)) : null,
    disclosure: { ...DISCLOSURE },
    metrics,
  };
}
