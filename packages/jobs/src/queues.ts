import { z } from 'zod';

/**
 * Every queue's Redis keys start with this. The braces are a Redis Cluster hash
 * tag: all of a queue's keys land in one slot, as BullMQ's multi-key scripts need.
 * Every Queue, Worker and QueueEvents must be given it (`{ prefix: QUEUE_PREFIX }`).
 */
export const QUEUE_PREFIX = '{conduct}';

/** One queue per kind of work, so a slow purge never delays a reminder. */
export const QUEUES = {
  maintenance: 'maintenance',
  /** The reconciler: looks in the database for due work and enqueues it. */
  scheduling: 'scheduling',
  /** Review reminders, escalations and their emails. */
  notifications: 'notifications',
  /** Restrictions reaching their end, monitoring periods ending, automatic moves. */
  expiry: 'expiry',
  /** Retention purges. */
  retention: 'retention',
  /** Cross-council benchmarking snapshots. */
  benchmarking: 'benchmarking',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Proof of life: the worker records the job id it consumed. */
export const heartbeatJob = {
  queue: QUEUES.maintenance,
  name: 'heartbeat',
  data: z.object({ requestedBy: z.string().min(1) }),
};

const uuid = z.uuid();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Recurring: one job scheduler (upserted by the leader), fanning out per tenant. */
export const sweepJob = {
  queue: QUEUES.scheduling,
  name: 'sweep',
  schedulerId: 'sweep',
  data: z.object({}).passthrough(),
};

/** Tell the responsible (reminder) or authorising (overdue) role about one review date of one case. */
export const reviewNotificationJob = {
  queue: QUEUES.notifications,
  name: 'review-notification',
  data: z.object({
    tenantId: uuid,
    caseId: uuid,
    kind: z.enum(['review-reminder', 'review-overdue']),
    dueDate: day,
  }),
  id: (d: { tenantId: string; caseId: string; kind: string; dueDate: string }) =>
    `${d.kind}-${d.tenantId}-${d.caseId}-${d.dueDate.replace(/-/g, '')}`,
};

/** Send the emails a tenant's notifications still owe (after a failed send or a crash). */
export const emailJob = {
  queue: QUEUES.notifications,
  name: 'email-delivery',
  data: z.object({ tenantId: uuid }),
  id: (d: { tenantId: string }) => `email-${d.tenantId}`,
};

/** End what has reached its end date in one tenant; move cases the policy moves by itself. */
export const expiryJob = {
  queue: QUEUES.expiry,
  name: 'expiry-run',
  data: z.object({ tenantId: uuid }),
  id: (d: { tenantId: string }) => `expiry-${d.tenantId}`,
};

/** Purge one tenant's cases whose retention date has passed. `cutoff` is fixed when the job first starts. */
export const purgeJob = {
  queue: QUEUES.retention,
  name: 'purge-run',
  data: z.object({ tenantId: uuid, cutoff: z.iso.datetime().optional(), runId: uuid.optional() }),
  id: (d: { tenantId: string }) => `purge-${d.tenantId}`,
};

/** Escalate filed-without-reply items nobody confirmed in time (one tenant). */
export const filedEscalationJob = {
  queue: QUEUES.maintenance,
  name: 'filed-correspondence-escalation',
  data: z.object({ tenantId: uuid }),
  id: (d: { tenantId: string }) => `filed-escalation-${d.tenantId}`,
};

/**
 * Shared by every enqueue: retried with backoff; finished jobs are removed so a
 * deterministic id can be used again. Failed ones too: a kept failed job holds its
 * id, and the reconciler's next enqueue of that id would be a silent no-op (a purge
 * failed after repeated crashes stayed stopped for as long as it was kept). The
 * worker logs each failure; the database still says the work is due.
 */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 6,
  backoff: { type: 'exponential' as const, delay: 1000 },
  removeOnComplete: true,
  removeOnFail: true,
};
