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
  filedEscalationJob,
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

import {
  emailJob,
  expiryJob,
  filedEscalationJob,
  heartbeatJob,
  purgeJob,
  reviewNotificationJob,
  sweepJob,
} from './queues';
import { benchmarkSnapshotJob } from './benchmarking';

/**
 * The job registry, declared once: every job's queue, name, zod payload and
 * (for per-tenant work) its deterministic id. Producers and the worker both
 * read it; no job name or id is spelled anywhere else.
 */
export const JOBS = {
  heartbeat: heartbeatJob,
  sweep: sweepJob,
  reviewNotification: reviewNotificationJob,
  email: emailJob,
  expiry: expiryJob,
  purge: purgeJob,
  filedEscalation: filedEscalationJob,
  benchmarkSnapshot: benchmarkSnapshotJob,
} as const;
