import 'reflect-metadata';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@conduct/db';
import { parseBenchmarkPeriod, recentBenchmarkPeriods } from '@conduct/jobs';
import { checkPolicyText, type Policy } from '@conduct/policy';
import { roundCount } from '@conduct/casework';
import { runBenchmarkSnapshot } from '../src/benchmarking/snapshot';

/**
 * `pnpm bench:report [--cases 1000000] [--tenants 20] [--periods 2026-Q1,2026]`
 *
 * Seeds councils and cases with realistic proportions (generate_series, as the
 * database owner), times the worker's snapshot run (per council, under
 * row-level security, with disclosure control and the peer distribution) and
 * the equivalent hand-written SQL aggregate over all councils at once, in the
 * same process, and prints both and their ratio. Uses BENCH_DATABASE_URL (an
 * owner URL of an empty, migrated database) when set, else starts a throwaway
 * Postgres cluster with the test harness.
 */
const TENANTS_DIR = join(__dirname, '..', '..', '..', '..', 'tenants');
const NOW = new Date('2026-04-10T09:00:00Z');

interface Plan {
  id: string;
  slug: string;
  population: number;
  weight: number;
  policy: Policy;
  source: string;
}

function stageOf(policy: Policy, kind: string): string {
  const hit = Object.entries(policy.stages).find(([, s]) => s.kind === kind);
  return hit?.[0] ?? policy.initialStage;
}

