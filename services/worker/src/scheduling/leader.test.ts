import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createLogger } from '@conduct/config';
import { createDataSource } from '@conduct/db';
import {
  createTestDatabase,
  startTestRedis,
  type TestDatabase,
  type TestRedis,
} from '@conduct/testing';
import { SchedulerLeader } from './leader';
import { openQueues, type Queues } from './queues';

describe('the scheduler leader', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let queues: Queues;
  const sources: DataSource[] = [];

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(), startTestRedis()]);
    queues = await openQueues(redis.url);
  });
  afterAll(async () => {
    await queues.close();
    await Promise.all(sources.map((ds) => ds.destroy()));
    await redis.stop();
    await db.drop();
  });

  const replica = async () => {
    const ds = createDataSource(db.appUrl, 'app', 2);
    await ds.initialize();
    sources.push(ds);
    return new SchedulerLeader(ds, queues, createLogger('test', 'silent'), 1000);
  };

  it('gives up leading when the database ends its session, so one replica leads, not two', async () => {
    const [a, b] = [await replica(), await replica()];
    await a.tick();
    await b.tick();
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    expect(await queues.scheduling.getJobScheduler('sweep')).toMatchObject({ every: 1000 });

    // A failover or an operator ends the leader's session: its advisory lock goes with it.
    const owner = new Client({ connectionString: db.ownerUrl });
    await owner.connect();
    const { rowCount } = await owner.query(
      `select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted`,
    );
    await owner.end();
    expect(rowCount).toBe(1);

    await b.tick(); // takes the free lock
    await a.tick(); // finds its session gone
    expect([a.isLeader, b.isLeader]).toEqual([false, true]);
    await a.tick(); // contends again, on a new session, and loses
    expect([a.isLeader, b.isLeader]).toEqual([false, true]);
  });
});
