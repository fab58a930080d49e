import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { LocalPostgres } from '@conduct/local-servers';
import { freePort } from '@conduct/testing';

/**
 * `pnpm run operators` beside a running `pnpm start`: the CLI uses the embedded
 * Postgres it finds under CONDUCT_HOME and leaves it running; one it started
 * itself it stops again.
 */
const OPERATORS = require.resolve('@conduct/api/cli/operators');

jest.setTimeout(180_000);

describe('CLIs and the embedded Postgres of `pnpm start`', () => {
  const home = mkdtempSync(join(tmpdir(), 'conduct-home-'));
  let port: number;
  let pg: LocalPostgres;

  beforeAll(async () => {
    chmodSync(home, 0o755);
    port = await freePort();
    pg = new LocalPostgres({ dataDir: join(home, 'postgres'), port });
  });
  afterAll(async () => {
    await pg.stop();
    rmSync(home, { recursive: true, force: true });
  });

  const operators = () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CONDUCT_HOME: home,
      CONDUCT_PG_PORT: String(port),
      LOG_LEVEL: 'warn',
    };
    delete env.DATABASE_URL;
    delete env.DATABASE_APP_URL;
    delete env.REDIS_URL;
    return execFileSync(process.execPath, [OPERATORS, '--list'], { env, encoding: 'utf8' });
  };
  const answers = async () => {
    const client = new Client({ connectionString: pg.url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  it('leaves running a Postgres it did not start, and stops one it did', async () => {
    // No server yet: the CLI starts one for itself and stops it when done.
    operators();
    expect(await answers()).toBe(false);

    // `pnpm start` is running it: the CLI uses it and leaves it running.
    await pg.start();
    operators();
    expect(await answers()).toBe(true);
    operators();
    expect(await answers()).toBe(true);
  });
});
