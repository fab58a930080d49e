import 'reflect-metadata';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { createDataSource, prepareDatabase } from '@conduct/db';
import { LocalPostgres, freePort } from '@conduct/local-servers';
import { checkPolicyText } from '@conduct/policy';
import { PolicyVersions } from '@conduct/casework';
import { newRunId, runPurge } from '@conduct/casework';

/**
 * `pnpm bench:purge [--cases 100000] [--batch 500]`: seeds due cases across the
 * councils whose policies purge (Cheshire: dormant + 12 months; Southampton:
 * restrictions ended + 6 years) in a throw-away Postgres, copies the database
 * three times, then times the product's purge (batches, SKIP LOCKED, engine
 * confirmation, statistics, deletion log, audit) on one copy against one
 * hand-written SQL statement on each of the others:
 * - as the database owner over both councils at once (no row-level security):
 *   the baseline the goal (<= 2x) was first measured against;
 * - as the application role under forced row-level security, one statement per
 *   council in its own transaction: the same role and walls the product runs
 *   under, as issue 15's API baseline does.
 * The product purges the councils at once, as the worker's retention queue runs
 * their jobs (two at a time); the per-council statements run at once too.
 * Both ratios are printed. The seeded database is vacuumed before it is copied,
 * and each contender starts after a checkpoint, so none pays autovacuum, the
 * others' dirty pages or the first writes after a checkpoint alone.
 * Not a test; not run by `pnpm test`.
 */
