import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource, verifyAuditChain, withTenant } from '@conduct/db';
import { createTestDatabase, type TestDatabase } from '@conduct/testing';

const EVENTS = 100_000;
const BATCH = 10_000;

/** RFC 8785 for flat objects of strings, numbers and nulls: sorted keys, no spaces. */
function canonical(value: Record<string, unknown>): string {
  const keys = Object.keys(value).sort();
  return `{${keys
    .map((k) => {
      const v = value[k];
      const text =
        v !== null && typeof v === 'object'
          ? canonical(v as Record<string, unknown>)
          : JSON.stringify(v);
      return `${JSON.stringify(k)}:${text}`;
    })
    .join(',')}}`;
}

/**
 * RELIABILITY target 8 at scale: a tenant's chain of 100,000 events, written as
 * the documented format (sha256 of the previous hash and the event's canonical
 * JSON) independently of the writer, verifies in pages; a reorder deep inside
 * is found at its position.
 */
describe('an audit chain of 100,000 events', () => {
  let db: TestDatabase;
  let owner: DataSource;
  let app: DataSource;
  const tenantId = randomUUID();
  const verify = () => withTenant(app, tenantId, (em) => verifyAuditChain(em, tenantId));

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = createDataSource(db.ownerUrl, 'owner', 2);
    app = createDataSource(db.appUrl, 'app', 2);
    await Promise.all([owner.initialize(), app.initialize()]);
    await owner.query(
      `insert into tenant (id, slug, name, population) values ($1, 'scale', 'S', 1)`,
      [tenantId],
    );
    let prev = '0'.repeat(64);
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let from = 1; from <= EVENTS; from += BATCH) {
      const rows: unknown[][] = [];
      for (let seq = from; seq < from + BATCH; seq += 1) {
        const event = {
          tenantId,
          seq,
          id: randomUUID(),
          occurredAt: new Date(start + seq * 1000).toISOString(),
          actorId: null,
          action: 'contact.logged',
          entityType: 'contact',
          entityId: randomUUID(),
          caseId: null,
          payload: { n: seq, channel: 'telephone' },
        };
        const hash = createHash('sha256').update(prev).update(canonical(event)).digest('hex');
        rows.push([
          seq,
          event.id,
          event.occurredAt,
          event.entityId,
          JSON.stringify(event.payload),
          prev,
          hash,
        ]);
        prev = hash;
      }
      const column = (i: number) => rows.map((r) => r[i]);
      await owner.query(
        `insert into audit_event (tenant_id, seq, id, occurred_at, actor_id, action, entity_type, entity_id, case_id, payload, prev_hash, hash)
         select $1, s, i, o, null, 'contact.logged', 'contact', e, null, p::jsonb, ph, h
           from unnest($2::bigint[], $3::uuid[], $4::timestamptz[], $5::uuid[], $6::text[], $7::text[], $8::text[])
                as x(s, i, o, e, p, ph, h)`,
        [tenantId, ...[0, 1, 2, 3, 4, 5, 6].map(column)],
      );
    }
  }, 120_000);
  afterAll(async () => {
    await Promise.all([owner.destroy(), app.destroy()]);
    await db.drop();
  });

  it('verifies all of them, as the app role under row-level security', async () => {
    const t = performance.now();
    expect(await verify()).toEqual({
      ok: true,
      checked: EVENTS,
      firstBrokenEventId: null,
      firstBrokenSeq: null,
      problem: null,
    });
    console.log(`verified ${EVENTS} events in ${((performance.now() - t) / 1000).toFixed(2)} s`);
  });

  it('finds two events a superuser swapped, at the first of them', async () => {
    // Swap the contents of seq 61,234 and 61,235 (keeping seq dense), as an editor would.
    await owner.query(
      `update audit_event a set payload = b.payload, entity_id = b.entity_id
         from audit_event b
        where a.tenant_id = $1 and b.tenant_id = $1
          and ((a.seq = 61234 and b.seq = 61235) or (a.seq = 61235 and b.seq = 61234))`,
      [tenantId],
    );
    expect(await verify()).toMatchObject({ ok: false, checked: 61_233, firstBrokenSeq: 61_234 });
  });
});
