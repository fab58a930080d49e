import { ApiKey, ApiKeyLocator, AppUser, withTenant } from '@conduct/db';
import { addDays } from '@conduct/policy';
import { generateApiKey, hashSecret } from '@conduct/api/api-keys/api-key.secret';
import { freePort, seedCases } from '@conduct/testing';
import { seedRetentionCases } from '../scheduling/bulk-seed';
import { sleep, startHarness, type SchedulingHarness } from '../scheduling/harness';
import { postGraphQL } from '../services/graphql-client';
import { startService, type ServiceProcess } from '../services/service-process';
import { until } from '../worker/process';

/**
 * Past one machine: two API and two worker processes, the image's entry points
 * with NODE_ENV=production (real clock, no test hooks), on one Postgres and one
 * Redis, under load. Every review reminder, restriction expiry and purge is done
 * exactly once, and every response is the right one.
 */
const NOW = new Date();
const STAGES: Record<string, string> = {
  'london-borough': 'restriction',
  maidstone: 'policy-applied',
  'cheshire-west-and-chester': 'stage-2',
  'welwyn-hatfield': 'restrictions',
  southampton: 'restriction',
};
const REMINDERS_PER_COUNCIL = 6;
const EXPIRING = 30;
const PURGE = { due: 200, held: 20, notDue: 30 };
const REQUESTS = 400;
const CONCURRENCY = 8;

