export {
  QUEUES,
  QUEUE_PREFIX,
  type QueueName,
  heartbeatJob,
  sweepJob,
  reviewNotificationJob,
  expiryJob,
  emailJob,
  purgeJob,
  DEFAULT_JOB_OPTIONS,
} from './queues';
export {
  benchmarkSnapshotJob,
  benchmarkPeriodSchema,
  parseBenchmarkPeriod,
  recentBenchmarkPeriods,
  type BenchmarkPeriod,
} from './benchmarking';
export { producerConnection, workerConnection } from './connections';
