import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { QUEUE_PREFIX, heartbeatJob } from '@conduct/jobs';

/** Asks the worker to prove it is consuming jobs; returns the job id it will record. */
export async function enqueueHeartbeat(redis: Redis, requestedBy: string): Promise<string> {
  const queue = new Queue(heartbeatJob.queue, { connection: redis, prefix: QUEUE_PREFIX });
  try {
    const jobId = `heartbeat-${randomUUID()}`;
    await queue.add(heartbeatJob.name, heartbeatJob.data.parse({ requestedBy }), {
      jobId,
      removeOnComplete: 1000,
    });
    return jobId;
  } finally {
    await queue.close();
  }
}
