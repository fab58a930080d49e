import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';
import { LocalPostgres, LocalRedis, freePort } from './index';

describe('local servers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'conduct-local-'));
  beforeAll(() => chmodSync(dir, 0o755));

  it('starts a real Postgres that answers a query, and starts it again on the same data', async () => {
    const pg = new LocalPostgres({ dataDir: join(dir, 'pg'), port: await freePort() });
    await pg.start();
    try {
      const client = new Client({ connectionString: pg.url });
      await client.connect();
      const { rows } = await client.query<{ n: number }>('select 41 + 1 as n');
      await client.end();
      expect(rows[0]?.n).toBe(42);
      await pg.start(); // already running: a second start is a no-op
    } finally {
      await pg.stop();
    }
  });

  it('starts a real Redis that answers PING', async () => {
    const redis = new LocalRedis({
      dir: join(dir, 'redis'),
      port: await freePort(),
      persistent: false,
    });
    await redis.start();
    try {
      const client = new Redis(redis.url);
      expect(await client.ping()).toBe('PONG');
      client.disconnect();
    } finally {
      await redis.stop();
    }
  });
});
