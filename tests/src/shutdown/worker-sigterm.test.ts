import Redis from 'ioredis';
import { Client } from 'pg';
import { verifyAuditChain, withTenant } from '@conduct/db';
import { QUEUES, QUEUE_PREFIX } from '@conduct/jobs';
import { addDays } from '@conduct/policy';
import { seedCases } from '@conduct/testing';
import { startHarness, type SchedulingHarness } from '../scheduling/harness';
import { startService } from '../services/service-process';
import { until } from '../worker/process';

/**
 * Target 13 of RELIABILITY.md, for the worker: SIGTERM while a purge (and
 * whatever else) is in hand. Every job active at the signal must complete —
 * none failed, stalled or left active — and the process must exit 0 in < 30 s.
 * BullMQ's own records in Redis are the witness: its queues' active lists,
 * failed sets and event streams.
 */
const T0 = new Date('2026-01-05T09:00:00Z');
const ENDED = new Date('2026-03-31T00:00:00Z');
/** Southampton purges six years after the restrictions end. */
const PURGE_DUE = new Date('2032-04-01T00:00:00Z');
const CASES = 1000;
const REMINDERS = 100;

describe('the worker on SIGTERM', () => {
  let h: SchedulingHarness;
  let redis: Redis;
  let ids: string[];

  beforeAll(async () => {
    h = await startHarness(T0);
    redis = new Redis(h.redis.url);
    const seeded = await withTenant(h.ds, h.tenants.southampton!, (em) =>
      seedCases(
        em,
        Array.from({ length: CASES }, () => ({
          stage: 'closed',
          status: 'closed' as const,
          openedAt: T0,
          closedAt: ENDED,
          letters: 1,
          restrictions: [
            {
              type: 'single-point-of-contact',
              startsAt: T0,
              endsAt: ENDED,
              status: 'ended' as const,
              endedAt: ENDED,
            },
          ],
        })),
      ),
    );
    ids = seeded.map((s) => s.caseId);
    // Reviews due in a week: reminder jobs run beside the purge.
    await withTenant(h.ds, h.tenants.maidstone!, (em) =>
      seedCases(
        em,
        Array.from({ length: REMINDERS }, () => ({
          stage: 'policy-applied',
          openedAt: T0,
          reviewDueAt: addDays(PURGE_DUE, 7),
        })),
      ),
    );
    h.setClock(PURGE_DUE);
  });
  afterAll(async () => {
    redis.disconnect();
    await h.close();
  });

  const purged = async () =>
    Number(
      (await h.pg.query(`select count(*) as n from purge_log where case_id = any($1)`, [ids]))
        .rows[0].n,
    );
  const queues = Object.values(QUEUES);
  const activeJobs = async () =>
    (
      await Promise.all(
        queues.map(async (q) =>
          (await redis.lrange(`${QUEUE_PREFIX}:${q}:active`, 0, -1)).map((id) => `${q}/${id}`),
        ),
      )
    ).flat();
  /** BullMQ's event stream entries since `since` (ms), as `queue/jobId` by event name. */
  const eventsSince = async (since: number) => {
    const byEvent: Record<string, string[]> = {};
    for (const q of queues) {
      for (const [, fields] of await redis.xrange(
        `${QUEUE_PREFIX}:${q}:events`,
        String(since),
        '+',
      )) {
        const entry: Record<string, string> = {};
        for (let i = 0; i < fields.length; i += 2) entry[fields[i]!] = fields[i + 1]!;
        (byEvent[entry.event!] ??= []).push(`${q}/${entry.jobId}`);
      }
    }
    return byEvent;
  };

  it('finishes the jobs in hand, fails none, and exits 0 in under 30 s', async () => {
    const worker = startService(
      'worker',
      h.workerEnv({ PURGE_BATCH_SIZE: '10', LOG_LEVEL: 'debug' }),
    );
    try {
      await until(async () => ((await purged()) >= 30 ? true : undefined), 60_000);
      const signalled = Date.now();
      const inHand = await activeJobs();
      const { code, ms } = await worker.terminate();

      expect(inHand).toContain(`${QUEUES.retention}/purge-${h.tenants.southampton}`);
      expect(code).toBe(0);
      expect(ms).toBeLessThan(30_000);

      const events = await eventsSince(signalled);
      for (const job of inHand) expect(events.completed).toContain(job);
      expect(events.failed ?? []).toEqual([]);
      expect(events.stalled ?? []).toEqual([]);
      expect(await activeJobs()).toEqual([]);
      for (const q of queues) expect(await redis.zcard(`${QUEUE_PREFIX}:${q}:failed`)).toBe(0);
      expect(
        worker.output.filter((l) => /"level":(4|5|6)\d/.test(l) || !l.startsWith('{')),
      ).toEqual([]);

      // The purge stopped between batches: every case purged in full and logged, or untouched.
      const { rows } = await h.pg.query(
        `select count(*) filter (where c.status = 'purged')::int as purged,
                count(*) filter (where c.status = 'closed')::int as untouched,
                (select count(*)::int from purge_log p where p.case_id = any($1)) as logged
           from managed_case c where c.id = any($1)`,
        [ids],
      );
      expect(rows[0].purged + rows[0].untouched).toBe(CASES);
      expect(rows[0].logged).toBe(rows[0].purged);
      expect(rows[0].untouched).toBeGreaterThan(0); // the signal really came mid-run
      await withTenant(h.ds, h.tenants.southampton!, async (em) => {
        expect(await verifyAuditChain(em, h.tenants.southampton!)).toMatchObject({ ok: true });
      });
      console.log(
        `worker SIGTERM: exit ${code} after ${ms} ms; jobs in hand: ${inHand.join(', ')}; ` +
          `${rows[0].purged} of ${CASES} cases purged before the stop`,
      );
    } finally {
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    }
  }, 120_000);

  it('leaves a job stuck on a lock by its deadline, in under 30 s, for the next worker to finish', async () => {
    const before = await purged();
    const worker = startService('worker', h.workerEnv({ PURGE_BATCH_SIZE: '10' }));
    const blocker = new Client({ connectionString: h.db.ownerUrl });
    await blocker.connect();
    try {
      await until(async () => ((await purged()) >= before + 10 ? true : undefined), 60_000);
      // The purge deletes letters: its next batch waits on this lock for as long as the test likes.
      await blocker.query('begin');
      await blocker.query('lock table letter in access exclusive mode');
      await until(async () => {
        const { rows } = await h.pg.query(
          `select count(*)::int as n from pg_stat_activity
            where datname = $1 and application_name = 'conduct-app' and wait_event_type = 'Lock'`,
          [h.db.name],
        );
        return rows[0].n > 0 ? true : undefined;
      });
      const signalled = Date.now();
      const { code, ms } = await worker.terminate();
      expect(ms).toBeLessThan(30_000);
      expect(code).toBe(1); // it says it left work behind
      expect(worker.output.join('\n')).toContain('jobs still running at the shutdown deadline');
      await blocker.query('commit');

      // Not failed: still active under a lapsing lock, for the stalled check to hand back.
      const events = await eventsSince(signalled);
      expect(events.failed ?? []).toEqual([]);
      expect(await activeJobs()).toContain(`${QUEUES.retention}/purge-${h.tenants.southampton}`);

      const next = startService('worker', h.workerEnv({ PURGE_BATCH_SIZE: '50' }));
      await until(async () => ((await purged()) === CASES ? true : undefined), 90_000);
      const after = await next.terminate();
      expect(after.code).toBe(0);
      expect(await redis.zcard(`${QUEUE_PREFIX}:${QUEUES.retention}:failed`)).toBe(0);
      const log = await h.pg.query(
        `select count(*)::int as n, count(distinct case_id)::int as d from purge_log where case_id = any($1)`,
        [ids],
      );
      expect(log.rows[0]).toEqual({ n: CASES, d: CASES });
      console.log(`worker SIGTERM with a job stuck on a lock: exit ${code} after ${ms} ms`);
    } finally {
      await blocker.end();
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    }
  }, 180_000);
});
