import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import type { Logger } from '@conduct/config';
import { DEFAULT_JOB_OPTIONS, QUEUES, producerConnection } from '@conduct/jobs';

/** The producers the worker itself uses (the sweep enqueues, the leader upserts schedulers). */
export interface Queues {
  scheduling: Queue;
  maintenance: Queue;
  notifications: Queue;
  expiry: Queue;
  retention: Queue;
  close(): Promise<void>;
}

/** With a logger, a lost Redis is logged as JSON like everything else, not printed raw to stderr. */
export async function openQueues(redisUrl: string, logger?: Logger): Promise<Queues> {
  const connection: Redis = await producerConnection(redisUrl);
  const make = (name: string) => {
    const queue = new Queue(name, { connection, defaultJobOptions: DEFAULT_JOB_OPTIONS });
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
    close: async () => {
      await Promise.all(Object.values(queues).map((q) => q.close()));
      connection.disconnect();
    },
  };
}
