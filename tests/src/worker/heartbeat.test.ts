import { Client } from 'pg';
import { producerConnection } from '@conduct/jobs';
import { enqueueHeartbeat } from '@conduct/api/maintenance/heartbeat.producer';
import {
  createTestDatabase,
  startTestRedis,
  type TestDatabase,
  type TestRedis,
} from '@conduct/testing';
import { exited, spawnWorker, outputOf, until } from './process';

describe('the worker consumes queued jobs', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let pg: Client;

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(), startTestRedis({ persistent: true })]);
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

  it('started while Postgres and Redis are down, waits for them instead of exiting', async () => {
    const database = (await pg.query('select current_database() as name')).rows[0].name as string;
    const appRole = new URL(db.appUrl).username;
    const connect = (grant: 'grant' | 'revoke') =>
      pg.query(
        `${grant} connect on database "${database}" ${grant === 'grant' ? 'to' : 'from'} public, "${appRole}"`,
      );
    await connect('revoke');
    const refused = new Client({ connectionString: db.appUrl });
    await expect(refused.connect()).rejects.toThrow(/permission denied/);
    await redis.server.stop();
    const worker = spawnWorker({ DATABASE_APP_URL: db.appUrl, REDIS_URL: redis.url });
    /** Waits until the worker has said it retries this dependency, still running. */
    const retrying = (dependency: string) =>
      until(async () => {
        expect(worker.exitCode).toBeNull();
        return outputOf(worker).includes(`"dependency":"${dependency}"`) ? true : undefined;
      }, 30_000);
    try {
      await retrying('database');
      await connect('grant');
      await retrying('redis');
      await redis.server.start();
      const producer = await producerConnection(redis.url);
      try {
        const jobId = await enqueueHeartbeat(producer, 'test');
        await until(async () => {
          const { rows } = await pg.query('select 1 from worker_heartbeat where job_id = $1', [
            jobId,
          ]);
          return rows[0];
        }, 30_000);
      } finally {
        producer.disconnect();
      }
    } finally {
      await connect('grant');
      worker.kill('SIGTERM');
      expect(await exited(worker)).toBe(0);
    }
  }, 60_000);
});
