import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExportedAnchors, verifyAuditChain, withTenant } from '@conduct/db';
import { startHarness, type SchedulingHarness } from '../scheduling/harness';
import { exited, spawnWorker, until } from './process';

/**
 * RELIABILITY target 8, end to end (issue 14): the real worker process anchors
 * every council's chain head, in `audit_anchor` and in the append-only export
 * file (AUDIT_ANCHOR_FILE). A superuser who then deletes the tail of a chain is
 * caught with its position, and one who also deletes the anchor rows is still
 * caught by the exported anchors.
 */
describe('the worker anchors audit chains', () => {
  const KEY = 'anchor-test-key-0123456789-0123456789';
  let h: SchedulingHarness;
  let file: string;

  beforeAll(async () => {
    h = await startHarness(new Date('2026-01-05T09:00:00Z'));
    file = join(mkdtempSync(join(tmpdir(), 'conduct-anchors-')), 'anchors.jsonl');
  });
  afterAll(() => h.close());

  const verify = (
    tenantId: string,
    exported: Awaited<ReturnType<typeof readExportedAnchors>> = [],
  ) => withTenant(h.ds, tenantId, (em) => verifyAuditChain(em, tenantId, undefined, KEY, exported));

  it('anchors, exports, and a truncated chain verifies as truncated at its position', async () => {
    const maidstone = h.tenants.maidstone!;
    const { rows: heads } = await h.pg.query(
      `select max(seq)::int as head from audit_event where tenant_id = $1`,
      [maidstone],
    );
    const head = heads[0].head as number;
    const worker = spawnWorker(h.workerEnv({ AUDIT_ANCHOR_KEY: KEY, AUDIT_ANCHOR_FILE: file }));
    try {
      await until(async () => {
        const { rows } = await h.pg.query(
          `select count(*)::int as n from audit_anchor where anchor_tenant_id = $1 and seq = $2`,
          [maidstone, head],
        );
        return rows[0].n > 0 ? true : undefined;
      }, 60_000);
    } finally {
      worker.kill('SIGTERM');
      expect(await exited(worker)).toBe(0);
    }
    // One JSON line per anchor, every council's head exported.
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.length).toBe(Object.keys(h.tenants).length);
    const exported = await readExportedAnchors(file, maidstone);
    expect(exported).toEqual([expect.objectContaining({ seq: head, tenantId: maidstone })]);
    expect((await verify(maidstone, exported)).ok).toBe(true);

    // A superuser deletes the last three events: truncated, from the first missing seq.
    await h.pg.query(`delete from audit_event where tenant_id = $1 and seq > $2`, [
      maidstone,
      head - 3,
    ]);
    expect(await verify(maidstone)).toMatchObject({
      ok: false,
      problem: 'truncated',
      firstBrokenSeq: head - 2,
    });
    // ... and the anchor rows too: the table alone no longer tells, the export does.
    await h.pg.query(`delete from audit_anchor where anchor_tenant_id = $1`, [maidstone]);
    expect((await verify(maidstone)).ok).toBe(true);
    expect(await verify(maidstone, exported)).toMatchObject({
      ok: false,
      problem: 'truncated',
      firstBrokenSeq: head - 2,
    });
  });
});
