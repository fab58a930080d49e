import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse, type OperationDefinitionNode } from 'graphql';
import { queryCost } from '@conduct/api/rate-limits/query-cost';
import { benchServers, cpuMs } from './bench-processes';
import { growCouncil, type SeededCouncil } from './seed';

const USAGE = `pnpm bench:fairness [options]: RELIABILITY target 7

One council at 10x its budget raises another council's p95 by <= 20%.

Starts Postgres, Redis and the real API (production mode, its own process)
with the given budget. The measured council (Southampton) sends small reads
at a steady rate from this process; the flooding council (Maidstone) offers
10x its cost budget per second, open loop, from a second process. Phases
alone / flooded alternate; prints the measured council's p95 alone and
flooded, the ratio, and the requests offered and refused.

  --budget N          the council's budget, query cost per second (default 5000,
                      the production default RATE_LIMIT_COUNCIL_COST)
  --flood-factor N    the flood offers N x the budget (default 10)
  --seconds N         length of each phase (default 10)
  --rounds N          alone/flooded pairs (default 3)
  --victim-rate N     the measured council's requests per second (default 20)
  --concurrency N     COUNCIL_CONCURRENCY of the API (default 4, production)
  --customers N       customers (and cases) seeded per council (default 500)
  --quick             4 s phases, 2 rounds: a smoke run while the CPU is shared
  -h, --help          this text

Not a test; not in pnpm test. BENCH_VERBOSE=1 shows the children's output.`;

const VICTIM_QUERY = '{ me { user { email } } customers(first: 1) { edges { node { id } } } }';
const FLOOD_QUERY = '{ customers(first: 50) { edges { node { id fullName } } } }';

function options() {
  const { values } = parseArgs({
    options: {
      budget: { type: 'string', default: '5000' },
      'flood-factor': { type: 'string', default: '10' },
      seconds: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
      'victim-rate': { type: 'string', default: '20' },
      concurrency: { type: 'string', default: '4' },
      customers: { type: 'string', default: '500' },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.quick) Object.assign(values, { seconds: '4', rounds: '2' });
  return {
    budget: Number(values.budget),
    floodFactor: Number(values['flood-factor']),
    seconds: Number(values.seconds),
    rounds: Number(values.rounds),
    victimRate: Number(values['victim-rate']),
    concurrency: values.concurrency,
    customers: Number(values.customers),
  };
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
const fmt = (n: number, d = 1) => n.toFixed(d);

/** Sends `rate` requests per second, open loop, for `seconds`; resolves with their latencies (ms). */
async function steadyLoad(url: string, token: string, rate: number, seconds: number) {
  const latencies: number[] = [];
  const inFlight: Promise<void>[] = [];
  const body = JSON.stringify({ query: VICTIM_QUERY });
  const start = Date.now();
  let sent = 0;
  let failed = 0;
  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      const elapsed = Date.now() - start;
      const due = Math.floor((Math.min(elapsed, seconds * 1000) / 1000) * rate);
      for (; sent < due; sent += 1) {
        const t = process.hrtime.bigint();
        inFlight.push(
          fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body,
          })
            .then(async (res) => {
              const text = await res.text();
              if (res.status !== 200 || text.includes('"errors"'))
                throw new Error(`${res.status} ${text}`);
              latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
            })
            // A refusal or a connection the server never accepted is a result, not a
            // crash: it counts at the time it took to fail, and is reported.
            .catch(() => {
              failed += 1;
              latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
            }),
        );
      }
      if (elapsed >= seconds * 1000) {
        clearInterval(timer);
        done();
      }
    }, 5);
  });
  await Promise.all(inFlight);
  return { latencies, failed };
}

interface FloodOutcomes {
  sent: number;
  ok: number;
  limited: number;
  failed: number;
  failures: string[];
}

function floodFor(child: ChildProcess, seconds: number): Promise<FloodOutcomes> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as FloodOutcomes));
    child.send({ seconds });
  });
}

