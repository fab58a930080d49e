import { Client } from 'pg';
import { producerConnection } from '@conduct/jobs';
import { enqueueHeartbeat } from '@conduct/api/maintenance/heartbeat.producer';
import {
  createTestDatabase,
  startTestRedis,
  type TestDatabase,
  type TestRedis,
} from '@conduct/testing';
import { exited, spawnWorker, until } from './process';

describe('the worker consumes queued jobs', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let pg: Client;

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(), startTestRedis()]);
    pg = new Client({ connectionString: db.ownerUrl });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await redis.stop();
    await db.drop();
  });

  it('records a heartbeat enqueued by the API, then stops cleanly on SIGTERM', async () => {
    const worker = spawnWorker({ DATABASE_APP_URL: db.appUrl, REDIS_URL: redis.url });
    const producer = await producerConnection(redis.url);
    try {
      const jobId = await enqueueHeartbeat(producer, 'test');
      const row = await until(async () => {
        const { rows } = await pg.query('select worker from worker_heartbeat where job_id = $1', [
          jobId,
        ]);
        return rows[0] as { worker: string } | undefined;
      });
      expect(row.worker).toMatch(/-\d+$/);
    } finally {
      producer.disconnect();
      worker.kill('SIGTERM');
      expect(await exited(worker)).toBe(0);
    }
  });
});
