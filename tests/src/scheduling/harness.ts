import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import type { DataSource } from 'typeorm';
import { APP_ROLE, createDataSource } from '@conduct/db';
import { TENANTS_DIR, applyTenants } from '@conduct/api/tenancy/apply-tenants';
import {
  createTestDatabase,
  startTestRedis,
  type TestDatabase,
  type TestRedis,
} from '@conduct/testing';

export interface SchedulingHarness {
  db: TestDatabase;
  redis: TestRedis;
  /** The app role, as the worker uses it. */
  ds: DataSource;
  /** Superuser: sees past row-level security, for assertions. */
  pg: Client;
  tenants: Record<string, string>;
  /** What time the spawned workers think it is (CONDUCT_CLOCK_FILE): frozen at `at`. */
  setClock(at: Date): void;
  /** Time runs for the workers from `at` on, at real speed; returns their clock, for the test to read. */
  runClockFrom(at: Date): () => Date;
  /** Kills every connection the app role has to this database, as a Postgres failover would. */
  terminateAppConnections(): Promise<number>;
  /** Stops redis-server and starts it again on the same port and data (append-only file). */
  restartRedis(downMs: number): Promise<void>;
  workerEnv(extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

/** A database with the five councils loaded, a Redis (append-only file, as in production), and a clock file for spawned workers. */
export async function startHarness(now: Date): Promise<SchedulingHarness> {
  const [db, redis] = await Promise.all([
    createTestDatabase(),
    startTestRedis({ persistent: true }),
  ]);
  const ds = createDataSource(db.appUrl, 'app', 4);
  await ds.initialize();
  const applied = await applyTenants(ds, TENANTS_DIR, now);
  const pg = new Client({ connectionString: db.ownerUrl });
  await pg.connect();
  const dir = mkdtempSync(join(tmpdir(), 'conduct-clock-'));
  const clockFile = join(dir, 'now');
  const setClock = (at: Date) => writeFileSync(clockFile, at.toISOString());
  setClock(now);
  return {
    db,
    redis,
    ds,
    pg,
    tenants: Object.fromEntries(applied.map((t) => [t.slug, t.tenantId])),
    setClock,
    runClockFrom(at) {
      const offset = at.getTime() - Date.now();
      writeFileSync(clockFile, `${offset >= 0 ? '+' : ''}${offset}`);
      return () => new Date(Date.now() + offset);
    },
    async terminateAppConnections() {
      const { rows } = await pg.query(
        `select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and usename = $1) t`,
        [APP_ROLE],
      );
      return rows[0].n as number;
    },
    async restartRedis(downMs) {
      await redis.server.stop();
      await sleep(downMs);
      await redis.server.start();
    },
    workerEnv: (extra = {}) => ({
      DATABASE_APP_URL: db.appUrl,
      REDIS_URL: redis.url,
      CONDUCT_CLOCK_FILE: clockFile,
      SWEEP_INTERVAL_MS: '300',
      WORKER_LOCK_DURATION_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
      ...extra,
    }),
    async close() {
      await pg.end();
      await ds.destroy();
      await redis.stop();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestSmtp {
  url: string;
  messages: { to: string[]; subject: string }[];
  close(): Promise<void>;
}

/** A real SMTP server in the test's process (no mock): counts what arrives. */
export async function startSmtp(): Promise<TestSmtp> {
  const messages: TestSmtp['messages'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        const subject = /^Subject: (.*)$/m.exec(raw)?.[1]?.trim() ?? '';
        messages.push({ to: session.envelope.rcptTo.map((r) => r.address), subject });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
