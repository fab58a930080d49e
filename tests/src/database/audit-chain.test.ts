import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { appendAuditEvent, createDataSource, verifyAuditChain, withTenant } from '@conduct/db';
import { createTestDatabase, type TestDatabase } from '@conduct/testing';

describe('audit chain', () => {
  let db: TestDatabase;
  let owner: DataSource;
  let app: DataSource;
  const tenantId = randomUUID();
  const other = randomUUID();

  const verify = (t = tenantId) => withTenant(app, t, (em) => verifyAuditChain(em, t));

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = createDataSource(db.ownerUrl, 'owner', 2);
    app = createDataSource(db.appUrl, 'app', 6);
    await Promise.all([owner.initialize(), app.initialize()]);
    for (const id of [tenantId, other]) {
      await owner.query(`insert into tenant (id, slug, name, population) values ($1, $2, 'C', 1)`, [
        id,
        `c-${id.slice(0, 8)}`,
      ]);
    }
    // Concurrent writers of one tenant: the advisory lock keeps seq dense and the chain linear.
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        withTenant(app, i % 3 === 0 ? other : tenantId, (em) =>
          appendAuditEvent(em, {
            actorId: null,
            action: 'case.opened',
            entityType: 'case',
            entityId: randomUUID(),
            payload: { n: i },
            occurredAt: new Date(),
          }),
        ),
      ),
    );
  });
  afterAll(async () => {
    await Promise.all([owner.destroy(), app.destroy()]);
    await db.drop();
  });

  it('verifies an intact chain per tenant', async () => {
    expect(await verify()).toMatchObject({ ok: true, checked: 20 });
    expect(await verify(other)).toMatchObject({ ok: true, checked: 10 });
  });

  it('writes nothing when the transaction rolls back', async () => {
    await expect(
      withTenant(app, tenantId, async (em) => {
        await appendAuditEvent(em, {
          actorId: null,
          action: 'x',
          entityType: 'case',
          occurredAt: new Date(),
        });
        throw new Error('mutation failed');
      }),
    ).rejects.toThrow('mutation failed');
    expect(await verify()).toMatchObject({ ok: true, checked: 20 });
  });

  it('forbids the app role to change or delete events', async () => {
    await expect(
      withTenant(app, tenantId, (em) => em.query(`update audit_event set action = 'y'`)),
    ).rejects.toThrow(/permission denied/);
    await expect(
      withTenant(app, tenantId, (em) => em.query(`delete from audit_event`)),
    ).rejects.toThrow(/permission denied/);
  });

  it('names the first event a superuser edited, deleted or reordered', async () => {
    const [row] = (await owner.query(
      `update audit_event set payload = '{"n": 999}' where tenant_id = $1 and seq = 7 returning id`,
      [tenantId],
    )) as [{ id: string }[]];
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 6,
      firstBrokenEventId: row[0]!.id,
      firstBrokenSeq: 7,
    });

    await owner.query(`delete from audit_event where tenant_id = $1 and seq >= 7`, [tenantId]);
    await owner.query(`delete from audit_event where tenant_id = $1 and seq = 3`, [tenantId]);
    expect(await verify()).toMatchObject({ ok: false, checked: 2, firstBrokenSeq: 4 });
    expect(await verify(other)).toMatchObject({ ok: true });
  });
});
