import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import type { Logger } from '@conduct/config';
import type { QueueProbe } from '@conduct/operations';
import { DEFAULT_JOB_OPTIONS, QUEUES, QUEUE_PREFIX, producerConnection } from '@conduct/jobs';

/** The producers the worker itself uses (the sweep enqueues, the leader upserts schedulers). */
export interface Queues {
  scheduling: Queue;
  maintenance: Queue;
  notifications: Queue;
  expiry: Queue;
  retention: Queue;
  /** Their shared Redis connection (the readiness probe pings it). */
  redis: Redis;
  /** Depth and lag of each, for the metrics. */
  probes(): QueueProbe[];
  close(): Promise<void>;
}

/** With a logger, a lost Redis is logged as JSON like everything else, not printed raw to stderr. */
export async function openQueues(redisUrl: string, logger?: Logger): Promise<Queues> {
  const connection: Redis = await producerConnection(redisUrl);
  const make = (name: string) => {
    const queue = new Queue(name, {
      connection,
      prefix: QUEUE_PREFIX,
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    });
    if (logger)
      queue.on('error', (err) => logger.warn({ queue: name, err: err.message }, 'queue error'));
    return queue;
  };
  const queues = {
    scheduling: make(QUEUES.scheduling),
    maintenance: make(QUEUES.maintenance),
    notifications: make(QUEUES.notifications),
    expiry: make(QUEUES.expiry),
    retention: make(QUEUES.retention),
  };
  return {
    ...queues,
    redis: connection,
    probes: () =>
      Object.values(queues).map((q) => ({
        name: q.name,
        counts: () => q.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed'),
        oldestWaiting: async () =>
          (await q.getJobs(['waiting', 'prioritized'], 0, 0, true))[0]?.timestamp,
      })),
    close: async () => {
      await Promise.all(Object.values(queues).map((q) => q.close()));
      connection.disconnect();
    },
  };
}
