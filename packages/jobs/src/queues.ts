import { z } from 'zod';

/** One queue per kind of work, so a slow purge never delays a reminder. */
export const QUEUES = {
  maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Proof of life: the worker records the job id it consumed. */
export const heartbeatJob = {
  queue: QUEUES.maintenance,
  name: 'heartbeat',
  data: z.object({ requestedBy: z.string().min(1) }),
};
