import fc from 'fast-check';
import type { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource, verifyAuditChain, withTenant } from '@conduct/db';
import { createTestDatabase, type TestDatabase } from '@conduct/testing';
import { PolicyVersions, hasDuePurge } from '@conduct/casework';
import { newRunId, previewPurge, runPurge } from '@conduct/worker';
import { Fingerprints, type Fingerprint } from './fingerprints';
import {
  clearCaseData,
  connectOwner,
  loadCouncils,
  startingCases,
  writeDataSet,
  type CouncilRows,
} from './purge-database';
import { runOutcome } from './run-outcome';
import { dataSets, resolveDataSet, type Council, type DataSetSpec } from './purge-data-sets';
import { duePurges, type Due } from './written-rules';

/**
 * RELIABILITY target 9: the purge against an oracle written from the policy
 * texts, over generated data sets in one real database. Each run writes a few
 * cases for three councils, takes the dry run and the purge of one council at
 * a fixed cutoff, and compares what happened with what the written rules say.
 * PURGE_ORACLE_RUNS: how many data sets; PURGE_ORACLE_SEED replays a failure
 * fast-check reported.
 */
const RUNS = Number(process.env.PURGE_ORACLE_RUNS ?? 1000);
const SEED = process.env.PURGE_ORACLE_SEED;

const sorted = (ids: Iterable<string>) => [...ids].sort();
const dueList = (due: Map<string, Due>) =>
  sorted(due.keys()).map((caseId) => ({
    caseId,
    ruleId: due.get(caseId)!.ruleId,
    dueAt: due.get(caseId)!.dueAt.getTime(),
  }));
const without = (print: Fingerprint, drop: (key: string) => boolean) =>
  Object.fromEntries(Object.entries(print).filter(([key]) => !drop(key)));

/** Customers whose last unpurged case is due: their identity goes with it. */
function customersToWipe(
  start: Awaited<ReturnType<typeof startingCases>>,
  due: Map<string, Due>,
): Set<string> {
  const spared = new Set(
    start.filter((c) => c.status !== 'purged' && !due.has(c.id)).map((c) => c.customerId),
  );
  return new Set(
    start
      .filter((c) => due.has(c.id) && !c.wiped && !spared.has(c.customerId))
      .map((c) => c.customerId),
  );
}

describe('the retention purge against the written rules (RELIABILITY target 9)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let owner: Client;
  let councils: Record<Council, CouncilRows>;
  let prints: Fingerprints;
  const policies = new PolicyVersions();

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.appUrl, 'app', 2);
    await ds.initialize();
    owner = await connectOwner(db.ownerUrl);
    councils = await loadCouncils(ds, owner, new Date('2026-01-05T09:00:00Z'));
    prints = await Fingerprints.of(owner);
  });
  afterAll(async () => {
    await owner?.end();
    await ds?.destroy();
    await db?.drop();
  });

  async function check(spec: DataSetSpec): Promise<void> {
    const set = resolveDataSet(spec);
    const { tenantId } = councils[spec.target];
    await clearCaseData(owner);
    await writeDataSet(owner, councils, set);
    const due = duePurges(spec.target, set.cases[spec.target], set.cutoff);

    // The dry run lists exactly the due cases, with rule and date, and writes nothing.
    const untouched = await prints.database();
    const preview = await previewPurge(ds, policies, tenantId, set.cutoff, spec.pageSize);
    expect(await prints.database()).toEqual(untouched);
    expect(
      preview
        .map((c) => ({ caseId: c.caseId, ruleId: c.ruleId, dueAt: c.dueAt.getTime() }))
        .sort((a, b) => a.caseId.localeCompare(b.caseId)),
    ).toEqual(dueList(due));
    // The sweep's "anything due?" agrees.
    expect(await withTenant(ds, tenantId, (em) => hasDuePurge(em, policies, set.cutoff))).toBe(
      due.size > 0,
    );

    const start = await startingCases(owner, tenantId);
    const toWipe = customersToWipe(start, due);
    const before = await prints.tenant(tenantId);
    const runId = newRunId();
    const result = await runPurge(ds, policies, tenantId, {
      cutoff: set.cutoff,
      runId,
      actor: 'oracle-test',
      now: () => set.now,
      batchSize: spec.batchSize,
    });
    expect(result).toMatchObject({ purged: due.size, stopped: false });

    // Other councils and the platform tables: not a row written.
    const ours = (key: string) => key.endsWith(`:${tenantId}`);
    expect(without(await prints.database(), ours)).toEqual(without(untouched, ours));
    // In the council: every case but the due ones, and every customer but those wiped, untouched.
    const changed = (key: string) =>
      due.has(key.replace(/^case:/, '')) || toWipe.has(key.replace(/^customer:/, ''));
    expect(without(await prints.tenant(tenantId), changed)).toEqual(without(before, changed));

    const out = await runOutcome(owner, tenantId, runId, sorted(due.keys()), set.now);
    const purgedBefore = new Set(start.filter((c) => c.status === 'purged').map((c) => c.id));
    expect(out.purged.filter((id) => !purgedBefore.has(id))).toEqual(sorted(due.keys()));
    // The deletion log: one row per purged case, its rule and date, the run's fixed cutoff.
    expect(out.log).toEqual(
      dueList(due).map((d) => ({
        ...d,
        cutoff: set.cutoff.getTime(),
        action: 'destroy',
        actor: 'oracle-test',
      })),
    );
    // One audit event per batch, together naming each purged case once.
    expect(out.batches).toHaveLength(result.batches);
    expect(sorted(out.batches.flat())).toEqual(sorted(due.keys()));
    // A purged case leaves a tombstone and a statistic; its records are destroyed.
    expect(out.remains).toEqual(
      dueList(due).map((d) => ({
        caseId: d.caseId,
        summary: null,
        dueAt: d.dueAt,
        contacts: 0,
        letters: 0,
        parameters: 0,
        counted: true,
      })),
    );
    expect(out.wiped).toEqual(sorted(toWipe));
    if (result.batches) {
      expect(await withTenant(ds, tenantId, (em) => verifyAuditChain(em, tenantId))).toMatchObject({
        ok: true,
      });
    }
  }

  it(
    'purges exactly the due, unheld cases of its own council; the dry run lists the same and writes nothing',
    async () => {
      await fc.assert(fc.asyncProperty(dataSets, check), {
        numRuns: RUNS,
        ...(SEED ? { seed: Number(SEED) } : {}),
      });
    },
    60_000 + RUNS * 1_000,
  );
});