async function main(): Promise<void> {
  const o = options();
  const flood = parse(FLOOD_QUERY);
  const floodCost = queryCost(flood, flood.definitions[0] as OperationDefinitionNode);
  const floodRate = (o.floodFactor * o.budget) / floodCost;

  const servers = await benchServers({ name: 'fairness', councils: ['southampton', 'maidstone'] });
  try {
    const [victim, attacker] = servers.councils as [SeededCouncil, SeededCouncil];
    for (const c of [victim, attacker]) await growCouncil(servers.owner, c.id, 0, o.customers);
    await servers.owner.query('vacuum analyze');

    const { child: api, url } = await servers.startApi({
      // One budget for the council and its principal: the flood is one user.
      RATE_LIMIT_COUNCIL_COST: String(o.budget),
      RATE_LIMIT_PRINCIPAL_COST: String(o.budget),
      COUNCIL_CONCURRENCY: o.concurrency,
    });
    const flooder = await servers.startChild(join(__dirname, 'fairness-flood.js'), {
      FLOOD_URL: url,
      FLOOD_TOKEN: await servers.token(attacker),
      FLOOD_QUERY: FLOOD_QUERY,
      FLOOD_RATE: String(floodRate),
    });
    const victimToken = await servers.token(victim);

    // Warm-up: JIT, pools, caches and the token's keys, so the first phase is not the slower one.
    await steadyLoad(url, victimToken, o.victimRate, 3);
    await floodFor(flooder, 2);

    const alone: number[] = [];
    const flooded: number[] = [];
    const victimFailed = { alone: 0, flooded: 0 };
    const outcomes: FloodOutcomes = { sent: 0, ok: 0, limited: 0, failed: 0, failures: [] };
    // The API's CPU time and the wall time of each kind of phase (a flooded phase
    // lasts until the flood's last answer, often longer than --seconds).
    const cpu = { alone: 0, flooded: 0 };
    const wall = { alone: 0, flooded: 0 };
    for (let round = 1; round <= o.rounds; round++) {
      const cpu0 = cpuMs(api.pid!);
      const t0 = Date.now();
      const { latencies: a, failed: aFailed } = await steadyLoad(
        url,
        victimToken,
        o.victimRate,
        o.seconds,
      );
      const cpu1 = cpuMs(api.pid!);
      const t1 = Date.now();
      const [{ latencies: f, failed: fFailed }, out] = await Promise.all([
        steadyLoad(url, victimToken, o.victimRate, o.seconds),
        floodFor(flooder, o.seconds),
      ]);
      const cpu2 = cpuMs(api.pid!);
      wall.alone += t1 - t0;
      const t2 = Date.now();
      wall.flooded += t2 - t1;
      cpu.alone += cpu1 - cpu0;
      cpu.flooded += cpu2 - cpu1;
      alone.push(...a);
      flooded.push(...f);
      victimFailed.alone += aFailed;
      victimFailed.flooded += fFailed;
      for (const k of ['sent', 'ok', 'limited', 'failed'] as const) outcomes[k] += out[k];
      outcomes.failures.push(...out.failures);
      console.log(
        `round ${round}: alone p95 ${fmt(p95(a))} ms, flooded p95 ${fmt(p95(f))} ms = ${fmt(p95(f) / p95(a), 2)};` +
          ` measured council's failures (refused or not connected) ${aFailed} / ${fFailed};` +
          ` flood ${out.sent} sent, ${out.ok} ok, ${out.limited} refused (429), ${out.failed} failed;` +
          ` API CPU ${cpu1 - cpu0} ms in ${t1 - t0} ms / ${cpu2 - cpu1} ms in ${t2 - t1} ms; load ${loadavg()[0]!.toFixed(2)}`,
      );
    }
    const ratio = p95(flooded) / p95(alone);
    console.log(
      JSON.stringify(
        {
          budgetCostPerSecond: o.budget,
          floodQueryCost: floodCost,
          floodOfferedPerSecond: +fmt(floodRate),
          floodOfferedCostPerSecond: Math.round(floodRate * floodCost),
          seconds: o.seconds,
          rounds: o.rounds,
          victimRequestsPerSecond: o.victimRate,
          victimAlone: {
            p95Ms: +fmt(p95(alone)),
            requests: alone.length,
            failed: victimFailed.alone,
          },
          victimFlooded: {
            p95Ms: +fmt(p95(flooded)),
            requests: flooded.length,
            failed: victimFailed.flooded,
          },
          flood: outcomes,
          apiCpuPercentOfOneCore: {
            alone: Math.round((100 * cpu.alone) / wall.alone),
            flooded: Math.round((100 * cpu.flooded) / wall.flooded),
          },
          loadAverage: loadavg().map((l) => +l.toFixed(2)),
          p95Ratio: +fmt(ratio, 2),
          target: '<= 1.20',
        },
        null,
        2,
      ),
    );
    console.log(
      `baseline p95 ${fmt(p95(alone))} ms; flooded p95 ${fmt(p95(flooded))} ms; ratio ${fmt(ratio, 2)} (target <= 1.20);` +
        ` flood offered ${outcomes.sent}, refused ${outcomes.limited}, served ${outcomes.ok}`,
    );
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
