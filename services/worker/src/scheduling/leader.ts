import type { DataSource, QueryRunner } from 'typeorm';
import type { Logger } from '@conduct/config';
import { sweepJob } from '@conduct/jobs';
import type { Queues } from './queues';

/** Any 64-bit number, the same in every replica. */
const LEADER_LOCK = `select pg_try_advisory_lock(hashtextextended('conduct:scheduler-leader', 0)) as ok`;

/**
 * One replica upserts the job schedulers, not all of them: whoever holds a
 * session-level Postgres advisory lock (on a connection kept for the purpose).
 * If the leader dies its session ends, the lock is released and another
 * replica takes over at its next attempt. The leader re-checks the schedulers
 * periodically and re-creates them when Redis lost them (flushed, restarted).
 */
export class SchedulerLeader {
  private runner: QueryRunner | undefined;
  private timer: NodeJS.Timeout | undefined;
  private leading = false;
  private busy = false;

  constructor(
    private readonly ds: DataSource,
    private readonly queues: Queues,
    private readonly logger: Logger,
    private readonly sweepEveryMs: number,
    private readonly checkEveryMs = Math.min(Math.max(sweepEveryMs, 1000), 10_000),
  ) {}

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.checkEveryMs);
  }

  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      if (this.leading) {
        // The lock lives as long as its session: one the database ended (failover,
        // pg_terminate_backend) released it, and another replica may lead by now.
        await this.runner!.query('select 1');
      } else {
        this.runner ??= this.ds.createQueryRunner();
        const [row] = (await this.runner.query(LEADER_LOCK)) as { ok: boolean }[];
        this.leading = row?.ok === true;
        if (this.leading) this.logger.info('this worker leads: it keeps the job schedulers');
      }
      if (this.leading) await this.ensureSchedulers();
    } catch (e) {
      this.logger.warn({ err: (e as Error).message }, 'scheduler leadership check failed');
      await this.dropConnection();
    } finally {
      this.busy = false;
    }
  }

  private async ensureSchedulers(): Promise<void> {
    const existing = await this.queues.scheduling.getJobScheduler(sweepJob.schedulerId);
    if (existing && existing.every === this.sweepEveryMs) return;
    await this.queues.scheduling.upsertJobScheduler(
      sweepJob.schedulerId,
      { every: this.sweepEveryMs },
      {
        name: sweepJob.name,
        data: {},
        opts: { removeOnComplete: true, removeOnFail: { count: 100 } },
      },
    );
    this.logger.info({ every: this.sweepEveryMs }, 'sweep scheduler upserted');
  }

  private async dropConnection(): Promise<void> {
    this.leading = false;
    const runner = this.runner;
    this.runner = undefined;
    if (runner) await runner.release().catch(() => undefined);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    while (this.busy) await new Promise((r) => setTimeout(r, 20));
    if (this.leading && this.runner) {
      await this.runner
        .query(`select pg_advisory_unlock(hashtextextended('conduct:scheduler-leader', 0))`)
        .catch(() => undefined);
    }
    await this.dropConnection();
  }
}
