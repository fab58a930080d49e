// First: tracing patches pg and ioredis as they load.
import { tracing } from './observability/tracing';
import 'reflect-metadata';
import { hostname } from 'node:os';
import { ConfigError, createLogger, loadConfig } from '@conduct/config';
import {
  FileAnchorSink,
  SchemaVersionError,
  appUrlFor,
  assertKnownSchema,
  createDataSource,
} from '@conduct/db';
import {
  checkReadiness,
  databaseCheck,
  redisCheck,
  serveOperations,
  workerMetrics,
  type OperationsServer,
  type PoolCounts,
} from '@conduct/operations';
import { clockFrom } from '@conduct/config';
import { createMailer } from './notifications/mailer';
import { PolicyVersions } from '@conduct/casework';
import { SchedulerLeader } from './scheduling/leader';
import { openQueues } from './scheduling/queues';
import { connectAtStartup } from './startup';
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
  const ds = await connectAtStartup('database', logger, async () => {
    const ds = createDataSource(databaseUrl, 'app', 6);
    try {
      await ds.initialize();
      // Before taking a job: a schema this build does not know is refused in one line.
      await assertKnownSchema(ds);
      return ds;
    } catch (e) {
      if (ds.isInitialized) await ds.destroy();
      throw e;
    }
  });
  const name = `${hostname()}-${process.pid}`;
  const clock = clockFrom(config);
  const mailer = config.SMTP_URL ? createMailer(config.SMTP_URL, config.MAIL_FROM) : undefined;
  const queues = await connectAtStartup('redis', logger, () => openQueues(redisUrl, logger));
  const metrics = workerMetrics(
    () => (ds.driver as unknown as { master?: PoolCounts }).master,
    () => queues.probes(),
  );
  const readiness = () =>
    checkReadiness(
      {
        database: databaseCheck(ds),
        redis: redisCheck(queues.redis),
      },
      (dependency, err) =>
        logger.warn(
          { dependency, err: err instanceof Error ? err.message : String(err) },
          'readiness check failed',
        ),
    );
  // Probes and metrics share one server when given the same port.
  const operations: OperationsServer[] = [];
  if (config.WORKER_HEALTH_PORT !== undefined) {
    const sharesPort = config.METRICS_PORT === config.WORKER_HEALTH_PORT;
    operations.push(
      await serveOperations(config.WORKER_HEALTH_PORT, {
        readiness,
        registry: sharesPort ? metrics.registry : undefined,
      }),
    );
  }
  if (config.METRICS_PORT !== undefined && config.METRICS_PORT !== config.WORKER_HEALTH_PORT) {
    operations.push(await serveOperations(config.METRICS_PORT, { registry: metrics.registry }));
  }
  const workers = startWorkers({
    ds,
    redisUrl,
    logger,
    name,
    clock,
    queues,
    mailer,
    auditAnchorKey: config.AUDIT_ANCHOR_KEY,
    ...(config.AUDIT_ANCHOR_FILE
      ? { anchorSink: new FileAnchorSink(config.AUDIT_ANCHOR_FILE) }
      : {}),
    policies: new PolicyVersions(),
    metrics,
    settings: {
      lockDurationMs: config.WORKER_LOCK_DURATION_MS,
      stalledIntervalMs: config.WORKER_STALLED_INTERVAL_MS,
      purgeBatchSize: config.PURGE_BATCH_SIZE,
    },
  });
  // Every replica competes; one (advisory lock holder) keeps the schedulers.
  const leader = new SchedulerLeader(ds, queues, logger, config.SWEEP_INTERVAL_MS);
  leader.start();
  logger.info(
    { worker: name, mail: !!mailer, probes: operations.map((o) => o.port) },
    'worker consuming queues',
  );

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'worker shutting down: finishing jobs in hand');
    const drained = (async () => {
      await leader.stop();
      await workers.close();
      await queues.close();
      await Promise.all(operations.map((o) => o.close()));
      mailer?.close();
      await ds.destroy();
      await tracing?.shutdown();
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
  // A bad setting or an unknown schema: one line the operator can act on, no stack.
  console.error(e instanceof ConfigError || e instanceof SchemaVersionError ? e.message : e);
  process.exit(1);
});
