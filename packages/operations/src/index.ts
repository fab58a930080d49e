export {
  checkReadiness,
  databaseCheck,
  redisCheck,
  type Check,
  type ProbeState,
  type Readiness,
} from './probes';
export { serveOperations, type OperationsServer, type OperationsRoutes } from './operations-server';
export {
  apiMetrics,
  workerMetrics,
  type ApiMetrics,
  type WorkerMetrics,
  type PoolCounts,
  type QueueProbe,
} from './metrics';
