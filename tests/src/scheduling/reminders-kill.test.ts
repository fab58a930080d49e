import type { ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import { verifyAuditChain, withTenant } from '@conduct/db';
import { openQueues, type Queues } from '@conduct/worker';
import { exited, spawnWorker, until } from '../worker/process';
import { seedReviewsDue } from './bulk-seed';
import { sleep, startHarness, type SchedulingHarness } from './harness';

const T1 = new Date('2026-05-04T09:00:00Z');
/** The reconciler's period (SWEEP_INTERVAL_MS). */
const SWEEP_MS = 1000;
/**
 * A killed worker's job goes to another once its lock has lapsed and a stalled
 * check has seen it (BullMQ marks active jobs at one check and takes back the
 * lockless ones at the next): at most lock duration + stalled interval after the kill.
 */
const LOCK_MS = 1000;
const STALLED_MS = 1000;
/** The sweep's own run, the queue and the job's run, on a shared 2-core runner. */
const RUN_SLACK_MS = 1000;
const WORKERS = 3;
/** An orchestrator restarts a dead worker after a while, not at once. */
const RESTART_AFTER_MS = 2500;
const PER_COUNCIL = 200;
/** The 1,000 reminders fall due one after another over this long. */
const SPREAD_MS = 45_000;

const STAGES: Record<string, string> = {
  'london-borough': 'restriction',
  maidstone: 'policy-applied',
  'cheshire-west-and-chester': 'stage-2',
  'welwyn-hatfield': 'restrictions',
  southampton: 'restriction',
};

/**
 * RELIABILITY target 11. Reminders fall due over 45 s (the workers' clock runs in real time)
 * while workers are killed with reminder jobs in hand and Redis is flushed; each is recorded
 * exactly once, and none later after it fell due than a sweep plus a dead worker's takeover.
 */
describe('1,000 review reminders falling due while workers are killed and Redis is flushed', () => {
  let h: SchedulingHarness;
  let queues: Queues;
  const workers = new Map<number, ChildProcess>();

  beforeAll(async () => {
    h = await startHarness(T1);
    queues = await openQueues(h.redis.url);
  });
  afterAll(async () => {
    for (const w of workers.values()) w.kill('SIGKILL');
    await Promise.all([...workers.values()].map(exited));
    await queues.close();
    await h.close();
  });

  const startWorker = () => {
    const w = spawnWorker(
      h.workerEnv({
        SWEEP_INTERVAL_MS: String(SWEEP_MS),
        WORKER_LOCK_DURATION_MS: String(LOCK_MS),
        WORKER_STALLED_INTERVAL_MS: String(STALLED_MS),
        // Kills and flushes make workers log errors by design.
        LOG_LEVEL: 'fatal',
      }),
    );
    workers.set(w.pid!, w);
  };

  /**
   * Kills a worker while it holds reminder jobs (BullMQ records the holder's name,
   * `<host>-<pid>`), so their takeover is measured; any worker if none is busy for 2 s.
   * Returns the cases whose jobs it held.
   */
  async function killWorkerInFlight(): Promise<string[]> {
    const deadline = Date.now() + 2000;
    let victim: ChildProcess | undefined;
    let held: string[] = [];
    while (!victim && Date.now() < deadline) {
      const active = await queues.notifications.getActive();
      const pid = Number(/-(\d+)$/.exec(active[0]?.processedBy ?? '')?.[1]);
      victim = workers.get(pid);
      held = active
        .filter((j) => j.processedBy === active[0]?.processedBy)
        .map((j) => (j.data as { caseId: string }).caseId);
      if (!victim) await sleep(5);
    }
    if (!victim) {
      held = [];
      victim = [...workers.values()][Math.floor(Math.random() * workers.size)]!;
    }
    victim.kill('SIGKILL');
    await exited(victim);
    workers.delete(victim.pid!);
    return held;
  }

  /** Per case: reminder audit events and writes, and how late (ms) after its due instant it was written. */
  async function reminders(ids: string[]) {
    const { rows } = await h.pg.query(
      `with n as (
         select n.case_id, count(*)::int as notices, count(distinct n.created_at)::int as writes,
                min(n.created_at) as written_at, array_agg(n.id::text order by n.id) as ids
           from notification n where n.case_id = any($1) and n.kind = 'review-reminder' group by n.case_id),
       a as (
         select a.case_id, count(distinct a.id)::int as audits, array_agg(x order by x) as ids
           from audit_event a cross join lateral jsonb_array_elements_text(a.payload -> 'notificationIds') x
          where a.case_id = any($1) and a.action = 'notification.review-reminder'
          group by a.case_id)
       select c.id, coalesce(a.audits, 0) as audits, coalesce(n.notices, 0) as notices,
              coalesce(n.writes, 0) as writes, a.ids = n.ids as audited_as_written,
              (extract(epoch from n.written_at - (c.review_due_at - make_interval(days =>
                 (v.document #>> array['stages', c.stage, 'review', 'reminderDaysBefore'])::int))) * 1000)::float8 as late_ms
         from managed_case c
         join policy_version v on v.tenant_id = c.tenant_id and v.id = c.policy_version_id
         left join n on n.case_id = c.id
         left join a on a.case_id = c.id
        where c.id = any($1)`,
      [ids],
    );
    return rows as {
      id: string;
      audits: number;
      notices: number;
      writes: number;
      audited_as_written: boolean | null;
      late_ms: number | null;
    }[];
  }

  it('records every reminder exactly once, no later than a sweep plus a stalled-job takeover', async () => {
    const started = Date.now();
    const now = h.runClockFrom(T1);
    for (let i = 0; i < WORKERS; i += 1) startWorker();
    await until(
      async () => ((await queues.notifications.getWorkersCount()) >= WORKERS ? true : undefined),
      30_000,
    );

    // Councils interleaved; the first reminder falls due 2 s from now, the last SPREAD_MS later.
    const first = now().getTime() + 2000;
    const councils = Object.entries(STAGES);
    const step = SPREAD_MS / (PER_COUNCIL * councils.length);
    const ids: string[] = [];
    for (const [k, [slug, stage]] of councils.entries()) {
      ids.push(
        ...(await seedReviewsDue(h.pg, h.tenants[slug]!, {
          tag: `RK${k}`,
          stage,
          remindersDueAt: Array.from(
            { length: PER_COUNCIL },
            (_, i) => new Date(first + (i * councils.length + k) * step),
          ),
        })),
      );
    }

    // Until the last reminder is due, every 4–5 s: a worker killed with reminder jobs in
    // hand or, every third time, Redis flushed (waiting and active jobs, locks and the
    // sweep's job scheduler all go). Faults are spaced so that each hits a reminder once.
    const redis = new Redis(h.redis.url);
    const restarts: Promise<void>[] = [];
    const killedInFlight: string[] = [];
    let kills = 0;
    let killsInFlight = 0;
    let flushes = 0;
    try {
      for (let event = 1; now().getTime() < first + SPREAD_MS; event += 1) {
        await sleep(4000 + Math.random() * 1000);
        if (event % 3 === 0) {
          await redis.flushall();
          flushes += 1;
          continue;
        }
        const held = await killWorkerInFlight();
        killedInFlight.push(...held);
        if (held.length) killsInFlight += 1;
        kills += 1;
        restarts.push(sleep(RESTART_AFTER_MS).then(startWorker));
      }
      await Promise.all(restarts);
    } finally {
      redis.disconnect();
    }

    await until(async () => {
      const r = await reminders(ids);
      return r.every((c) => c.audits > 0) ? true : undefined;
    }, 30_000);
    await sleep(3 * SWEEP_MS); // room for a duplicate to show itself
    const r = await reminders(ids);
    expect(r).toHaveLength(PER_COUNCIL * councils.length);
    // Exactly once: one audit event and one write (every recipient in one transaction) per case.
    expect(r.filter((c) => c.audits !== 1 || c.writes !== 1 || !c.audited_as_written)).toEqual([]);
    expect(r.every((c) => c.notices > 0)).toBe(true);

    const late = new Map(r.map((c) => [c.id, c.late_ms!]));
    const sorted = [...late.values()].sort((a, b) => a - b);
    const at = (q: number) => Math.round(sorted[Math.floor(q * (sorted.length - 1))]!);
    const max = sorted[sorted.length - 1]!;
    const inFlightMax = Math.max(0, ...killedInFlight.map((id) => late.get(id)!));
    process.stderr.write(
      `reminders-kill: ${r.length} reminders once each; ${kills} kills, ${killsInFlight} in flight (${killedInFlight.length} ` +
        `reminder jobs in hand, latest ${Math.round(inFlightMax)} ms), ${flushes} flushes; lateness ` +
        `p50 ${at(0.5)} p95 ${at(0.95)} p99 ${at(0.99)} max ${Math.round(max)} ms; ` +
        `${sorted.filter((ms) => ms > SWEEP_MS + STALLED_MS).length} over ${SWEEP_MS + STALLED_MS} ms; ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    // The fault this test is about must have happened: kills that took reminder jobs in hand.
    expect(killsInFlight).toBeGreaterThanOrEqual(1);
    expect(killedInFlight.length).toBeGreaterThanOrEqual(1);
    expect(sorted[0]).toBeGreaterThanOrEqual(0); // never before it was due
    expect(max).toBeLessThanOrEqual(SWEEP_MS + LOCK_MS + STALLED_MS + RUN_SLACK_MS);

    for (const [slug] of councils) {
      const tenantId = h.tenants[slug]!;
      await withTenant(h.ds, tenantId, async (em) => {
        expect(await verifyAuditChain(em, tenantId)).toMatchObject({ ok: true });
      });
    }
    // Every worker up (the last restarted late), so each can stop cleanly.
    await until(async () =>
      (await queues.notifications.getWorkersCount()) >= workers.size ? true : undefined,
    );
    for (const w of workers.values()) w.kill('SIGTERM');
    expect(await Promise.all([...workers.values()].map(exited))).toEqual([0, 0, 0]);
    workers.clear();
  }, 120_000);
});
