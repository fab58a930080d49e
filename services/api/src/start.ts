import 'reflect-metadata';
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError, createLogger, loadConfig } from '@conduct/config';
import { SchemaVersionError } from '@conduct/db';
import { openConnections } from './runtime/connections';
import { runApi } from './api-process';
import { TENANTS_DIR, applyTenants, type AppliedTenant } from './tenancy/apply-tenants';

/** Files that changed but were not applied over a version a tenant admin activated. */
function policyNotices(applied: AppliedTenant[]): string {
  return applied
    .filter((t) => t.fileChangeNotApplied)
    .map(
      (t) =>
        `\n    NOTE          tenants/${t.slug}/policy.yaml changed, but v${t.policyVersion} was activated through the API and stays active; the file was not applied`,
    )
    .join('');
}

/**
 * `pnpm start`: everything a newcomer needs in one process tree — embedded
 * Postgres and Redis unless URLs are given, migrations, every council in
 * tenants/, the API and a worker.
 */
async function start(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('conduct', config.LOG_LEVEL);
  const connections = await openConnections(config, logger);

  // The worker is a second entry point beside the API, not a dependency of it:
  // the launcher starts the sibling workspace's build.
  const workerEntry =
    process.env.CONDUCT_WORKER_ENTRY ?? join(__dirname, '..', '..', 'worker', 'dist', 'main.js');
  const worker: ChildProcess = fork(workerEntry, [], {
    env: {
      ...process.env,
      DATABASE_APP_URL: connections.databaseUrl,
      REDIS_URL: connections.redisUrl,
    },
  });
  const api = await runApi(config, logger, connections);
  const applied = await applyTenants(api.ds, TENANTS_DIR, new Date());

  console.log(`
  Conduct is running.
    GraphQL API   http://localhost:${api.port}/graphql
    Worker        pid ${worker.pid}
    PostgreSQL    ${config.DATABASE_URL ? 'DATABASE_URL' : `embedded, data in ${config.CONDUCT_HOME}/postgres`}
    Redis         ${config.REDIS_URL ? 'REDIS_URL' : `embedded, data in ${config.CONDUCT_HOME}/redis`}
    Councils      ${applied.map((t) => `${t.slug} (policy v${t.policyVersion}${t.activeFromApi ? ', activated through the API' : ''})`).join(', ')}${policyNotices(applied)}
  Mint a token:   pnpm run token --tenant maidstone --email head-of-policy@maidstone.example
  Stop:           Ctrl-C
`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const workerExited = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill('SIGTERM');
    await Promise.all([api.close(), workerExited]);
    await connections.stopLocalServers();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  worker.once('exit', (code) => {
    if (!stopping) {
      logger.error({ code }, 'the worker stopped unexpectedly');
      void shutdown('worker-exit');
    }
  });
}

start().catch((e: unknown) => {
  // A bad setting or an unknown schema: one line the operator can act on, no stack.
  console.error(e instanceof ConfigError || e instanceof SchemaVersionError ? e.message : e);
  process.exit(1);
});
