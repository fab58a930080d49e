import { Queue, Worker, type Job } from 'bullmq';
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import type { Logger } from '@conduct/config';
import {
  DEFAULT_JOB_OPTIONS,
  QUEUES,
  benchmarkSnapshotJob,
  QUEUE_PREFIX,
  producerConnection,
  recentBenchmarkPeriods,
  workerConnection,
} from '@conduct/jobs';
import type { Clock } from '@conduct/config';
import { runBenchmarkSnapshot, type SnapshotResult } from './snapshot';

export interface BenchmarkWorkerDeps {
  ds: DataSource;
  redisUrl: string;
  logger: Logger;
  clock: Clock;
  lockDurationMs?: number;
  /** How often the scheduler is checked (and re-created if Redis lost it). */
  schedulerCheckMs?: number;
}

/** Runs one snapshot job: the periods asked for, or the recent ones. */
export function processBenchmarkJob(
  deps: Pick<BenchmarkWorkerDeps, 'ds' | 'logger' | 'clock'>,
  job: Pick<Job, 'data'>,
): Promise<SnapshotResult> {
  const data = benchmarkSnapshotJob.data.parse(job.data);
  const now = deps.clock.now();
  return runBenchmarkSnapshot(deps.ds, {
    periods: data.periods ?? recentBenchmarkPeriods(now),
    now,
    logger: deps.logger,
  });
}

/**
 * Makes sure the daily scheduler exists. Only the replica that wins a
 * transaction-level advisory lock upserts it, and only when it is missing or
 * its pattern changed, so replicas starting together do not race.
 */
export async function ensureBenchmarkScheduler(ds: DataSource, queue: Queue): Promise<boolean> {
  return ds.transaction(async (em) => {
    const [lock] = (await em.query(
      `select pg_try_advisory_xact_lock(hashtextextended('conduct:benchmark-scheduler', 0)) as ok`,
    )) as { ok: boolean }[];
    if (!lock?.ok) return false;
    const existing = await queue.getJobScheduler(benchmarkSnapshotJob.schedulerId);
    if (existing?.pattern === benchmarkSnapshotJob.pattern) return false;
    await queue.upsertJobScheduler(
      benchmarkSnapshotJob.schedulerId,
      { pattern: benchmarkSnapshotJob.pattern, tz: 'UTC' },
      {
        name: benchmarkSnapshotJob.name,
        data: {},
        opts: {
          attempts: 3,
          backoff: { type: 'exponential', delay: 60_000 },
          removeOnComplete: true,
          removeOnFail: { count: 100 },
        },
      },
    );
    return true;
  });
}

/** Asks for a run now (e.g. from the command line); runs for the same periods are not duplicated. */
export async function enqueueBenchmarkSnapshot(
  queue: Queue,
  periods?: string[],
  requestedBy?: string,
): Promise<string | undefined> {
  const data = benchmarkSnapshotJob.data.parse({ periods, requestedBy });
  const job = await queue.add(benchmarkSnapshotJob.name, data, {
    ...DEFAULT_JOB_OPTIONS,
    jobId: benchmarkSnapshotJob.id(data),
  });
  return job.id;
}

export interface RunningBenchmarkWorker {
  close(): Promise<void>;
}

/** The benchmarking queue's worker, and the keeper of its daily scheduler. */
export function startBenchmarkWorker(deps: BenchmarkWorkerDeps): RunningBenchmarkWorker {
  const worker = new Worker(
    QUEUES.benchmarking,
    async (job) => {
      if (job.name === benchmarkSnapshotJob.name) return processBenchmarkJob(deps, job);
      throw new Error(`unknown job ${job.name} on ${QUEUES.benchmarking}`);
    },
    {
      connection: workerConnection(deps.redisUrl),
      prefix: QUEUE_PREFIX,
      concurrency: 1,
      lockDuration: deps.lockDurationMs ?? 5 * 60_000,
    },
  );
  worker.on('failed', (job, err) =>
    deps.logger.warn(
      { jobId: job?.id, queue: QUEUES.benchmarking, err: err.message },
      'job failed',
    ),
  );
  worker.on('error', (err) =>
    deps.logger.error({ queue: QUEUES.benchmarking, err: err.message }, 'worker error'),
  );

  let queue: Queue | undefined;
  let connection: Redis | undefined;
  let closed = false;
  const check = async () => {
    try {
      if (!queue) {
        connection = await producerConnection(deps.redisUrl);
        queue = new Queue(QUEUES.benchmarking, { connection, prefix: QUEUE_PREFIX });
      }
      if (closed) return;
      if (await ensureBenchmarkScheduler(deps.ds, queue)) {
        deps.logger.info({ pattern: benchmarkSnapshotJob.pattern }, 'benchmark scheduler upserted');
      }
    } catch (e) {
      deps.logger.warn({ err: (e as Error).message }, 'benchmark scheduler check failed');
    }
  };
  const first = check();
  const timer = setInterval(() => void check(), deps.schedulerCheckMs ?? 10 * 60_000);
  timer.unref();

  return {
    close: async () => {
      closed = true;
      clearInterval(timer);
      await first;
      await worker.close();
      await queue?.close();
      connection?.disconnect();
    },
  };
}
