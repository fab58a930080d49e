import { type Job, Worker } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { AnchorSink } from '@conduct/db';
import type { Logger } from '@conduct/config';
import type { WorkerMetrics } from '@conduct/operations';
import {
  QUEUES,
  QUEUE_PREFIX,
  emailJob,
  expiryJob,
  heartbeatJob,
  purgeJob,
  reviewNotificationJob,
  sweepJob,
  workerConnection,
} from '@conduct/jobs';
import { startBenchmarkWorker } from './benchmarking/benchmark.worker';
import type { Clock } from '@conduct/config';
import { runExpiry } from './expiry/expiry';
import {
  FILED_ESCALATION_JOB,
  filedEscalationData,
  runFiledEscalation,
} from './filed-correspondence/escalate';
import { processHeartbeat } from './maintenance/heartbeat.processor';
import type { Mailer } from './notifications/mailer';
import { deliverEmails, processReviewNotice } from './notifications/notices';
import { PolicyVersions } from '@conduct/casework';
import { newRunId, runPurge } from '@conduct/casework';
import type { Queues } from './scheduling/queues';
import { sweep } from './scheduling/sweep';

export interface WorkerSettings {
  /** A killed worker's job is taken back by another once its lock lapses. */
  lockDurationMs: number;
  stalledIntervalMs: number;
  purgeBatchSize: number;
}

export const DEFAULT_SETTINGS: WorkerSettings = {
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  purgeBatchSize: 200,
};

export interface WorkerDeps {
  ds: DataSource;
  redisUrl: string;
  logger: Logger;
  name: string;
  /** What time it is for every decision (tests move it). */
  clock: Clock;
  /** Producers: the sweep enqueues through them. */
  queues: Queues;
  mailer?: Mailer;
  /** AUDIT_ANCHOR_KEY: signs the audit-chain anchors the sweep records. */
  auditAnchorKey?: string;
  /** Write-once export of each anchor (AUDIT_ANCHOR_FILE). */
  anchorSink?: AnchorSink;
  policies?: PolicyVersions;
  settings?: Partial<WorkerSettings>;
  /** Job duration, failures and purged cases, when the process exports metrics. */
  metrics?: WorkerMetrics;
}

export interface RunningWorkers {
  /** Finishes the jobs in hand (a purge stops after its current batch) and closes connections. */
  close(): Promise<void>;
}

/** One BullMQ worker per queue; each routes job names to processors. */
export function startWorkers(deps: WorkerDeps): RunningWorkers {
  const settings = { ...DEFAULT_SETTINGS, ...deps.settings };
  const policies = deps.policies ?? new PolicyVersions();
  let closing = false;
  // BullMQ leaves a connection it was given open: close() disconnects these.
  const connections: ReturnType<typeof workerConnection>[] = [];
  const options = (concurrency: number) => {
    const connection = workerConnection(deps.redisUrl);
    connections.push(connection);
    return {
      connection,
      prefix: QUEUE_PREFIX,
      // Recorded on each job it takes (processedBy): which process holds a job, for operators.
      name: deps.name,
      concurrency,
      lockDuration: settings.lockDurationMs,
      stalledInterval: settings.stalledIntervalMs,
      maxStalledCount: 3,
    };
  };

  const maintenance = new Worker(
    QUEUES.maintenance,
    async (job) => {
      if (job.name === heartbeatJob.name) return processHeartbeat(deps.ds, deps.name, job);
      if (job.name === FILED_ESCALATION_JOB) {
        const { tenantId } = filedEscalationData(job.data);
        return { escalated: await runFiledEscalation({ ...deps, policies }, tenantId) };
      }
      throw new Error(`unknown job ${job.name} on ${QUEUES.maintenance}`);
    },
    options(4),
  );

  const scheduling = new Worker(
    QUEUES.scheduling,
    async (job) => {
      if (job.name !== sweepJob.name)
        throw new Error(`unknown job ${job.name} on ${QUEUES.scheduling}`);
      const result = await sweep({ ...deps, policies, mailEnabled: !!deps.mailer });
      if (result.anchorFailures === 0) deps.metrics?.anchoringDone(new Date());
      deps.logger.debug({ ...result }, 'sweep done');
      return result;
    },
    options(1),
  );

  const notifications = new Worker(
    QUEUES.notifications,
    async (job) => {
      if (job.name === reviewNotificationJob.name) {
        const data = reviewNotificationJob.data.parse(job.data);
        return { written: await processReviewNotice({ ...deps, policies }, data) };
      }
      if (job.name === emailJob.name) {
        const { tenantId } = emailJob.data.parse(job.data);
        return { sent: await deliverEmails({ ...deps, policies }, tenantId) };
      }
      throw new Error(`unknown job ${job.name} on ${QUEUES.notifications}`);
    },
    options(4),
  );

  const expiry = new Worker(
    QUEUES.expiry,
    async (job) => {
      if (job.name !== expiryJob.name)
        throw new Error(`unknown job ${job.name} on ${QUEUES.expiry}`);
      const { tenantId } = expiryJob.data.parse(job.data);
      return runExpiry({ ...deps, policies }, tenantId);
    },
    options(2),
  );

  const retention = new Worker(
    QUEUES.retention,
    async (job: Job) => {
      if (job.name !== purgeJob.name)
        throw new Error(`unknown job ${job.name} on ${QUEUES.retention}`);
      let data = purgeJob.data.parse(job.data);
      if (!data.cutoff || !data.runId) {
        // Fixed once, at the first start: a retried or taken-over job keeps its cutoff.
        data = { ...data, cutoff: deps.clock.now().toISOString(), runId: newRunId() };
        await job.updateData(data);
      }
      const result = await runPurge(deps.ds, policies, data.tenantId, {
        cutoff: new Date(data.cutoff!),
        runId: data.runId!,
        actor: `worker:${deps.name}:job-${job.id}`.replace(/:/g, '/'),
        now: () => deps.clock.now(),
        batchSize: settings.purgeBatchSize,
        shouldStop: () => closing,
      });
      deps.metrics?.purgedCases.inc(result.purged);
      deps.logger.info({ tenantId: data.tenantId, ...result }, 'purge run finished');
      return result;
    },
    options(2),
  );

  // Benchmarking: its own queue and worker, and the keeper of its daily scheduler.
  const benchmarking = startBenchmarkWorker({ ...deps, lockDurationMs: settings.lockDurationMs });

  const workers = [maintenance, scheduling, notifications, expiry, retention];
  for (const w of workers) {
    w.on('failed', (job, err) => {
      deps.metrics?.jobFailures.inc({ queue: w.name, job: job?.name ?? 'unknown' });
      deps.logger.warn({ jobId: job?.id, queue: w.name, err: err.message }, 'job failed');
    });
    w.on('completed', (job) => {
      if (job.processedOn && job.finishedOn)
        deps.metrics?.jobDuration.observe(
          { queue: w.name, job: job.name },
          (job.finishedOn - job.processedOn) / 1000,
        );
    });
    w.on('error', (err) => deps.logger.error({ queue: w.name, err: err.message }, 'worker error'));
  }
  return {
    close: async () => {
      closing = true;
      await Promise.all([...workers.map((w) => w.close()), benchmarking.close()]);
      for (const c of connections) c.disconnect();
    },
  };
}
