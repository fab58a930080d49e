export {
  METRICS,
  METRIC_KEYS,
  metricDefinition,
  type MetricDefinition,
  type MetricKey,
  type MetricUnit,
} from '@conduct/casework';
export {
  DISCLOSURE,
  MIX_KEYS,
  distributionOf,
  mixTable,
  publish,
  quantile,
  roundCount,
  emptyRawFigures,
  type Distribution,
  type MixKey,
  type PublishedFigure,
  type RawFigures,
} from '@conduct/casework';
export {
  computeTenantFigures,
  runBenchmarkSnapshot,
  type SnapshotOptions,
  type SnapshotResult,
} from './snapshot';
export {
  startBenchmarkWorker,
  processBenchmarkJob,
  ensureBenchmarkScheduler,
  enqueueBenchmarkSnapshot,
  type BenchmarkWorkerDeps,
  type RunningBenchmarkWorker,
} from './benchmark.worker';
export {
  seedBenchmarkTenant,
  seedBenchmarkCases,
  type SeedTenant,
  type SeedBenchmarkCase,
  type SeedPurgedCase,
} from './seed';