async function seed(owner: DataSource, cases: number, tenants: number): Promise<Plan[]> {
  const sources = readdirSync(TENANTS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(TENANTS_DIR, d.name, 'policy.yaml')))
    .map((d) => d.name)
    .sort()
    .map((d) => readFileSync(join(TENANTS_DIR, d, 'policy.yaml'), 'utf8'));
  const plans: Plan[] = [];
  for (let i = 0; i < tenants; i += 1) {
    const source = sources[i % sources.length]!;
    const policy = checkPolicyText(source).policy!;
    // Populations 80k–1.1M; usage per head varies threefold between councils.
    const population = 80_000 + ((i * 53_731) % 1_020_000);
    plans.push({
      id: '',
      slug: `bench-${i + 1}`,
      population,
      weight: population * (0.5 + ((i * 7) % 10) / 6),
      policy,
      source,
    });
  }
  const total = plans.reduce((s, p) => s + p.weight, 0);
  // Time per seeding step, summed over councils, so a slow step is visible.
  const spent = new Map<string, number>();
  const step = async (
    name: string,
    table: string,
    sql: string,
    params: unknown[],
  ): Promise<void> => {
    const t = performance.now();
    await owner.query(sql, params);
    await owner.query(`analyze ${table}`);
    spent.set(name, (spent.get(name) ?? 0) + performance.now() - t);
  };
  for (const p of plans) {
    const [row] = (await owner.query(
      `insert into tenant (slug, name, population, benchmarking_opt_in) values ($1, $2, $3, $4) returning id`,
      [p.slug, `Bench Council ${p.slug}`, p.population, p.slug !== 'bench-20'],
    )) as { id: string }[];
    p.id = row!.id;
    const n = Math.round((cases * p.weight) / total);
    const s = {
      open: stageOf(p.policy, 'open'),
      warning: stageOf(p.policy, 'warning'),
      restriction: stageOf(p.policy, 'restriction'),
    };
    const types = Object.keys(p.policy.restrictionTypes);
    const channels = Object.keys(p.policy.channels);
    const categories = Object.keys(p.policy.behaviourCategories);
    await step(
      'cases',
      'managed_case, customer',
      `with pv as (insert into policy_version (tenant_id, version, status, source_text, source_hash, document, activated_at)
                   values ($1, 1, 'active', $2, md5($2), $3::jsonb, '2023-01-01') returning id),
            u as (insert into app_user (tenant_id, email, display_name, roles) values ($1, 'bench@example.org', 'Bench', '{officer}') returning id),
            cu as (insert into customer (tenant_id, reference, full_name, created_at, updated_at)
                   select $1, 'C-' || g, 'Bench Person ' || g, now(), now() from generate_series(1, $4::int) g returning id)
       insert into managed_case (tenant_id, reference, customer_id, policy_version_id, stage, status, opened_at, opened_by,
                                 stage_entered_at, last_activity_at)
       select $1, 'MC-' || row_number() over (), x.id, pv.id,
              case when x.r < 0.15 then $6 when x.r < 0.45 then $5 else $7 end, 'open', x.opened, u.id, x.opened, x.opened
         from pv, u,
              (select cu.id, random() as r,
                      timestamptz '2023-01-01' + random() * (timestamptz '2026-04-01' - timestamptz '2023-01-01') as opened
                 from cu) x`,
      [p.id, p.source, JSON.stringify(p.policy), n, s.warning, s.restriction, s.open],
    );
    const base = [p.id, s.warning, s.restriction];
    // Decisions: to warning (5–30 days after opening), then to restriction (30–120 days later).
    await step(
      'warnings',
      'decision',
      `insert into decision (tenant_id, case_id, kind, transition_key, to_stage, decided_by, decided_at)
       select c.tenant_id, c.id, 'transition', 'warn', $2, c.opened_by, c.opened_at + (5 + random() * 25) * interval '1 day'
         from managed_case c where c.tenant_id = $1 and c.stage in ($2, $3)`,
      base,
    );
    await step(
      'restrictions-decided',
      'decision',
      `insert into decision (tenant_id, case_id, kind, transition_key, to_stage, decided_by, decided_at, review_due_at)
       select c.tenant_id, c.id, 'transition', 'restrict', $3, c.opened_by, x.at, x.at + interval '3 months'
         from managed_case c
         join decision d on d.tenant_id = c.tenant_id and d.case_id = c.id and d.to_stage = $2
         cross join lateral (select d.decided_at + (30 + random() * 90) * interval '1 day' as at) x
        where c.tenant_id = $1 and c.stage = $3`,
      base,
    );
    // Restrictions: 1–2 types; 20% indefinite; ended when their end has passed.
    await step(
      'restrictions',
      'restriction',
      `insert into restriction (tenant_id, case_id, decision_id, type, starts_at, ends_at, status, ended_at)
       select d.tenant_id, d.case_id, d.id, t.type, d.decided_at, e.ends,
              case when e.ends < $3 then 'ended' else 'active' end, case when e.ends < $3 then e.ends end
         from decision d
         cross join lateral (select case when random() < 0.2 then null
                                         else d.decided_at + (3 + floor(random() * 10)) * interval '1 month' end as ends) e
         cross join lateral unnest($4::text[]) with ordinality as t(type, k)
        where d.tenant_id = $1 and d.to_stage = $2 and t.k <= 1 + (hashtext(d.id::text) & 1)`,
      [p.id, s.restriction, NOW, types.slice(0, 2)],
    );
    // Reviews every ~3 months while restricted, mostly on time (a few days late for 15%).
    await step(
      'reviews',
      'decision, review',
      `with due as (
         select d.tenant_id, d.case_id, d.decided_by, d.decided_at + k * interval '3 months' as due_at,
                d.decided_at + (k + 1) * interval '3 months' as next_due, k
           from decision d cross join generate_series(1, 3) k
          where d.tenant_id = $1 and d.to_stage = $2 and d.decided_at + k * interval '3 months' < $3),
       rd as (insert into decision (tenant_id, case_id, kind, outcome, decided_by, decided_at)
              select tenant_id, case_id, 'review', 'continue', decided_by,
                     due_at + case when random() < 0.15 then (1 + random() * 20) else -random() * 5 end * interval '1 day'
                from due returning tenant_id, id, case_id, decided_by, decided_at)
       insert into review (tenant_id, case_id, decision_id, outcome, note, reviewed_by, reviewed_at, next_review_due_at)
       select rd.tenant_id, rd.case_id, rd.id, 'continue', 'Reviewed.', rd.decided_by, rd.decided_at,
              date_trunc('day', rd.decided_at) + interval '3 months'
         from rd`,
      [p.id, s.restriction, NOW],
    );
    await step(
      'review-due',
      'managed_case',
      `update managed_case c set review_due_at = coalesce(
          (select max(r.next_review_due_at) from review r where r.tenant_id = c.tenant_id and r.case_id = c.id),
          (select min(x.starts_at) + interval '3 months' from restriction x where x.tenant_id = c.tenant_id and x.case_id = c.id))
        where c.tenant_id = $1 and c.stage = $2`,
      [p.id, s.restriction],
    );
    // Contacts: 1–4 per case, before and around opening.
    await step(
      'contacts',
      'contact',
      `insert into contact (tenant_id, case_id, customer_id, occurred_at, channel, behaviour_categories, severity, recorded_by, recorded_at)
       select c.tenant_id, c.id, c.customer_id, c.opened_at - random() * interval '40 days',
              ($2::text[])[1 + floor(random() * least(cardinality($2::text[]), 4))::int],
              array[($3::text[])[1 + floor(random() * least(cardinality($3::text[]), 5))::int]],
              'medium', c.opened_by, c.opened_at
         from managed_case c cross join lateral generate_series(1, 1 + (hashtext(c.id::text) & 3))
        where c.tenant_id = $1`,
      [p.id, channels, categories],
    );
    // Appeals on 20% of restrictions; derestriction requests on 10%.
    await step(
      'appeals',
      'appeal',
      `insert into appeal (tenant_id, case_id, decision_id, grounds, lodged_at, lodged_by, status, decided_by, decided_at)
       select d.tenant_id, d.case_id, d.id, 'Grounds.', d.decided_at + interval '10 days', d.decided_by,
              (array['upheld', 'varied', 'dismissed', 'dismissed', 'dismissed', 'dismissed'])[1 + floor(random() * 6)::int],
              d.decided_by, d.decided_at + interval '30 days'
         from decision d where d.tenant_id = $1 and d.to_stage = $2 and random() < 0.2`,
      [p.id, s.restriction],
    );
    await step(
      'derestrictions',
      'derestriction_request',
      `insert into derestriction_request (tenant_id, case_id, restriction_id, reason, requested_at, recorded_by, status, decided_by, decided_at)
       select distinct on (r.case_id) r.tenant_id, r.case_id, r.id, 'Reason.', r.starts_at + interval '6 months', c.opened_by,
              case when random() < 0.3 then 'granted' else 'refused' end, c.opened_by, r.starts_at + interval '7 months'
         from restriction r join managed_case c on c.tenant_id = r.tenant_id and c.id = r.case_id
        where r.tenant_id = $1 and hashtext(r.case_id::text) % 10 = 0
        order by r.case_id, r.id`,
      [p.id],
    );
    // 10% of the oldest cases were purged: a tombstone and an anonymous statistic.
    await step(
      'purged',
      'case_statistic, managed_case',
      `with gone as (
         update managed_case c set status = 'purged'
          where c.tenant_id = $1 and c.opened_at < '2024-01-01' and hashtext(c.id::text) % 3 = 0
          returning c.*)
       insert into case_statistic (tenant_id, id, policy_version, final_stage, final_stage_kind, stages_reached, opened_month,
                                   purged_month, restriction_types, appeal_outcomes, contact_count)
       select g.tenant_id, g.id, 1, g.stage, coalesce($2::jsonb -> g.stage ->> 'kind', 'unknown'),
              coalesce((select array_agg(d.to_stage) from decision d where d.tenant_id = g.tenant_id and d.case_id = g.id and d.to_stage is not null), '{}'),
              date_trunc('month', g.opened_at at time zone 'UTC')::date, date '2026-01-01',
              coalesce((select array_agg(distinct r.type) from restriction r where r.tenant_id = g.tenant_id and r.case_id = g.id), '{}'),
              coalesce((select array_agg(a.status) from appeal a where a.tenant_id = g.tenant_id and a.case_id = g.id), '{}'), 0
         from gone g`,
      [p.id, JSON.stringify(p.policy.stages)],
    );
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  await owner.query('analyze');
  for (const [name, ms] of spent) console.log(`  ${name.padEnd(22)} ${(ms / 1000).toFixed(1)} s`);
  return plans;
}

