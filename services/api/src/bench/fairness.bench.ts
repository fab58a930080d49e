import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { parse, type OperationDefinitionNode } from 'graphql';
import request from 'supertest';
import globalSetup from '@conduct/testing/dist/global-setup';
import globalTeardown from '@conduct/testing/dist/global-teardown';
import { queryCost } from '../rate-limits/query-cost';
import { startTestApi } from '../testing/test-api';

/**
 * `pnpm bench:fairness [--quick] [--seconds 20] [--budget 5000]`: RELIABILITY target 7.
 * `--quick` runs 5-second phases (a smoke run while others share the CPU); the
 * figure that counts is a full run on a quiet machine.
 * One council (Southampton) runs a steady closed loop of small reads; another
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
    const post = (query: string, token: string) =>
      request(server)
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${token}`)
        .send({ query });
    for (let i = 0; i < 50; i += 1) {
      await post(`mutation { createCustomer(input: { fullName: "Bench ${i}" }) { id } }`, attacker);
      await new Promise((r) => setTimeout(r, 30));
    }
    const victimQuery = '{ me { user { email } } customers(first: 1) { edges { node { id } } } }';
    const floodQuery = '{ customers(first: 50) { edges { node { id fullName } } } }';
    const flood = parse(floodQuery);
    const floodCost = queryCost(flood, flood.definitions[0] as OperationDefinitionNode);
    const floodRate = (10 * budget) / floodCost;

    async function victimP95(flood: boolean): Promise<{ p95: number; n: number; flood?: object }> {
      const latencies: number[] = [];
      const end = Date.now() + seconds * 1000;
      const counts = { sent: 0, ok: 0, limited: 0 };
      const inFlight: Promise<unknown>[] = [];
      const timer = flood
        ? setInterval(() => {
            counts.sent += 1;
            inFlight.push(
              post(floodQuery, attacker).then((r) => {
                if (r.status === 429) counts.limited += 1;
                else counts.ok += 1;
              }),
            );
          }, 1000 / floodRate)
        : undefined;
      await Promise.all(
        [0, 1].map(async () => {
          while (Date.now() < end) {
            const t = process.hrtime.bigint();
            const res = await post(victimQuery, victim);
            if (res.status !== 200) throw new Error(`victim refused: ${res.status}`);
            latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
          }
        }),
      );
      if (timer) clearInterval(timer);
      await Promise.all(inFlight);
      latencies.sort((a, b) => a - b);
      return {
        p95: latencies[Math.floor(latencies.length * 0.95)]!,
        n: latencies.length,
        ...(flood ? { flood: counts } : {}),
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
