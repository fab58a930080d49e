import 'reflect-metadata';
import { hostname } from 'node:os';
import { ConfigError, createLogger, loadConfig } from '@conduct/config';
import { appUrlFor, createDataSource } from '@conduct/db';
import { clockFrom } from '@conduct/config';
import { createMailer } from './notifications/mailer';
import { PolicyVersions } from '@conduct/casework';
import { SchedulerLeader } from './scheduling/leader';
import { openQueues } from './scheduling/queues';
import { startWorkers } from './worker';

/** Jobs in hand get this long after SIGTERM; orchestrators kill at 30 s. */
const SHUTDOWN_GRACE_MS = 20_000;

/** The worker process: `node services/worker/dist/main.js`. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('worker', config.LOG_LEVEL);
  const databaseUrl =
    config.DATABASE_APP_URL ??
    (config.DATABASE_URL
      ? appUrlFor(config.DATABASE_URL, config.DATABASE_APP_PASSWORD)
      : undefined);
  const redisUrl = config.REDIS_URL;
  if (!databaseUrl || !redisUrl) {
    throw new ConfigError([
      ...(databaseUrl ? [] : ['DATABASE_APP_URL: is required by the worker (or DATABASE_URL)']),
      ...(redisUrl ? [] : ['REDIS_URL: is required by the worker']),
    ]);
  }
  const ds = createDataSource(databaseUrl, 'app', 6);
  await ds.initialize();
  const name = `${hostname()}-${process.pid}`;
  const clock = clockFrom(config);
  const mailer = config.SMTP_URL ? createMailer(config.SMTP_URL, config.MAIL_FROM) : undefined;
  const queues = await openQueues(redisUrl, logger);
  const workers = startWorkers({
    ds,
    redisUrl,
    logger,
    name,
    clock,
    queues,
    mailer,
    policies: new PolicyVersions(),
    settings: {
      lockDurationMs: config.WORKER_LOCK_DURATION_MS,
      stalledIntervalMs: config.WORKER_STALLED_INTERVAL_MS,
      purgeBatchSize: config.PURGE_BATCH_SIZE,
    },
  });
  // Every replica competes; one (advisory lock holder) keeps the schedulers.
  const leader = new SchedulerLeader(ds, queues, logger, config.SWEEP_INTERVAL_MS);
  leader.start();
  logger.info({ worker: name, mail: !!mailer }, 'worker consuming queues');

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'worker shutting down: finishing jobs in hand');
    const drained = (async () => {
      await leader.stop();
      await workers.close();
      await queues.close();
      mailer?.close();
      await ds.destroy();
      return true;
    })();
    const deadline = new Promise<false>((resolve) =>
      setTimeout(() => resolve(false), SHUTDOWN_GRACE_MS).unref(),
    );
    if (await Promise.race([drained, deadline])) process.exit(0);
    // A job stuck (e.g. on a lock) must not keep the process past its stop window. Leaving
    // is safe: its batch transaction rolls back with the connection, its BullMQ lock lapses
    // and another worker takes the job back as stalled; it is not failed.
    logger.error({ graceMs: SHUTDOWN_GRACE_MS }, 'jobs still running at the shutdown deadline');
    process.exit(1);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
