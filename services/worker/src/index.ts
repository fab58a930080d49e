export { type Clock, SettableClock, FileClock, systemClock, clockFrom } from '@conduct/config';
export { utcDay } from './clock';
export { PolicyVersions, type LoadedPolicy } from '@conduct/casework';
export { startWorkers, type WorkerDeps, type RunningWorkers, type WorkerSettings } from './worker';
export { openQueues, type Queues } from './scheduling/queues';
export { sweep, type SweepResult } from './scheduling/sweep';
export { SchedulerLeader } from './scheduling/leader';
export { createMailer, type Mailer } from './notifications/mailer';
export {
  findDueReviewNotices,
  processReviewNotice,
  deliverEmails,
  noticeDate,
  type ReviewNotice,
} from './notifications/notices';
export { reviewerRoles, authoriserRoles } from '@conduct/casework';
export { runExpiry, type ExpiryResult } from './expiry/expiry';
export {
  previewPurge,
  runPurge,
  newRunId,
  type PurgeCandidate,
  type PurgeResult,
} from '@conduct/casework';
export { retentionDueSql } from '@conduct/casework';
export * from './benchmarking';