const TENANTS_DIR = join(__dirname, '..', '..', '..', '..', 'tenants');
const APP_PASSWORD = 'conduct-app-bench';
const SLUGS = ['cheshire-west-and-chester', 'southampton'];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '100000' },
      batch: { type: 'string', default: '500' },
    },
  });
  const total = Number(values.cases);
  const batchSize = Number(values.batch);
  const dir = mkdtempSync(join(tmpdir(), 'conduct-bench-'));
  chmodSync(dir, 0o755);
  const pg = new LocalPostgres({ dataDir: join(dir, 'pg'), port: await freePort() });
  await pg.start();
  try {
    const url = (db: string) => pg.url.replace(/\/postgres$/, `/${db}`);
    await prepareDatabase(url('bench_a'), APP_PASSWORD);
    const owner = new Client({ connectionString: url('bench_a') });
    await owner.connect();
    const tenants: { id: string; slug: string }[] = [];
    let t = Date.now();
    for (const slug of SLUGS) {
      const source = readFileSync(join(TENANTS_DIR, slug, 'policy.yaml'), 'utf8');
      const { policy } = checkPolicyText(source);
      const {
        rows: [tenant],
      } = await owner.query(
        `insert into tenant (slug, name, population) values ($1, $2, $3) returning id`,
        [slug, policy!.name, policy!.population],
      );
      await owner.query(
        `insert into policy_version (tenant_id, version, status, source_text, source_hash, document, activated_at)
         values ($1, 1, 'active', $2, md5($2), $3, now())`,
        [tenant.id, source, policy],
      );
      await owner.query(
        `insert into app_user (tenant_id, email, display_name, roles) values ($1, 'bench@example', 'Bench', '{officer}')`,
        [tenant.id],
      );
      tenants.push({ id: tenant.id, slug });
    }
    const per = Math.ceil(total / SLUGS.length);
    for (const { id, slug } of tenants) {
      const dormant = slug === 'cheshire-west-and-chester';
      await owner.query(
        `insert into customer (tenant_id, id, reference, full_name, email, phone, address, created_at, updated_at)
         select $1::uuid, md5($1::text || g)::uuid, 'C' || g, 'Canary Person ' || g, 'canary' || g || '@example.org', '+44 7700 900' || (g % 1000), g || ' Canary Street', now(), now()
           from generate_series(1, $2) g`,
        [id, per],
      );
      await owner.query(
        `insert into managed_case (tenant_id, id, reference, customer_id, policy_version_id, stage, status, summary,
                                   opened_at, opened_by, stage_entered_at, last_activity_at, closed_at, dormant_at)
         select $1::uuid, md5('case' || $1::text || g)::uuid, 'MC-' || g, md5($1::text || g)::uuid, v.id, $3, $4, 'canary summary ' || g,
                '2017-01-01', u.id, '2018-01-01', '2018-01-01', '2018-01-01', case when $5 then timestamptz '2018-01-01' end
           from generate_series(1, $2) g, policy_version v, app_user u
          where v.tenant_id = $1::uuid and u.tenant_id = $1::uuid`,
        [id, per, dormant ? 'dormant' : 'closed', dormant ? 'dormant' : 'closed', dormant],
      );
      await owner.query(
        `insert into contact (tenant_id, case_id, customer_id, occurred_at, channel, severity, description, staff_affected, recorded_by, recorded_at)
         select c.tenant_id, c.id, c.customer_id, '2017-02-01', 'telephone', 'moderate', 'canary contact text', 'canary staff', c.opened_by, '2017-02-01'
           from managed_case c, generate_series(1, 2) where c.tenant_id = $1`,
        [id],
      );
      await owner.query(
        `insert into letter (tenant_id, case_id, template_key, title, body, sections, status, created_at)
         select c.tenant_id, c.id, 'warning', 'Canary letter', 'Dear Canary Person', '[]', 'sent', '2017-03-01'
           from managed_case c where c.tenant_id = $1`,
        [id],
      );
      if (!dormant) {
        await owner.query(
          `insert into decision (tenant_id, id, case_id, kind, to_stage, decided_by, decided_at)
           select c.tenant_id, c.id, c.id, 'transition', 'restriction', c.opened_by, '2017-01-01' from managed_case c where c.tenant_id = $1`,
          [id],
        );
        await owner.query(
          `insert into restriction (tenant_id, case_id, decision_id, type, parameters, starts_at, ends_at, status, ended_at)
           select c.tenant_id, c.id, c.id, 'single-point-of-contact', '{"officer":"canary"}', '2017-01-01', '2018-01-01', 'ended', '2018-01-01'
             from managed_case c where c.tenant_id = $1`,
          [id],
        );
      }
    }
    // A database in steady state: without the vacuum, autovacuum took the seeded
    // tables during the first contender's run (the product's), on its copy only.
    await owner.query('vacuum analyze');
    console.log(
      `seeded ${per * SLUGS.length} due cases (2 contacts and 1 letter each) in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
    await owner.end();

    // The same data three times: one copy for each contender.
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    await admin.query(`create database bench_b template bench_a`);
    await admin.query(`create database bench_c template bench_a`);
    await admin.query('checkpoint');

    const ds = createDataSource(
      url('bench_a').replace('postgres@', `conduct_app:${APP_PASSWORD}@`),
      'app',
      4,
    );
    await ds.initialize();
    const cutoff = new Date();
    const policies = new PolicyVersions();
    t = Date.now();
    // The councils at once, as the worker's retention queue runs their jobs (concurrency 2).
    const runs = await Promise.all(
      tenants.map(({ id }) =>
        runPurge(ds, policies, id, {
          cutoff,
          runId: newRunId(),
          actor: 'bench',
          now: () => new Date(),
          batchSize,
        }),
      ),
    );
    const purged = runs.reduce((n, r) => n + r.purged, 0);
    const purgeSeconds = (Date.now() - t) / 1000;
    await ds.destroy();

    await admin.query('checkpoint');
    const owned = await handWritten(url('bench_b'), []);
    await admin.query('checkpoint');
    await admin.end();
    const underRls = await handWritten(
      url('bench_c').replace('postgres@', `conduct_app:${APP_PASSWORD}@`),
      tenants.map((x) => x.id),
    );

    console.log(
      `product purge: ${purged} cases in ${purgeSeconds.toFixed(1)} s = ${Math.round(purged / purgeSeconds)} cases/s (batches of ${batchSize}, app role under RLS, councils at once as the worker runs them)`,
    );
    // The goal is against one hand-written statement as the owner; the
    // same SQL per council under RLS, at once, is printed for reference.
    for (const [label, r, goal] of [
      ['hand-written SQL as the owner, no RLS, one statement', owned, true],
      [
        'hand-written SQL as the app role under RLS, one statement per council, councils at once',
        underRls,
        false,
      ],
    ] as const) {
      const ratio = purgeSeconds / r.seconds;
      const verdict = goal ? `goal <= 2x: ${ratio <= 2 ? 'met' : 'NOT met'}` : 'for reference';
      console.log(
        `${label}: ${r.cases} cases in ${r.seconds.toFixed(1)} s = ${Math.round(r.cases / r.seconds)} cases/s; ` +
          `the purge takes ${ratio.toFixed(1)}x (${verdict})`,
      );
    }
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a hand-written purge does: due cases' contacts and letters deleted, customer and case emptied. */
const HAND_WRITTEN = `
  with due as (
    select c.tenant_id, c.id, c.customer_id from managed_case c
     where c.status <> 'purged' and not c.legal_hold
       and ((c.dormant_at is not null and greatest(c.dormant_at, c.last_activity_at) + interval '12 months' <= now())
         or exists (select 1 from restriction r where r.tenant_id = c.tenant_id and r.case_id = c.id
                      and r.status <> 'active' and r.ended_at + interval '6 years' <= now()))),
  contacts as (delete from contact x using due where x.tenant_id = due.tenant_id and x.case_id = due.id returning 1),
  letters as (delete from letter x using due where x.tenant_id = due.tenant_id and x.case_id = due.id returning 1),
  customers as (update customer x set full_name = null, email = null, phone = null, address = null, purged_at = now()
                  from due where x.tenant_id = due.tenant_id and x.id = due.customer_id returning 1),
  cases as (update managed_case x set status = 'purged', summary = null
              from due where x.tenant_id = due.tenant_id and x.id = due.id returning 1)
  select (select count(*) from cases)::int as n`;

/**
 * Runs HAND_WRITTEN once over the whole database (no tenants: as the owner) or
 * once per tenant, each in a transaction with that tenant's setting (as the app role),
 * the councils at once as the product's purge runs them.
 */
async function handWritten(
  url: string,
  tenantIds: string[],
): Promise<{ cases: number; seconds: number }> {
  const run = async (tenantId?: string): Promise<number> => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      if (!tenantId) return (await client.query(HAND_WRITTEN)).rows[0].n;
      await client.query('begin');
      await client.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
      const n = (await client.query(HAND_WRITTEN)).rows[0].n;
      await client.query('commit');
      return n;
    } finally {
      await client.end();
    }
  };
  const t = Date.now();
  const counts = await Promise.all(tenantIds.length ? tenantIds.map(run) : [run()]);
  const seconds = (Date.now() - t) / 1000;
  return { cases: counts.reduce((a, b) => a + b, 0), seconds };
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
