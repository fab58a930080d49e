import { Worker } from 'bullmq';
import { QUEUES, QUEUE_PREFIX, workerConnection } from '@conduct/jobs';
import { startTestRedis, type TestRedis } from '@conduct/testing';
import { openQueues, type Queues } from './queues';

describe('the queues the sweep enqueues into', () => {
  let redis: TestRedis;
  let queues: Queues;

  beforeAll(async () => {
    redis = await startTestRedis();
    queues = await openQueues(redis.url);
  });
  afterAll(async () => {
    await queues.close();
    await redis.stop();
  });

  it('a job that failed for good frees its deterministic id, so the next sweep enqueues it again', async () => {
    const connection = workerConnection(redis.url);
    const worker = new Worker(
      QUEUES.expiry,
      async () => {
        throw new Error('the database is down');
      },
      { connection, prefix: QUEUE_PREFIX },
    );
    try {
      const failed = new Promise((resolve) => worker.once('failed', resolve));
      await queues.expiry.add('expiry-run', {}, { jobId: 'expiry-a', attempts: 1 });
      await failed;
      await worker.close();

      const again = await queues.expiry.add('expiry-run', {}, { jobId: 'expiry-a' });
      expect(await again.getState()).toBe('waiting');
    } finally {
      await worker.close();
      connection.disconnect();
    }
  });
});
