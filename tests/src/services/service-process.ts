import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { freePort } from '@conduct/testing';
import { exited, until } from '../worker/process';

const MAINS = {
  api: require.resolve('@conduct/api/main'),
  worker: require.resolve('@conduct/worker/main'),
  migrate: require.resolve('@conduct/api/cli/migrate'),
};

/** A service's entry point run as production runs it, with everything it writes kept. */
export interface ServiceProcess {
  child: ChildProcess;
  /** Every line written to stdout and stderr, in order. */
  output: string[];
  /** Sends SIGTERM; resolves with the exit code and the milliseconds the exit took. */
  terminate(): Promise<{ code: number | null; ms: number }>;
}

export function startService(
  service: keyof typeof MAINS,
  env: Record<string, string>,
): ServiceProcess {
  const child = spawn(process.execPath, [MAINS[service]], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => output.push(line));
  }
  return {
    child,
    output,
    async terminate() {
      const sent = Date.now();
      child.kill('SIGTERM');
      const code = await exited(child);
      return { code, ms: Date.now() - sent };
    },
  };
}

export interface ApiProcess extends ServiceProcess {
  url: string;
}

/**
 * `node services/api/dist/main.js` on a port of its own, against the given
 * database (as owner: it migrates, then serves as the app role) and Redis.
 */
export async function startApi(opts: {
  ownerUrl: string;
  appUrl: string;
  redisUrl: string;
  devIssuerSecret: string;
  env?: Record<string, string>;
}): Promise<ApiProcess> {
  const port = await freePort();
  const api = startService('api', {
    DATABASE_URL: opts.ownerUrl,
    // The role's password as the test cluster set it: start-up re-applies it to the shared role.
    DATABASE_APP_PASSWORD: decodeURIComponent(new URL(opts.appUrl).password),
    REDIS_URL: opts.redisUrl,
    PORT: String(port),
    DEV_ISSUER_SECRET: opts.devIssuerSecret,
    // Tests of other things must not trip a council's budget (rate-limits tests set their own).
    RATE_LIMIT_COUNCIL_COST: '1000000',
    RATE_LIMIT_PRINCIPAL_COST: '1000000',
    ...opts.env,
  });
  await until(async () => {
    if (api.child.exitCode !== null) throw new Error(`the API exited:\n${api.output.join('\n')}`);
    return api.output.some((l) => l.includes('API listening')) ? true : undefined;
  }, 60_000);
  return { ...api, url: `http://127.0.0.1:${port}` };
}