const LIST = `query { customers(first: 5) { totalCount edges { node { id } } } }`;
const CREATE = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id reference } }`;

describe('two API and two worker replicas on one Postgres and Redis', () => {
  let h: SchedulingHarness;
  let key: string;
  let reminderCases: string[];
  let expiringCases: string[];
  let purge: { due: string[]; held: string[]; notDue: string[] };
  const apis: (ServiceProcess & { url: string })[] = [];
  const workers: ServiceProcess[] = [];

  beforeAll(async () => {
    h = await startHarness(NOW);
    reminderCases = [];
    for (const [slug, stage] of Object.entries(STAGES)) {
      const seeded = await withTenant(h.ds, h.tenants[slug]!, (em) =>
        seedCases(
          em,
          Array.from({ length: REMINDERS_PER_COUNCIL }, () => ({
            stage,
            openedAt: addDays(NOW, -200),
            // The reminder is due a week before: now.
            reviewDueAt: addDays(NOW, 7),
          })),
        ),
      );
      reminderCases.push(...seeded.map((s) => s.caseId));
    }
    const southampton = h.tenants.southampton!;
    expiringCases = (
      await withTenant(h.ds, southampton, (em) =>
        seedCases(
          em,
          Array.from({ length: EXPIRING }, () => ({
            stage: 'restriction',
            openedAt: addDays(NOW, -120),
            restrictions: [
              {
                type: 'single-point-of-contact',
                startsAt: addDays(NOW, -90),
                endsAt: addDays(NOW, -1),
              },
            ],
          })),
        ),
      )
    ).map((s) => s.caseId);
    // Southampton keeps records 6 years after the restrictions end: these ended 7 years ago.
    purge = await seedRetentionCases(h.pg, southampton, {
      tag: 'RX',
      ...PURGE,
      endedAt: addDays(NOW, -7 * 366),
      notDueEndedAt: addDays(NOW, -365),
    });

    // Production refuses development tokens: the load comes through an API key. An API key
    // never holds a role that proposes or decides (in Southampton the officer proposes), so
    // the key and its service account hold a staff role that only reads and records.
    const KEY_ROLES = ['complaints-resolution-team'];
    const generated = generateApiKey();
    key = generated.key;
    await withTenant(h.ds, southampton, async (em) => {
      const [officer] = await em.find(AppUser, {
        where: { tenantId: southampton, email: 'officer@southampton.example' },
      });
      const account = await em.save(
        em.create(AppUser, {
          tenantId: southampton,
          email: `api-key+${generated.keyId}@service.invalid`,
          displayName: 'Load test',
          roles: KEY_ROLES,
          active: true,
          kind: 'service',
          subject: null,
          deactivatedAt: null,
        }),
      );
      await em.insert(ApiKeyLocator, { keyId: generated.keyId, tenantId: southampton });
      await em.insert(ApiKey, {
        tenantId: southampton,
        keyId: generated.keyId,
        name: 'Load test',
        secretHash: hashSecret(generated.secret),
        roles: KEY_ROLES,
        userId: account.id,
        expiresAt: addDays(NOW, 30),
        revokedAt: null,
        revokedBy: null,
        createdBy: officer!.id,
        createdAt: NOW,
      });
    });
  });

  afterAll(async () => {
    await Promise.all([...apis, ...workers].map((p) => p.terminate()));
    await h.close();
  });

  const count = async (sql: string, params: unknown[]) =>
    Number((await h.pg.query(sql, params)).rows[0].n);

  it('does each reminder, expiry and purge once and answers every request correctly', async () => {
    const env = {
      NODE_ENV: 'production',
      AUDIT_ANCHOR_KEY: 'test-audit-anchor-key-0123456789abcdef',
      DATABASE_URL: h.db.ownerUrl,
      DATABASE_APP_PASSWORD: decodeURIComponent(new URL(h.db.appUrl).password),
      REDIS_URL: h.redis.url,
      SWEEP_INTERVAL_MS: '500',
      LOG_LEVEL: 'warn',
    };
    const started = Date.now();
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      apis.push({
        ...startService('api', {
          ...env,
          PORT: String(port),
          METRICS_PORT: String(await freePort()),
        }),
        url: `http://127.0.0.1:${port}`,
      });
      workers.push(
        startService('worker', { ...env, WORKER_HEALTH_PORT: String(await freePort()) }),
      );
    }
    await until(async () => {
      for (const p of [...apis, ...workers])
        if (p.child.exitCode !== null) throw new Error(p.output.join('\n'));
      const ready = await Promise.all(
        apis.map((a) =>
          fetch(`${a.url}/readyz`).then(
            (r) => r.ok,
            () => false,
          ),
        ),
      );
      return ready.every(Boolean) ? true : undefined;
    }, 120_000);

    // Load: reads and writes spread over both APIs while the workers do their jobs.
    const outcomes: { ok: boolean; ms: number; kind: string }[] = [];
    const created: string[] = [];
    let next = 0;
    const loadStarted = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS) {
          const i = next++;
          const api = apis[i % 2]!;
          const t = Date.now();
          if (i % 4 === 0) {
            const reference = `REPLICA-${i}`;
            const o = await postGraphQL<{ createCustomer: { id: string; reference: string } }>(
              api.url,
              '',
              CREATE,
              { input: { fullName: 'Replica Load', reference } },
              undefined,
              `ApiKey ${key}`,
            );
            const ok =
              o.kind === 'answered' &&
              o.status === 200 &&
              !o.body.errors &&
              o.body.data?.createCustomer.reference === reference;
            if (ok) created.push(reference);
            outcomes.push({ ok, ms: Date.now() - t, kind: 'create' });
          } else {
            const o = await postGraphQL<{ customers: { totalCount: number } }>(
              api.url,
              '',
              LIST,
              {},
              undefined,
              `ApiKey ${key}`,
            );
            const ok =
              o.kind === 'answered' &&
              o.status === 200 &&
              !o.body.errors &&
              (o.body.data?.customers.totalCount ?? 0) >= PURGE.held + PURGE.notDue;
            outcomes.push({ ok, ms: Date.now() - t, kind: 'list' });
          }
        }
      }),
    );
    const loadMs = Date.now() - loadStarted;

    // The scheduled work, done once.
    let progress = '';
    await until(async () => {
      // One client: the counts run one after another.
      const told = await count(
        `select count(distinct case_id)::int as n from audit_event where case_id = any($1) and action = 'notification.review-reminder'`,
        [reminderCases],
      );
      const ended = await count(
        `select count(distinct case_id)::int as n from audit_event where case_id = any($1) and action = 'restriction.ended'`,
        [expiringCases],
      );
      const purged = await count(
        `select count(*)::int as n from purge_log where case_id = any($1)`,
        [purge.due],
      );
      progress = `reminders ${told}/${reminderCases.length}, expiries ${ended}/${EXPIRING}, purged ${purged}/${PURGE.due}`;
      return told === reminderCases.length && ended === EXPIRING && purged === PURGE.due
        ? true
        : undefined;
    }, 90_000).catch((e: Error) => {
      throw new Error(
        `${e.message}: ${progress}\n${workers
          .flatMap((w) => w.output)
          .slice(-20)
          .join('\n')}`,
      );
    });
    const doneMs = Date.now() - started;
    await sleep(2000); // several more sweeps by both workers: nothing more may happen

    const perCase = async (action: string, ids: string[]) =>
      (
        await h.pg.query(
          `select count(*)::int as n from audit_event where case_id = any($1) and action = $2 group by case_id`,
          [ids, action],
        )
      ).rows.map((r) => r.n as number);
    const reminders = await perCase('notification.review-reminder', reminderCases);
    const expiries = await perCase('restriction.ended', expiringCases);
    expect(reminders).toHaveLength(reminderCases.length);
    expect(reminders.every((n) => n === 1)).toBe(true);
    expect(expiries).toHaveLength(EXPIRING);
    expect(expiries.every((n) => n === 1)).toBe(true);
    // Each due case purged once (the deletion log is unique per case), nothing else purged.
    expect(
      await count(`select count(*)::int as n from purge_log where case_id = any($1)`, [purge.due]),
    ).toBe(PURGE.due);
    expect(
      await count(`select count(*)::int as n from purge_log where case_id = any($1)`, [
        [...purge.held, ...purge.notDue],
      ]),
    ).toBe(0);
    const purgeAudits = await count(
      `select coalesce(sum(jsonb_array_length(payload -> 'caseIds')), 0)::int as n from audit_event where tenant_id = $1 and action = 'retention.purged'`,
      [h.tenants.southampton],
    );
    // Which workers did the work: both took part.
    const actors = (
      await h.pg.query(
        `select distinct payload ->> 'actor' as actor from audit_event where tenant_id = $1 and action = 'retention.purged'`,
        [h.tenants.southampton],
      )
    ).rows.map((r) => r.actor as string);

    // Every response correct; every created customer stored once.
    const failed = outcomes.filter((o) => !o.ok);
    expect(failed).toEqual([]);
    expect(
      await count(`select count(*)::int as n from customer where reference like 'REPLICA-%'`, []),
    ).toBe(created.length);
    const sorted = outcomes.map((o) => o.ms).sort((a, b) => a - b);
    console.log(
      [
        `2 API + 2 worker processes (NODE_ENV=production), one Postgres, one Redis`,
        `requests: ${outcomes.length} (${created.length} createCustomer, ${outcomes.length - created.length} customers) over ${CONCURRENCY} connections in ${loadMs} ms: ${failed.length} wrong; p50 ${sorted[Math.floor(sorted.length / 2)]} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)]} ms`,
        `review reminders: ${reminders.length}/${reminderCases.length} cases, max ${Math.max(...reminders)} per case`,
        `restriction expiries: ${expiries.length}/${EXPIRING} cases, max ${Math.max(...expiries)} per case`,
        `purge: ${PURGE.due}/${PURGE.due} due cases purged once, 0 of ${PURGE.held + PURGE.notDue} held/not due; cases in purge audit events: ${purgeAudits}; purge actors: ${actors.length}`,
        `all scheduled work done ${doneMs} ms after the processes started`,
      ].join('\n'),
    );
  }, 240_000);
});
