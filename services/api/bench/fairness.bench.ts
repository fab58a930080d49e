import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { parse, type OperationDefinitionNode } from 'graphql';
import type { AddressInfo } from 'node:net';
import globalSetup from '@conduct/testing/global-setup';
import globalTeardown from '@conduct/testing/global-teardown';
import { queryCost } from '../src/rate-limits/query-cost';
import { startTestApi } from '@conduct/api/testing/test-api';

/**
 * `pnpm bench:fairness [--quick] [--seconds 20] [--budget 5000]`: RELIABILITY target 7.
 * `--quick` runs 5-second phases (a smoke run while others share the CPU); the
 * figure that counts is a full run on a quiet machine.
 * One council (Southampton) sends small reads at a steady 20/s (`--victim-rate`); another
 * (Maidstone) is offered 10× its cost budget per second, open loop, with list
 * queries. Prints Southampton's p95 alone, under the flood, and the ratio
 * (target ≤ 1.20). Real Postgres and Redis of its own; not run by `pnpm test`.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '20' },
      budget: { type: 'string', default: '5000' },
      concurrency: { type: 'string', default: '4' },
      'over-budget-concurrency': { type: 'string', default: '1' },
      quick: { type: 'boolean', default: false },
      'victim-rate': { type: 'string', default: '20' },
    },
  });
  const seconds = values.quick ? 5 : Number(values.seconds);
  // The test harness's own Postgres cluster (a temporary folder), as jest's global set-up makes it.
  await globalSetup();
  const budget = Number(values.budget);
  const api = await startTestApi({
    rateLimits: {
      councilCostPerSecond: budget,
      principalCostPerSecond: budget,
      anonymousCostPerSecond: budget,
      councilConcurrency: Number(values.concurrency),
      overBudgetConcurrency: Number(values['over-budget-concurrency']),
    },
  });
  try {
    const server = api.server.httpServer;
    const victim = await api.token('southampton', 'officer@southampton.example');
    const attacker = await api.token('maidstone', 'officer@maidstone.example');
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/graphql`;
    // fetch (undici) keeps connections alive: the client's own cost stays small
    // beside the server's, as it would from other machines.
    const post = async (query: string, token: string) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
      return { status: res.status, body };
    };
    for (let i = 0; i < 50; i += 1) {
      await post(`mutation { createCustomer(input: { fullName: "Bench ${i}" }) { id } }`, attacker);
      await new Promise((r) => setTimeout(r, 30));
    }
    const victimQuery = '{ me { user { email } } customers(first: 1) { edges { node { id } } } }';
    const floodQuery = '{ customers(first: 50) { edges { node { id fullName } } } }';
    const flood = parse(floodQuery);
    const floodCost = queryCost(flood, flood.definitions[0] as OperationDefinitionNode);
    const floodRate = (10 * budget) / floodCost;

    const victimRate = Number(values['victim-rate']);
    /** Sends `rate` requests per second, open loop, in 50 ms ticks (timers alone lag when the loop is busy). */
    function openLoop(rate: number, send: () => void): () => void {
      const start = Date.now();
      let sent = 0;
      const timer = setInterval(() => {
        const due = Math.floor(((Date.now() - start) / 1000) * rate);
        for (; sent < due; sent += 1) send();
      }, 50);
      return () => clearInterval(timer);
    }

    async function victimP95(flood: boolean): Promise<{ p95: number; n: number; flood?: object }> {
      const latencies: number[] = [];
      const counts = { sent: 0, ok: 0, limited: 0, failed: 0 };
      const failures = new Set<string>();
      const inFlight: Promise<unknown>[] = [];
      const stopFlood = flood
        ? openLoop(floodRate, () => {
            counts.sent += 1;
            inFlight.push(
              post(floodQuery, attacker).then((r) => {
                if (r.status === 429) counts.limited += 1;
                else if (r.status === 200 && !r.body.errors) counts.ok += 1;
                else {
                  counts.failed += 1;
                  failures.add(`${r.status} ${r.body.errors?.[0]?.extensions?.code ?? ''}`);
                }
              }),
            );
          })
        : undefined;
      // The other council works at a steady, ordinary rate (open loop): its
      // latency is what it would see, not how fast it could saturate the process.
      const stopVictim = openLoop(victimRate, () => {
        const t = process.hrtime.bigint();
        inFlight.push(
          post(victimQuery, victim).then((res) => {
            if (res.status !== 200) throw new Error(`victim refused: ${res.status}`);
            latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
          }),
        );
      });
      await new Promise((r) => setTimeout(r, seconds * 1000));
      stopVictim();
      stopFlood?.();
      await Promise.all(inFlight);
      latencies.sort((a, b) => a - b);
      return {
        p95: latencies[Math.floor(latencies.length * 0.95)]!,
        n: latencies.length,
        ...(flood ? { flood: { ...counts, failures: [...failures] } } : {}),
      };
    }

    // Warm-up: JIT, pool and caches, so the baseline is not the slower phase.
    await victimP95(false);
    const alone = await victimP95(false);
    const flooded = await victimP95(true);
    const ratio = flooded.p95 / alone.p95;
    console.log(
      JSON.stringify(
        {
          budgetCostPerSecond: budget,
          floodOfferedCostPerSecond: Math.round(floodRate * floodCost),
          seconds,
          victimRequestsPerSecond: victimRate,
          victimAlone: { p95Ms: +alone.p95.toFixed(1), requests: alone.n },
          victimUnderFlood: { p95Ms: +flooded.p95.toFixed(1), requests: flooded.n },
          flood: flooded.flood,
          p95Ratio: +ratio.toFixed(2),
          target: '≤ 1.20',
        },
        null,
        2,
      ),
    );
    console.log(
      `baseline p95 ${alone.p95.toFixed(1)} ms; flooded p95 ${flooded.p95.toFixed(1)} ms; ratio ${ratio.toFixed(2)} (target ≤ 1.20)`,
    );
  } finally {
    await api.close();
    await globalTeardown();
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