/** The same figures for every council in one statement per query, written by hand, as the owner (no RLS). */
async function handWritten(owner: DataSource, periods: string[]): Promise<Map<string, number>> {
  const ps = JSON.stringify(
    periods.map(parseBenchmarkPeriod).map((p) => ({
      key: p.key,
      starts: p.start.toISOString(),
      ends: p.end.toISOString(),
      first_day: p.start.toISOString().slice(0, 10),
      after_day: p.end.toISOString().slice(0, 10),
    })),
  );
  const P = `periods as (select * from jsonb_to_recordset($1::jsonb) as p(key text, starts timestamptz, ends timestamptz, first_day date, after_day date))`;
  const K = `kinds as (select pv.tenant_id, pv.id as pv, s.key as stage, s.value ->> 'kind' as kind
                         from policy_version pv cross join jsonb_each(pv.document -> 'stages') s)`;
  const cohort = (await owner.query(
    `with ${P}, ${K},
     live as (select c.* from managed_case c where c.status <> 'purged'),
     reached as (select x.tenant_id, x.case_id, bool_or(k.kind = 'warning') w, bool_or(k.kind in ('restriction', 'additional-action')) r
                   from (select tenant_id, id as case_id, policy_version_id as pv, stage from live
                         union all select d.tenant_id, d.case_id, l.policy_version_id, d.to_stage from decision d join live l on l.tenant_id = d.tenant_id and l.id = d.case_id where d.to_stage is not null
                         union all select r.tenant_id, r.case_id, l.policy_version_id, r.to_stage from review r join live l on l.tenant_id = r.tenant_id and l.id = r.case_id where r.to_stage is not null) x
                   join kinds k on k.tenant_id = x.tenant_id and k.pv = x.pv and k.stage = x.stage group by 1, 2),
     fc as (select tenant_id, case_id, min(occurred_at) at from contact group by 1, 2),
     rs as (select tenant_id, case_id, min(starts_at) starts,
                   case when bool_or(status = 'active' and ends_at is null) then null else max(coalesce(ended_at, ends_at)) end ends
              from restriction group by 1, 2),
     ap as (select tenant_id, case_id, count(*) n, count(*) filter (where status <> 'lodged') decided,
                   count(*) filter (where status in ('upheld', 'varied')) upheld from appeal group by 1, 2),
     rq as (select tenant_id, case_id, count(*) n from derestriction_request group by 1, 2)
     select l.tenant_id, p.key, count(*)::int cases, count(*) filter (where re.w)::int w, count(*) filter (where re.r)::int r,
            percentile_cont(0.5) within group (order by extract(epoch from rs.starts - least(coalesce(fc.at, l.opened_at), l.opened_at)) / 86400) filter (where rs.starts is not null) days,
            percentile_cont(0.5) within group (order by extract(epoch from rs.ends - rs.starts) / 86400) filter (where rs.ends is not null) len,
            coalesce(sum(ap.n), 0)::int appeals, coalesce(sum(ap.upheld), 0)::int upheld, coalesce(sum(rq.n), 0)::int requests
       from live l join periods p on l.opened_at >= p.starts and l.opened_at < p.ends
       left join reached re on re.tenant_id = l.tenant_id and re.case_id = l.id
       left join fc on fc.tenant_id = l.tenant_id and fc.case_id = l.id
       left join rs on rs.tenant_id = l.tenant_id and rs.case_id = l.id
       left join ap on ap.tenant_id = l.tenant_id and ap.case_id = l.id
       left join rq on rq.tenant_id = l.tenant_id and rq.case_id = l.id
      group by 1, 2`,
    [ps],
  )) as { tenant_id: string; key: string; cases: number }[];
  const purged = (await owner.query(
    `with ${P}
     select s.tenant_id, p.key, count(*)::int cases,
            count(*) filter (where s.final_stage_kind = 'warning' or cardinality(s.stages_reached) > 0)::int w,
            sum(cardinality(s.appeal_outcomes))::int appeals
       from case_statistic s join periods p on s.opened_month >= p.first_day and s.opened_month < p.after_day group by 1, 2`,
    [ps],
  )) as { tenant_id: string; key: string; cases: number }[];
  await owner.query(
    `with ${P},
     lp as (select c.tenant_id, c.id, p.key from managed_case c join periods p on c.opened_at >= p.starts and c.opened_at < p.ends where c.status <> 'purged'),
     ct as (select lp.tenant_id, lp.key, x.case_id, x.channel, x.behaviour_categories from contact x join lp on lp.tenant_id = x.tenant_id and lp.id = x.case_id)
     select lp.tenant_id, lp.key, 'types', r.type, count(distinct r.case_id) from restriction r join lp on lp.tenant_id = r.tenant_id and lp.id = r.case_id group by 1, 2, 4
     union all select tenant_id, key, 'channels', channel, count(distinct case_id) from ct group by 1, 2, 4
     union all select ct.tenant_id, key, 'categories', b, count(distinct case_id) from ct cross join unnest(behaviour_categories) b group by 1, 2, 4
     union all select q.tenant_id, key, 'requests', q.status, count(*) from derestriction_request q join lp on lp.tenant_id = q.tenant_id and lp.id = q.case_id group by 1, 2, 4`,
    [ps],
  );
  await owner.query(
    `with ${P},
     moves as (select tenant_id, case_id, id, decided_at, review_due_at,
                      lead(decided_at) over (partition by tenant_id, case_id order by decided_at, id) moved_at
                 from decision where kind <> 'review' and to_stage is distinct from from_stage),
     first_review as (select m.tenant_id, m.id, min(r.reviewed_at) at
                        from moves m join review r on r.tenant_id = m.tenant_id and r.case_id = m.case_id and r.reviewed_at >= m.decided_at
                       where m.review_due_at is not null group by 1, 2),
     rv as (select tenant_id, case_id, next_review_due_at due,
                   lead(reviewed_at) over (partition by tenant_id, case_id order by reviewed_at, id) answered from review),
     od as (select tenant_id, id case_id, review_due_at due from managed_case where status = 'open' and review_due_at is not null),
     dues as (select m.tenant_id, m.review_due_at due, f.at answered
                from moves m left join first_review f on f.tenant_id = m.tenant_id and f.id = m.id
                left join od on od.tenant_id = m.tenant_id and od.case_id = m.case_id and od.due = m.review_due_at
               where m.review_due_at is not null
                 and ((f.at is not null and (m.moved_at is null or f.at <= m.moved_at))
                      or (f.at is null and m.moved_at is null and od.case_id is not null))
              union all
              select rv.tenant_id, rv.due, rv.answered from rv
                left join od on od.tenant_id = rv.tenant_id and od.case_id = rv.case_id and od.due = rv.due
               where rv.due is not null and (rv.answered is not null or od.case_id is not null)
              union all
              select od.tenant_id, od.due, null from od
               where not exists (select 1 from review r where r.tenant_id = od.tenant_id and r.case_id = od.case_id and r.next_review_due_at = od.due)
                 and not exists (select 1 from moves m where m.tenant_id = od.tenant_id and m.case_id = od.case_id and m.review_due_at = od.due))
     select d.tenant_id, p.key, count(*), count(*) filter (where (d.answered at time zone 'UTC')::date <= (d.due at time zone 'UTC')::date)
       from dues d join periods p on (d.due at time zone 'UTC')::date >= p.first_day and (d.due at time zone 'UTC')::date < p.after_day
      where d.answered is not null or (d.due at time zone 'UTC')::date < ($2::timestamptz at time zone 'UTC')::date
      group by 1, 2`,
    [ps, NOW],
  );
  const opened = new Map<string, number>();
  for (const r of [...cohort, ...purged]) {
    const k = `${r.tenant_id}/${r.key}`;
    opened.set(k, (opened.get(k) ?? 0) + r.cases);
  }
  return opened;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    // `pnpm bench:report -- --cases 100000` passes the `--` along.
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      cases: { type: 'string', default: '1000000' },
      tenants: { type: 'string', default: '20' },
      periods: { type: 'string' },
      runs: { type: 'string', default: '1' },
    },
  });
  const cases = Number(values.cases);
  const tenants = Number(values.tenants);
  const runs = Math.max(1, Number(values.runs));
  const periods = values.periods ? values.periods.split(',') : recentBenchmarkPeriods(NOW);

  let ownerUrl = process.env.BENCH_DATABASE_URL;
  let appUrl: string;
  let teardown = async () => undefined as unknown;
  if (ownerUrl) {
    const { prepareDatabase } = await import('@conduct/db');
    appUrl = await prepareDatabase(
      ownerUrl,
      process.env.DATABASE_APP_PASSWORD ?? 'conduct-app-bench',
    );
  } else {
    // The test harness's throwaway cluster (a dev dependency; its set-up files have no typings entry).
    // Imported as ES modules, so a CommonJS file's exports sit under `default`.
    type Hook = () => Promise<void>;
    const harness = async (file: string): Promise<Hook> => {
      const mod = (await import(`@conduct/testing/${file}`)) as {
        default: Hook | { default: Hook };
      };
      return typeof mod.default === 'function' ? mod.default : mod.default.default;
    };
    const setup = await harness('global-setup');
    const stop = await harness('global-teardown');
    const { createTestDatabase } = await import('@conduct/testing');
    await setup();
    const db = await createTestDatabase();
    ownerUrl = db.ownerUrl;
    appUrl = db.appUrl;
    teardown = async () => {
      await db.drop();
      await stop();
    };
  }
  const owner = createDataSource(ownerUrl, 'owner', 2);
  const app = createDataSource(appUrl, 'app', 5);
  await Promise.all([owner.initialize(), app.initialize()]);
  try {
    console.log(`seeding ${tenants} councils, ${cases.toLocaleString('en-GB')} cases ...`);
    let t = performance.now();
    await seed(owner, cases, tenants);
    const counts = (await owner.query(
      `select (select count(*) from managed_case)::int cases, (select count(*) from contact)::int contacts,
              (select count(*) from restriction)::int restrictions, (select count(*) from review)::int reviews,
              (select count(*) from case_statistic)::int purged`,
    )) as Record<string, number>[];
    console.log(`seeded in ${((performance.now() - t) / 1000).toFixed(1)} s:`, counts[0]);
    console.log(`periods: ${periods.join(', ')}`);

    const jobTimes: number[] = [];
    const sqlTimes: number[] = [];
    let expected = new Map<string, number>();
    for (let i = 0; i < runs; i += 1) {
      t = performance.now();
      await runBenchmarkSnapshot(app, { periods, now: NOW });
      jobTimes.push(performance.now() - t);
      t = performance.now();
      expected = await handWritten(owner, periods);
      sqlTimes.push(performance.now() - t);
    }
    // The job's published counts must be the hand-written ones, rounded (or suppressed under 5).
    const published = (await owner.query(
      `select tenant_id, period, value from benchmark_snapshot where metric = 'cases-opened'`,
    )) as { tenant_id: string; period: string; value: number | null }[];
    let mismatches = 0;
    for (const r of published) {
      const n = expected.get(`${r.tenant_id}/${r.period}`) ?? 0;
      if (r.value !== (n < 5 ? null : roundCount(n))) mismatches += 1;
    }
    const best = (xs: number[]) => Math.min(...xs);
    const job = best(jobTimes);
    const sql = best(sqlTimes);
    console.log(
      `snapshot job (per council, RLS, disclosure control, distribution): ${(job / 1000).toFixed(2)} s`,
    );
    console.log(
      `hand-written SQL aggregate (all councils at once, as owner):        ${(sql / 1000).toFixed(2)} s`,
    );
    console.log(`ratio job / SQL: ${(job / sql).toFixed(2)}`);
    console.log(
      `cases-opened figures checked against the SQL: ${published.length}, mismatches: ${mismatches}`,
    );
    if (mismatches) process.exitCode = 1;
  } finally {
    await Promise.all([owner.destroy(), app.destroy()]);
    await teardown();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
