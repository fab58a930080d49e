import Redis from 'ioredis';

/**
 * Producers fail fast when Redis is down (no offline queue): the database row
 * that made the work due is the truth, and the reconciler re-enqueues it.
 */
export async function producerConnection(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: true,
  });
  // A failed first connect would otherwise leave the client reconnecting in the background.
  await redis.connect().catch((err: unknown) => {
    redis.disconnect();
    throw err;
  });
  return redis;
}

/** Workers block on Redis and must retry for ever, as BullMQ requires. */
export function workerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}
