import Redis from 'ioredis';
import { withTenant } from '@conduct/db';
import { addDays } from '@conduct/policy';
import { PolicyVersions, openQueues, sweep } from '@conduct/worker';
import { seedCases, type SeededCase } from '@conduct/testing';
import { createLogger } from '@conduct/config';
import { exited, spawnWorker, until } from '../worker/process';
import { sleep, startHarness, startSmtp, type SchedulingHarness, type TestSmtp } from './harness';

const T1 = new Date('2026-05-04T09:00:00Z');
/** Reviews due a week after T1: every council's reminder is due at T1, no escalation yet. */
const DUE = addDays(T1, 7);
/** Two days after: every escalation (1 day after the due date) is due too. */
const T2 = addDays(DUE, 2);

const STAGES: Record<string, string> = {
  'london-borough': 'restriction',
  maidstone: 'policy-applied',
  'cheshire-west-and-chester': 'stage-2',
  'welwyn-hatfield': 'restrictions',
  southampton: 'restriction',
};

async function seedReminders(h: SchedulingHarness, perCouncil: number): Promise<SeededCase[]> {
  const all: SeededCase[] = [];
  for (const [slug, stage] of Object.entries(STAGES)) {
    all.push(
      ...(await withTenant(h.ds, h.tenants[slug]!, (em) =>
        seedCases(
          em,
          Array.from({ length: perCouncil }, () => ({
            stage,
            openedAt: addDays(T1, -200),
            reviewDueAt: DUE,
          })),
        ),
      )),
    );
  }
  return all;
}

/** Per case and kind: how many audit events (1 = the notices were written once) and how many notices. */
async function tally(h: SchedulingHarness, ids: string[], kind: string) {
  const audits = await h.pg.query(
    `select case_id, count(*)::int as n from audit_event where case_id = any($1) and action = $2 group by case_id`,
    [ids, `notification.${kind}`],
  );
  const notices = await h.pg.query(
    `select n.id, n.title, u.email, n.emailed_at from notification n join app_user u on u.tenant_id = n.tenant_id and u.id = n.recipient_id
      where n.case_id = any($1) and n.kind = $2`,
    [ids, kind],
  );
  return {
    casesTold: audits.rows.length,
    maxAuditsPerCase: Math.max(0, ...audits.rows.map((r) => r.n as number)),
    notices: notices.rows as {
      id: string;
      title: string;
      email: string;
      emailed_at: Date | null;
    }[],
  };
}

/** Every notice emailed exactly once: one message per (recipient, subject), as many as notices. */
function expectEmailedOnce(smtp: TestSmtp, notices: { title: string; email: string }[]) {
  const sent = smtp.messages.filter((m) => notices.some((n) => n.title === m.subject));
  const keys = sent.map((m) => `${m.to.join(',')}|${m.subject}`);
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys.sort()).toEqual(notices.map((n) => `${n.email}|${n.title}`).sort());
}

describe('reminders survive a flushed Redis and several workers, and arrive once', () => {
  let h: SchedulingHarness;
  let smtp: TestSmtp;

  beforeEach(async () => {
    h = await startHarness(T1);
    smtp = await startSmtp();
  });
  afterEach(async () => {
    await smtp.close();
    await h.close();
  });

  it('FLUSHALL before and during the run: the sweep re-enqueues from the database; each reminder arrives once', async () => {
    const cases = await seedReminders(h, 4);
    const ids = cases.map((c) => c.caseId);

    // Jobs enqueued while no worker runs ...
    const queues = await openQueues(h.redis.url);
    const clock = { now: () => T1 };
    const found = await sweep({
      ds: h.ds,
      clock,
      policies: new PolicyVersions(),
      queues,
      logger: createLogger('t', 'silent'),
      mailEnabled: true,
    });
    expect(found.notices).toBe(ids.length);
    expect(await queues.notifications.getWaitingCount()).toBe(ids.length);
    await queues.close();
    // ... are lost.
    const redis = new Redis(h.redis.url);
    await redis.flushall();

    // LOG_LEVEL fatal: after a flush the worker rightly reports the jobs whose keys vanished.
    const worker = spawnWorker(h.workerEnv({ SMTP_URL: smtp.url, LOG_LEVEL: 'fatal' }));
    try {
      await until(
        async () =>
          (await tally(h, ids, 'review-reminder')).casesTold === ids.length ? true : undefined,
        30_000,
      );
      // Flushed again while the worker runs (the job scheduler goes too: the leader puts it back).
      await redis.flushall();
      h.setClock(T2);
      await until(
        async () =>
          (await tally(h, ids, 'review-overdue')).casesTold === ids.length ? true : undefined,
        30_000,
      );
      await until(async () => {
        const { rows } = await h.pg.query(
          `select count(*)::int as n from notification where emailed_at is null`,
        );
        return rows[0].n === 0 ? true : undefined;
      });
      await sleep(1500); // several more sweeps
      for (const kind of ['review-reminder', 'review-overdue']) {
        const t = await tally(h, ids, kind);
        expect(t.casesTold).toBe(ids.length);
        expect(t.maxAuditsPerCase).toBe(1);
        expectEmailedOnce(smtp, t.notices);
      }
    } finally {
      redis.disconnect();
      worker.kill('SIGTERM');
      expect(await exited(worker)).toBe(0);
    }
  });

  it('two workers running: each reminder and each email delivered once', async () => {
    const cases = await seedReminders(h, 8);
    const ids = cases.map((c) => c.caseId);
    const env = h.workerEnv({ SMTP_URL: smtp.url, SWEEP_INTERVAL_MS: '200' });
    const workers = [spawnWorker(env), spawnWorker(env)];
    try {
      await until(
        async () =>
          (await tally(h, ids, 'review-reminder')).casesTold === ids.length ? true : undefined,
        30_000,
      );
      await until(async () => {
        const { rows } = await h.pg.query(
          `select count(*)::int as n from notification where emailed_at is null`,
        );
        return rows[0].n === 0 ? true : undefined;
      });
      await sleep(1000);
      const t = await tally(h, ids, 'review-reminder');
      expect(t.maxAuditsPerCase).toBe(1);
      expectEmailedOnce(smtp, t.notices);
      expect(t.notices.every((n) => n.emailed_at)).toBe(true);
    } finally {
      for (const w of workers) w.kill('SIGTERM');
      expect(await Promise.all(workers.map(exited))).toEqual([0, 0]);
    }
  });
});
