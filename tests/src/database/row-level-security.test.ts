import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource, withTenant } from '@conduct/db';
import { createTestDatabase, type TestDatabase } from '@conduct/testing';

/** Target 2 of RELIABILITY.md: the database itself keeps tenants apart. */
describe('row-level security', () => {
  let db: TestDatabase;
  let owner: DataSource;
  let app: DataSource;
  const tenants = [randomUUID(), randomUUID()];

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = createDataSource(db.ownerUrl, 'owner', 2);
    app = createDataSource(db.appUrl, 'app', 2);
    await Promise.all([owner.initialize(), app.initialize()]);
    for (const [i, id] of tenants.entries()) {
      await owner.query(
        `insert into tenant (id, slug, name, population) values ($1, $2, $3, 1000)`,
        [id, `council-${i}`, `Council ${i}`],
      );
      await owner.query(
        `insert into app_user (tenant_id, email, display_name, roles) values ($1, $2, 'Officer', '{}')`,
        [id, `officer@council-${i}.example`],
      );
    }
  });
  afterAll(async () => {
    await Promise.all([owner.destroy(), app.destroy()]);
    await db.drop();
  });

  it('has every table with a tenant_id behind forced RLS, and the app role owns none', async () => {
    const rows = (await owner.query(`
      select c.relname, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner) as owner
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id')`)) as {
      relname: string;
      relrowsecurity: boolean;
      relforcerowsecurity: boolean;
      owner: string;
    }[];
    expect(rows.length).toBeGreaterThan(0);
    const unprotected = rows.filter(
      (r) => !r.relrowsecurity || !r.relforcerowsecurity || r.owner === 'conduct_app',
    );
    expect(unprotected.map((r) => r.relname)).toEqual([]);
    const [role] = (await owner.query(
      `select rolsuper, rolbypassrls from pg_roles where rolname = 'conduct_app'`,
    )) as { rolsuper: boolean; rolbypassrls: boolean }[];
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it('shows a tenant only its own rows, even to a query with no tenant filter', async () => {
    const seen = await withTenant(app, tenants[0]!, (em) => em.query(`select email from app_user`));
    expect(seen).toEqual([{ email: 'officer@council-0.example' }]);
  });

  it('shows nothing and accepts nothing when no tenant is set', async () => {
    expect(await app.query(`select * from app_user`)).toEqual([]);
    await expect(
      app.query(`insert into app_user (tenant_id, email, display_name) values ($1, 'x@y', 'X')`, [
        tenants[0],
      ]),
    ).rejects.toThrow(/row-level security/);
  });

  it('refuses to write a row into another tenant', async () => {
    await expect(
      withTenant(app, tenants[0]!, (em) =>
        em.query(`insert into app_user (tenant_id, email, display_name) values ($1, 'x@y', 'X')`, [
          tenants[1],
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
    const moved = await withTenant(app, tenants[0]!, (em) =>
      em.query(`update app_user set display_name = 'Changed' where tenant_id = $1`, [tenants[1]]),
    );
    expect(moved[1]).toBe(0);
  });

  it('does not leak the tenant setting to the next user of a pooled connection', async () => {
    await withTenant(app, tenants[0]!, (em) => em.query('select 1'));
    for (let i = 0; i < 4; i++) expect(await app.query(`select * from app_user`)).toEqual([]);
  });
});
