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
