import type { ChildProcess } from 'node:child_process';
import { verifyAuditChain, withTenant } from '@conduct/db';
import { openQueues } from '@conduct/worker';
import { exited, spawnWorker, outputOf, until } from '../worker/process';
import { seedRetentionCases } from './bulk-seed';
import { sleep, startHarness, type SchedulingHarness } from './harness';

const SEEDED_AT = new Date('2026-01-05T09:00:00Z');
/** Southampton destroys records 6 years after the restrictions end. */
const ENDED = new Date('2026-03-31T00:00:00Z');
const CUTOFF = new Date('2032-04-01T00:00:00Z');
const DUE = 10_000;
const KILLS = 20;

/**
 * RELIABILITY target 10. The purge is one job per council, run by whichever worker holds it;
 * kill -9 that worker, 20 times, and drop its database connections and its Redis once each,
 * while it is inside a batch. After every fault each case is either purged completely (and
 * logged and audited once) or untouched; in the end every due case is purged exactly once.
 */
describe('a purge of 10,000 cases through 20 SIGKILLs, a Postgres backend kill and a Redis restart', () => {
  let h: SchedulingHarness;
  let tenantId: string;
  let seeded: { due: string[]; held: string[]; notDue: string[] };
  const workers = new Map<number, ChildProcess>();

  beforeAll(async () => {
    h = await startHarness(SEEDED_AT);
    tenantId = h.tenants.southampton!;
    seeded = await seedRetentionCases(h.pg, tenantId, {
      tag: 'PK',
      due: DUE,
      held: 300,
      notDue: 300,
      endedAt: ENDED,
      notDueEndedAt: new Date('2031-01-01T00:00:00Z'),
    });
    h.setClock(CUTOFF);
  });
  afterAll(async () => {
    for (const w of workers.values()) w.kill('SIGKILL');
    await Promise.all([...workers.values()].map(exited));
    await h.close();
  });

  const env = () =>
    h.workerEnv({
      PURGE_BATCH_SIZE: '50',
      SWEEP_INTERVAL_MS: '500',
      WORKER_LOCK_DURATION_MS: '1000',
      WORKER_STALLED_INTERVAL_MS: '1000',
      // Kills, a dropped database and a restarted Redis make workers log errors by design.
      LOG_LEVEL: 'fatal',
    });
  /** Workers that died without being killed by the test (a crash is a finding). */
  const crashed: string[] = [];
  const startWorker = () => {
    const w = spawnWorker(env());
    workers.set(w.pid!, w);
    w.once('exit', (code, signal) => {
      if (workers.get(w.pid!) === w && signal !== 'SIGTERM')
        crashed.push(`${w.pid}: ${code ?? signal} ${outputOf(w)}`);
    });
  };

  const purgedCount = async () =>
    Number(
      (
        await h.pg.query(`select count(*)::int as n from purge_log where tenant_id = $1`, [
          tenantId,
        ])
      ).rows[0].n,
    );

  /** The worker that wrote the latest batch (its pid is in the deletion log's actor). */
  async function purgingWorker(): Promise<ChildProcess> {
    const { rows } = await h.pg.query(
      `select payload ->> 'actor' as actor from audit_event
        where tenant_id = $1 and action = 'retention.purged' order by seq desc limit 1`,
      [tenantId],
    );
    const pid = Number(/-(\d+)\/job-/.exec(rows[0].actor as string)?.[1]);
    const w = workers.get(pid);
    if (!w) throw new Error(`the purging worker ${pid} is not one of ours`);
    return w;
  }

  /** Waits for `atLeast` more cases purged, then a random moment more: the next fault lands mid-batch. */
  async function purgeProgresses(atLeast: number): Promise<void> {
    const target = (await purgedCount()) + atLeast;
    await until(async () => ((await purgedCount()) >= target ? true : undefined), 60_000);
    await sleep(Math.random() * 40);
  }

  /**
   * In one snapshot: each case purged completely and logged once, or not touched at all;
   * the deletion log, the audit events' case ids and the purged cases are the same set.
   */
  async function expectConsistent(): Promise<{ purged: number }> {
    await h.pg.query('begin isolation level repeatable read read only');
    try {
      const { rows: cases } = await h.pg.query(
        `with contacts as (select case_id, count(*)::int as n from contact where tenant_id = $1 group by case_id),
              letters as (select case_id, count(*)::int as n from letter where tenant_id = $1 group by case_id),
              logged as (select case_id, count(*)::int as n from purge_log where tenant_id = $1 group by case_id),
              emptied as (select case_id, bool_and(parameters = '{}') as yes from restriction
                           where tenant_id = $1 group by case_id),
              live as (select distinct customer_id from managed_case where tenant_id = $1 and status <> 'purged'),
              k as (
                select c.status, c.summary, coalesce(ct.n, 0) as contacts, coalesce(l.n, 0) as letters,
                       coalesce(p.n, 0) as logged, s.id is not null as counted, e.yes as emptied,
                       cu.full_name is null and cu.email is null and cu.purged_at is not null as wiped,
                       lv.customer_id is not null as customer_has_live_case
                  from managed_case c
                  join customer cu on cu.tenant_id = c.tenant_id and cu.id = c.customer_id
                  join emptied e on e.case_id = c.id
                  left join contacts ct on ct.case_id = c.id
                  left join letters l on l.case_id = c.id
                  left join logged p on p.case_id = c.id
                  left join case_statistic s on s.tenant_id = c.tenant_id and s.id = c.id
                  left join live lv on lv.customer_id = c.customer_id
                 where c.tenant_id = $1)
         select count(*) filter (where status = 'purged' and summary is null and contacts = 0 and letters = 0
                                   and logged = 1 and counted and emptied
                                   and wiped = not customer_has_live_case)::int as purged,
                count(*) filter (where status = 'closed' and summary is not null and contacts = 2 and letters = 1
                                   and logged = 0 and not counted and not emptied and not wiped)::int as untouched,
                count(*)::int as total
           from k`,
        [tenantId],
      );
      const { purged, untouched, total } = cases[0];
      expect(purged + untouched).toBe(total);

      const { rows: logs } = await h.pg.query(
        `with audited as (
           select x::uuid as case_id from audit_event a, jsonb_array_elements_text(a.payload -> 'caseIds') x
            where a.tenant_id = $1 and a.action = 'retention.purged')
         select (select count(*) from purge_log where tenant_id = $1)::int as logged,
                (select count(*) from audited)::int as audited,
                (select count(distinct case_id) from audited)::int as audited_distinct,
                (select count(*) from (select case_id from audited
                                        except select case_id from purge_log where tenant_id = $1) d)::int as audited_not_logged`,
        [tenantId],
      );
      expect(logs[0]).toEqual({
        logged: purged,
        audited: purged,
        audited_distinct: purged,
        audited_not_logged: 0,
      });
      await withTenant(h.ds, tenantId, async (em) => {
        expect(await verifyAuditChain(em, tenantId)).toMatchObject({ ok: true });
      });
      return { purged };
    } finally {
      await h.pg.query('commit');
    }
  }

  it('purges each due case exactly once, touches nothing else, and a worker finishes the job', async () => {
    const started = Date.now();
    // One worker purges (a tenant's purge is one job); the other stands by to take it over.
    startWorker();
    startWorker();
    const faults: string[] = [];
    /** Said as it happens, so a run that times out shows how far it got. */
    const fault = (what: string) => {
      faults.push(what);
      process.stderr.write(
        `purge-kill: ${what} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
      );
    };
    let last = 0;
    for (let kill = 1; kill <= KILLS; kill += 1) {
      // Steps sized so 20 kills, the overshoot of each and the two other faults stay well
      // inside the 10,000 due cases now that a batch purges in a few statements.
      await purgeProgresses(150 + Math.floor(Math.random() * 100));
      const victim = await purgingWorker();
      workers.delete(victim.pid!);
      victim.kill('SIGKILL');
      await exited(victim);
      startWorker();
      const { purged } = await expectConsistent();
      expect(purged).toBeGreaterThan(last); // each kill came while the purge was moving
      expect(purged).toBeLessThan(DUE); // ... and before it ended
      last = purged;
      fault(`kill ${kill} at ${purged}`);

      if (kill === 7) {
        await purgeProgresses(100);
        const dropped = await h.terminateAppConnections();
        expect(dropped).toBeGreaterThan(0);
        fault(
          `postgres: ${dropped} connections terminated at ${(await expectConsistent()).purged}`,
        );
      }
      if (kill === 14) {
        await purgeProgresses(100);
        await h.restartRedis(500);
        fault(`redis restarted at ${(await expectConsistent()).purged}`);
      }
    }

    await until(async () => ((await purgedCount()) >= DUE ? true : undefined), 60_000);
    // The job itself ends: completed (and removed), none failed, none left to take over.
    // Then every worker is up (the last one started after the last kill), so it can stop cleanly.
    const queues = await openQueues(h.redis.url);
    try {
      await until(async () => {
        const counts = await queues.retention.getJobCounts();
        return Object.values(counts).every((n) => n === 0) ? true : undefined;
      }, 30_000);
      // Under load on a shared 2-core machine the last worker to start may need a while to connect.
      let seen = 0;
      await until(async () => {
        seen = await queues.retention.getWorkersCount();
        return seen >= workers.size ? true : undefined;
      }, 60_000).catch((e: Error) => {
        throw new Error(
          `${e.message}: ${seen} retention workers connected, ${workers.size} running; crashed: ${crashed.join(', ') || 'none'}`,
        );
      });
    } finally {
      await queues.close();
    }
    const { purged } = await expectConsistent();
    expect(purged).toBe(DUE);
    const { rows } = await h.pg.query(
      `select case_id from purge_log where tenant_id = $1 order by case_id`,
      [tenantId],
    );
    expect(rows.map((r) => r.case_id)).toEqual([...seeded.due].sort());
    const kept = await h.pg.query(
      `select count(*)::int as n from managed_case where tenant_id = $1 and status = 'closed' and id = any($2)`,
      [tenantId, [...seeded.held, ...seeded.notDue]],
    );
    expect(kept.rows[0].n).toBe(seeded.held.length + seeded.notDue.length);
    // Crashed more often than BullMQ's maxStalledCount allows, the job failed; the sweep
    // enqueued it again (its id was free) and a new run, with a new cutoff, went on.
    const runs = await h.pg.query(
      `select count(distinct run_id)::int as n from purge_log where tenant_id = $1`,
      [tenantId],
    );
    expect(runs.rows[0].n).toBeGreaterThan(1);

    expect(crashed).toEqual([]);
    for (const w of workers.values()) w.kill('SIGTERM');
    expect(await Promise.all([...workers.values()].map(exited))).toEqual([0, 0]);
    workers.clear();
    process.stderr.write(
      `purge-kill: ${DUE} cases purged once each by ${runs.rows[0].n} runs in ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s; ${faults.join('; ')}\n`,
    );
    // Twenty kills on a shared 2-core machine under load take several minutes.
  }, 480_000);
});
