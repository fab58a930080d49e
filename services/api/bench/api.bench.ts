import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { Client } from 'pg';
import { freePort } from '@conduct/local-servers';
import { API_DIST, BENCH_AUDIENCE, benchServers, cpuMs } from './bench-processes';
import { growCouncil, nameSearchTarget, type SeededCouncil } from './seed';

/**
 * `pnpm bench:api [--sizes 1000,10000,100000] [--connections 10] [--duration 10] [--rounds 2] [--warmup 15] [--quick] [--cpu-prof DIR]`
 *
 * Seeds a council (and a neighbour of the same size) in a throw-away Postgres,
 * starts the real API in production mode and a hand-written Node `pg` endpoint
 * doing the same reads under the same row-level security, and prints each row
 * of issue 15's table as a ratio measured in this run (with, for reference,
 * the server CPU per request behind each throughput row): throughput rows are
 * interleaved rounds (API, baseline, baseline, API, …) at the largest size,
 * after each server has taken the same load for `--warmup` seconds, not counted;
 * look-up latencies are medians at each size. Not a test; not in `pnpm test`.
 * `--customers N` / `--cases N` set the largest size (both are the same here:
 * one case per customer). `--quick` (sizes 500,2000, 5 connections × 3 s, one
 * round) is for development on a shared machine; its figures are not the goal's.
 */

// The richest selection the production cost limit (5,000) lets through.
const CASES_QUERY = `{ cases(first: 50) { edges { node { id reference stage status customer { id fullName }
  contacts { id channel } decisions { id kind } restrictions { id type } } } } }`;
const ME_QUERY = '{ me { tenantSlug } }';
const GUIDANCE_QUERY = `{ contactGuidance(customerQuery: "Alexandra Pemberton Whyte", channel: "telephone") {
  customerId fullName score verdict summary } }`;
const REGISTER_QUERY = `{ register(first: 50) { edges { node { caseReference cells { key value } } }
  pageInfo { hasNextPage endCursor } } }`;

/** `--quick`: small sizes and short rounds, for development while the CPU is shared. */
const QUICK = { sizes: '500,2000', connections: '5', duration: '3', rounds: '1', warmup: '2' };

/**
 * The API process's settings beyond production mode as deployed: the rate
 * limits (per process, in query cost per second) and the council's share of
 * the pool are raised out of the way. The bench floods one council from one
 * principal, which is what they exist to refuse; the hand-written endpoint has
 * neither, and a 429 is not a measurement.
 */
const API_BENCH_SETTINGS = {
  RATE_LIMIT_COUNCIL_COST: String(1e9),
  RATE_LIMIT_PRINCIPAL_COST: String(1e9),
  RATE_LIMIT_ANONYMOUS_COST: String(1e9),
  // The pool is 10, as the hand-written endpoint's.
  COUNCIL_CONCURRENCY: '10',
};

interface Options {
  sizes: number[];
  /** `--cpu-prof DIR`: the API writes a V8 CPU profile there when it stops. */
  profileDir?: string;
  connections: number;
  duration: number;
  rounds: number;
  /** Seconds of the same load each server takes before the measured rounds. */
  warmup: number;
  /** `--only cases,me`: only these throughput rows, and no look-up latencies (profiling one path). */
  only?: string[];
  /** `--api-dist DIR`: the API build to run (another commit's, for a before/after in one sitting). */
  apiDist: string;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      customers: { type: 'string' },
      cases: { type: 'string' },
      connections: { type: 'string', default: '10' },
      duration: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '2' },
      warmup: { type: 'string', default: '15' },
      quick: { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      only: { type: 'string' },
      'api-dist': { type: 'string' },
    },
  });
  if (values.quick) Object.assign(values, QUICK);
  let sizes = values.sizes.split(',').map(Number);
  const largest = Number(values.customers ?? values.cases ?? 0);
  if (largest) sizes = [...sizes.filter((s) => s < largest), largest];
  return {
    sizes,
    profileDir: values['cpu-prof'] ?? process.env.BENCH_PROFILE_DIR,
    connections: Number(values.connections),
    duration: Number(values.duration),
    rounds: Number(values.rounds),
    warmup: Number(values.warmup),
    only: values.only?.split(','),
    apiDist: values['api-dist'] ? resolve(values['api-dist']) : API_DIST,
  };
}

interface Target {
  name: string;
  /** The serving process, whose CPU time a load is charged. */
  pid: number;
  url: string;
  body?: string;
  token: string;
}

