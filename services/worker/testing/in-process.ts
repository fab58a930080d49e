import type { DataSource } from 'typeorm';
import { createLogger } from '@conduct/config';
import type { Clock } from '@conduct/config';
import { PolicyVersions } from '@conduct/casework';
import {
  type Mailer,
  type Queues,
  type RunningWorkers,
  type SweepResult,
  openQueues,
  startWorkers,
  sweep,
} from '@conduct/worker';

export interface InProcessWorker {
  queues: Queues;
  workers: RunningWorkers;
  /** Runs the reconciler once, then waits until every queue is empty. */
  sweepAndDrain(): Promise<SweepResult>;
  drain(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Real BullMQ workers and producers in the test's process, deciding with the test's clock. */
export async function startInProcessWorker(opts: {
  ds: DataSource;
  redisUrl: string;
  clock: Clock;
  mailer?: Mailer;
  purgeBatchSize?: number;
}): Promise<InProcessWorker> {
  const logger = createLogger('worker-test', process.env.LOG_LEVEL ?? 'silent');
  const queues = await openQueues(opts.redisUrl);
  const policies = new PolicyVersions();
  const workers = startWorkers({
    ds: opts.ds,
    redisUrl: opts.redisUrl,
    logger,
    name: `test-${process.pid}`,
    clock: opts.clock,
    queues,
    policies,
    ...(opts.mailer ? { mailer: opts.mailer } : {}),
    settings: { purgeBatchSize: opts.purgeBatchSize ?? 200 },
  });
  const drain = async (timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    const all = [queues.notifications, queues.expiry, queues.retention, queues.scheduling];
    for (;;) {
      const counts = await Promise.all(
        all.map((q) =>
          q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children'),
        ),
      );
      if (counts.every((c) => Object.values(c).every((n) => n === 0))) return;
      if (Date.now() > deadline) throw new Error(`queues not drained: ${JSON.stringify(counts)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return {
    queues,
    workers,
    drain,
    async sweepAndDrain() {
      const result = await sweep({
        ds: opts.ds,
        clock: opts.clock,
        policies,
        queues,
        logger,
        mailEnabled: !!opts.mailer,
      });
      await drain();
      return result;
    },
    async close() {
      await workers.close();
      await queues.close();
    },
  };
}
