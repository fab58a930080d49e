import { anchorAuditChain, appendAuditEvent, withTenant } from '@conduct/db';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

/**
 * RELIABILITY target 8, the tail and forward rewrites (issue 14 finding 4): a
 * database superuser deletes the last row, the last ten, all of a council's
 * rows, or edits a row and recomputes every hash after it. The chain alone
 * still verifies; held to the HMAC-signed head anchored outside the council's
 * table, each is reported with its position.
 */
describe('audit chain anchoring', () => {
  let api: TestApi;
  const VERIFY = '{ verifyAuditChain { ok checked firstBrokenSeq problem } }';
  type Verdict = { ok: boolean; checked: number; firstBrokenSeq: number | null; problem: string };

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  /** 30 more events, then the worker's anchor; returns the anchored head seq. */
  async function chainOf(slug: string): Promise<number> {
    const tenantId = api.tenants[slug]!;
    return withTenant(api.ds, tenantId, async (em) => {
      for (let i = 0; i < 30; i += 1) {
        await appendAuditEvent(em, {
          actorId: null,
          action: 'test.event',
          entityType: 'tenant',
          entityId: tenantId,
          payload: { i },
          occurredAt: api.clock.now(),
        });
      }
      const anchor = await anchorAuditChain(
        em,
        'conduct-development-audit-anchor-key-not-for-production',
        api.clock.now(),
      );
      return anchor!.seq;
    });
  }

  async function verdict(slug: string): Promise<Verdict> {
    const token = await api.token(slug, `admin@${slug}.example`);
    const res = await api.gql<{ verifyAuditChain: Verdict }>(VERIFY, {}, token);
    expect(res.errors).toBeUndefined();
    return res.data!.verifyAuditChain;
  }

  const superuserDelete = (slug: string, fromSeq: number) =>
    api.owner.query(`delete from audit_event where tenant_id = $1 and seq >= $2`, [
      api.tenants[slug]!,
      fromSeq,
    ]);

  it('an intact anchored chain verifies', async () => {
    const head = await chainOf('maidstone');
    expect(await verdict('maidstone')).toEqual({
      ok: true,
      checked: head,
      firstBrokenSeq: null,
      problem: null,
    });
    // Nothing new: no second anchor.
    const again = await withTenant(api.ds, api.tenants.maidstone!, (em) =>
      anchorAuditChain(
        em,
        'conduct-development-audit-anchor-key-not-for-production',
        api.clock.now(),
      ),
    );
    expect(again).toBeNull();
  });

  it('detects the last row deleted', async () => {
    const head = await chainOf('southampton');
    await superuserDelete('southampton', head);
    expect(await verdict('southampton')).toMatchObject({
      ok: false,
      firstBrokenSeq: head,
      problem: 'truncated',
    });
  });

  it('detects the last ten rows deleted', async () => {
    const head = await chainOf('welwyn-hatfield');
    await superuserDelete('welwyn-hatfield', head - 9);
    expect(await verdict('welwyn-hatfield')).toMatchObject({
      ok: false,
      checked: head - 10,
      firstBrokenSeq: head - 9,
      problem: 'truncated',
    });
  });

  it('detects every row deleted', async () => {
    await chainOf('london-borough');
    await superuserDelete('london-borough', 1);
    expect(await verdict('london-borough')).toMatchObject({
      ok: false,
      checked: 0,
      firstBrokenSeq: 1,
      problem: 'truncated',
    });
  });

  it('detects an edit with every later hash recomputed', async () => {
    const slug = 'cheshire-west-and-chester';
    const tenantId = api.tenants[slug]!;
    const head = await chainOf(slug);
    // Rewrite from seq head-5 on with valid hashes: what a superuser with the code can do.
    const from = head - 5;
    const rows = (await api.owner.query(
      `select action, entity_type, entity_id, payload from audit_event where tenant_id = $1 and seq >= $2 order by seq`,
      [tenantId, from],
    )) as {
      action: string;
      entity_type: string;
      entity_id: string;
      payload: Record<string, unknown>;
    }[];
    await superuserDelete(slug, from);
    await withTenant(api.ds, tenantId, async (em) => {
      for (const [i, r] of rows.entries()) {
        await appendAuditEvent(em, {
          actorId: null,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          payload: i === 0 ? { edited: true } : r.payload,
          occurredAt: api.clock.now(),
        });
      }
    });
    const v = await verdict(slug);
    expect(v).toMatchObject({ ok: false, checked: head, problem: 'rewritten' });
    expect(v.firstBrokenSeq).toBeLessThanOrEqual(from);
  });

  it('the app role can neither change nor delete anchors', async () => {
    await expect(api.ds.query(`delete from audit_anchor`)).rejects.toThrow(/permission denied/);
    await expect(api.ds.query(`update audit_anchor set seq = 1`)).rejects.toThrow(
      /permission denied/,
    );
  });
});