interface Load {
  rate: number;
  /** The serving process's CPU per request (ms). */
  cpu: number;
  /** Postgres's CPU per request (ms): on a shared machine, throughput pays for both. */
  pgCpu: number;
}

async function load(t: Target, o: Options, postgresCpuSince: () => () => number): Promise<Load> {
  const cpuBefore = cpuMs(t.pid);
  const pgCpu = postgresCpuSince();
  const result = await autocannon({
    url: t.url,
    method: 'POST',
    connections: o.connections,
    duration: o.duration,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
    body: t.body ?? '{}',
  });
  if (result.non2xx || result.errors)
    throw new Error(`${t.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return {
    rate: result.requests.average,
    cpu: (cpuMs(t.pid) - cpuBefore) / result.requests.total,
    pgCpu: pgCpu() / result.requests.total,
  };
}

async function post(t: Target): Promise<{ ms: number; body: string }> {
  const started = process.hrtime.bigint();
  const res = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
    body: t.body ?? '{}',
  });
  const body = await res.text();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (!res.ok || body.includes('"errors"')) throw new Error(`${t.name}: ${res.status} ${body}`);
  return { ms, body };
}

async function medianLatency(t: Target, n = 25): Promise<number> {
  for (let i = 0; i < 3; i++) await post(t);
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push((await post(t)).ms);
  times.sort((a, b) => a - b);
  return times[Math.floor(n / 2)]!;
}

/**
 * Statements the app role ran for one request (pg_stat_statements, BEGIN and
 * COMMIT included), right after a warm-up request: the tenant directory's
 * lookup (once per 10 s per process) is not a per-request statement.
 */
async function statementsOf(owner: Client, t: Target): Promise<number> {
  await post(t);
  await owner.query('select pg_stat_statements_reset()');
  await post(t);
  const { rows } = await owner.query(
    `select coalesce(sum(calls), 0)::int as n from pg_stat_statements s
       join pg_roles r on r.oid = s.userid where r.rolname = 'conduct_app'`,
  );
  return rows[0].n;
}

const fmt = (n: number, d = 2) => n.toFixed(d);

async function main(): Promise<void> {
  const o = options();
  const servers = await benchServers({
    name: 'api',
    councils: ['maidstone', 'southampton'],
    statements: true,
  });
  try {
    const { owner } = servers;
    const [council, neighbour] = servers.councils as [SeededCouncil, SeededCouncil];
    const started = await servers.startApi(API_BENCH_SETTINGS, {
      apiDist: o.apiDist,
      execArgv: o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [],
    });
    const basePort = await freePort();
    const baseline = await servers.startChild(join(__dirname, 'baseline-server.js'), {
      DATABASE_URL: servers.appUrl,
      PORT: String(basePort),
      JWKS_URL: servers.jwksUrl,
      AUDIENCE: BENCH_AUDIENCE,
    });
    const token = await servers.token(council);
    const api = (name: string, query: string): Target => ({
      name,
      pid: started.child.pid!,
      url: started.url,
      body: JSON.stringify({ query }),
      token,
    });
    const base = (name: string, path: string): Target => ({
      name,
      pid: baseline.pid!,
      url: `http://127.0.0.1:${basePort}${path}`,
      token,
    });
    const targets = {
      cases: [api('API cases', CASES_QUERY), base('hand-written cases', '/cases')],
      me: [api('API me', ME_QUERY), base('hand-written me', '/me')],
    } as const;
    const guidance = api('contactGuidance', GUIDANCE_QUERY);
    const register = api('register', REGISTER_QUERY);

    const latency: { size: number; guidance: number; register: number }[] = [];
    let seeded = 0;
    for (const size of o.sizes) {
      const t0 = Date.now();
      for (const c of [council, neighbour]) await growCouncil(owner, c.id, seeded, size);
      if (!seeded) await nameSearchTarget(owner, council.id);
      // As autovacuum leaves a live database: statistics, and the GIN indexes'
      // pending lists merged (a scan reads a pending list row by row).
      await owner.query('vacuum analyze');
      seeded = size;
      console.log(
        `seeded ${size} customers and cases in each of 2 councils (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
      );
      if (o.only) continue;
      const row = {
        size,
        guidance: await medianLatency(guidance),
        register: await medianLatency(register),
      };
      latency.push(row);
      console.log(
        `  at ${size}: contactGuidance ${fmt(row.guidance, 1)} ms, register(first: 50) ${fmt(row.register, 1)} ms (medians)`,
      );
    }

    const statements = {
      api: await statementsOf(owner, targets.cases[0]),
      base: await statementsOf(owner, targets.cases[1]),
    };
    console.log(
      `  statements for the case list: API ${statements.api}, hand-written ${statements.base}`,
    );

    const keys = (Object.keys(targets) as (keyof typeof targets)[]).filter(
      (k) => !o.only || o.only.includes(k),
    );
    for (const key of keys) {
      const [a, b] = targets[key];
      console.log(
        `  one at a time, ${key}: API ${fmt(await medianLatency(a), 1)} ms, hand-written ${fmt(await medianLatency(b), 1)} ms (medians)`,
      );
    }
    // A JIT-compiled server reaches its steady state only after seconds of load: in the
    // first seconds of a round, V8's optimising compiler took a fifth of the API's CPU
    // (under 1% after 25 s), and a long-running server has paid that long before. Both
    // servers take each load first, uncounted, so the rounds compare steady states.
    if (o.warmup > 0) {
      for (const key of keys)
        for (const t of targets[key])
          await load(t, { ...o, duration: o.warmup }, servers.postgresCpuSince);
      console.log(`  warm-up: each server took each load for ${o.warmup} s (not counted)`);
    }
    const ratios: Record<keyof typeof targets, number[]> = { cases: [], me: [] };
    const cpuRatios: Record<keyof typeof targets, number[]> = { cases: [], me: [] };
    for (let round = 0; round < o.rounds; round++) {
      for (const key of keys) {
        const [a, b] = targets[key];
        // Interleaved, and the order alternates, so a busy moment of the machine hits both.
        const first = round % 2 === 0 ? [a, b] : [b, a];
        const runs = new Map<string, Load>();
        for (const t of first) runs.set(t.name, await load(t, o, servers.postgresCpuSince));
        const [ra, rb] = [runs.get(a.name)!, runs.get(b.name)!];
        ratios[key].push(ra.rate / rb.rate);
        cpuRatios[key].push(rb.cpu / ra.cpu);
        console.log(
          `  round ${round + 1} ${key}: API ${fmt(ra.rate, 0)} req/s, hand-written ${fmt(rb.rate, 0)} req/s = ${fmt(ra.rate / rb.rate)}x;` +
            ` server CPU per request API ${fmt(ra.cpu, 1)} ms, hand-written ${fmt(rb.cpu, 1)} ms = ${fmt(rb.cpu / ra.cpu)}x;` +
            ` Postgres CPU per request ${fmt(ra.pgCpu, 1)} / ${fmt(rb.pgCpu, 1)} ms`,
        );
      }
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    if (o.only) return;
    const first = latency[0]!;
    const last = latency.at(-1)!;
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    // Where the rest of a throughput gap is: not one of the goals, which are throughput.
    const REFERENCE = 'for reference';
    const rows = [
      [
        'cases(first: 50) with customer, contacts, decisions, restrictions vs hand-written',
        `${fmt(mean(ratios.cases))}x`,
        '>= 0.60x',
        verdict(mean(ratios.cases) >= 0.6),
      ],
      [
        '  the same, server CPU per request (hand-written / API; less sensitive to a shared machine)',
        `${fmt(mean(cpuRatios.cases))}x`,
        '-',
        REFERENCE,
      ],
      [
        'SQL statements for that request (hand-written)',
        `${statements.api} (${statements.base})`,
        '<= 7',
        verdict(statements.api <= 7),
      ],
      [
        '{ me { tenantSlug } } vs hand-written',
        `${fmt(mean(ratios.me))}x`,
        '>= 0.50x',
        verdict(mean(ratios.me) >= 0.5),
      ],
      [
        '  the same, server CPU per request (hand-written / API)',
        `${fmt(mean(cpuRatios.me))}x`,
        '-',
        REFERENCE,
      ],
      [
        `contactGuidance by name at ${latency.map((l) => l.size).join(' / ')} customers`,
        `${latency.map((l) => fmt(l.guidance, 1)).join(' / ')} ms = ${fmt(last.guidance / first.guidance)}x`,
        `<= 2x`,
        verdict(last.guidance / first.guidance <= 2),
      ],
      [
        `register(first: 50) at ${latency.map((l) => l.size).join(' / ')} cases`,
        `${latency.map((l) => fmt(l.register, 1)).join(' / ')} ms = ${fmt(last.register / first.register)}x`,
        `<= 2x`,
        verdict(last.register / first.register <= 2),
      ],
    ];
    console.log(
      `\n${o.connections} connections x ${o.duration} s, ${o.rounds} interleaved rounds after a ${o.warmup} s warm-up per server and load; API in production mode\n`,
    );
    console.log('| what | this run | goal | |\n|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  } finally {
    await servers.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
