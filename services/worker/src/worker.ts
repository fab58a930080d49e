import { Worker } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { Logger } from '@conduct/config';
import { QUEUES, heartbeatJob, workerConnection } from '@conduct/jobs';
import { processHeartbeat } from './maintenance/heartbeat.processor';

export interface WorkerDeps {
  ds: DataSource;
  redisUrl: string;
  logger: Logger;
  name: string;
}

export interface RunningWorkers {
  /** Finishes the jobs in hand (or returns them to the queue) and closes connections. */
  close(): Promise<void>;
}

/** One BullMQ worker per queue; each routes job names to processors. */
export function startWorkers(deps: WorkerDeps): RunningWorkers {
  const maintenance = new Worker(
    QUEUES.maintenance,
    async (job) => {
      if (job.name === heartbeatJob.name) return processHeartbeat(deps.ds, deps.name, job);
      throw new Error(`unknown job ${job.name} on ${QUEUES.maintenance}`);
    },
    { connection: workerConnection(deps.redisUrl), concurrency: 4 },
  );
  const workers = [maintenance];
  for (const w of workers) {
    w.on('failed', (job, err) =>
      deps.logger.warn({ jobId: job?.id, queue: w.name, err: err.message }, 'job failed'),
    );
    w.on('error', (err) => deps.logger.error({ queue: w.name, err: err.message }, 'worker error'));
  }
  return {
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
