import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@conduct/testing';

/**
 * Lints the migrated schema for distribution with Citus (infra/citus.md): each
 * tenant table has forced row-level security and `tenant_id` leading every
 * primary key, unique constraint, unique index and foreign key to another tenant
 * table; each platform table is declared a reference table (or coordinator-only);
 * and the DDL in infra/citus.md names every table exactly as the catalog does.
 */
const DOC = readFileSync(join(__dirname, '..', '..', '..', 'infra', 'citus.md'), 'utf8');
const declared = (fn: string) =>
  [...DOC.matchAll(new RegExp(`${fn}\\('([a-z_]+)'`, 'g'))].map((m) => m[1]!).sort();
const COORDINATOR_ONLY = ['schema_migration', 'worker_heartbeat'];

describe('the schema is ready for Citus', () => {
  let db: TestDatabase;
  let pg: Client;
  let tenantTables: string[];
  let platformTables: string[];

  beforeAll(async () => {
    db = await createTestDatabase();
    pg = new Client({ connectionString: db.ownerUrl });
    await pg.connect();
    ({ tenant: tenantTables, platform: platformTables } = await tables());
  });
  afterAll(async () => {
    await pg.end();
    await db.drop();
  });

  const tables = async () => {
    const { rows } = await pg.query<{ name: string; tenant: boolean }>(
      `select c.relname as name,
              exists (select 1 from pg_attribute a where a.attrelid = c.oid
                        and a.attname = 'tenant_id' and not a.attisdropped) as tenant
         from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
        order by 1`,
    );
    return {
      tenant: rows.filter((r) => r.tenant).map((r) => r.name),
      platform: rows.filter((r) => !r.tenant).map((r) => r.name),
    };
  };

  /** Tenant tables without forced RLS or a tenant_id policy. */
  const rlsFaults = async (tenant: string[]) => {
    const { rows } = await pg.query<{
      name: string;
      rls: boolean;
      forced: boolean;
      policies: string[];
    }>(
      `select c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
              coalesce(array_agg(p.qual) filter (where p.qual is not null), '{}') as policies
         from pg_class c left join pg_policies p on p.tablename = c.relname and p.schemaname = 'public'
        where c.relname = any($1) and c.relnamespace = 'public'::regnamespace
        group by 1, 2, 3 order by 1`,
      [tenant],
    );
    return rows
      .filter((r) => !r.rls || !r.forced || !r.policies.some((q) => q.includes('tenant_id')))
      .map((r) => r.name);
  };

  /** Keys of tenant tables not led by tenant_id, and foreign keys to platform tables. */
  const keyFaults = async (tenant: string[]) => {
    const { rows } = await pg.query<{
      tbl: string;
      name: string;
      kind: string;
      first: string;
      target: string | null;
    }>(
      `select c.conrelid::regclass::text as tbl, c.conname as name, c.contype as kind,
              (select attname from pg_attribute where attrelid = c.conrelid and attnum = c.conkey[1]) as first,
              c.confrelid::regclass::text as target
         from pg_constraint c
        where c.connamespace = 'public'::regnamespace and c.contype in ('p', 'u', 'f')
          and c.conrelid::regclass::text = any($1)
       union all
       select i.indrelid::regclass::text, ci.relname, 'i',
              (select attname from pg_attribute where attrelid = i.indrelid and attnum = i.indkey[0]), null
         from pg_index i join pg_class ci on ci.oid = i.indexrelid
        where i.indisunique and i.indrelid::regclass::text = any($1)`,
      [tenant],
    );
    return {
      // A constraint and its index share a name: each fault once.
      notLed: [
        ...new Set(
          rows
            .filter((r) => r.kind !== 'f' || tenant.includes(r.target!))
            .filter((r) => r.first !== 'tenant_id')
            .map((r) => `${r.tbl}.${r.name}`),
        ),
      ],
      toPlatform: rows
        .filter((r) => r.kind === 'f' && !tenant.includes(r.target!))
        .map((r) => r.target!),
    };
  };

  it('every tenant table has row-level security enabled and forced, with a tenant_id policy', async () => {
    expect(await rlsFaults(tenantTables)).toEqual([]);
  });

  it('tenant_id leads every primary key, unique constraint, unique index and tenant-to-tenant foreign key', async () => {
    const faults = await keyFaults(tenantTables);
    expect(faults.notLed).toEqual([]);
    // Foreign keys to platform tables point only at reference tables.
    for (const target of faults.toPlatform)
      expect(declared('create_reference_table')).toContain(target);
  });

  it('infra/citus.md distributes every tenant table and declares every platform table', () => {
    expect(declared('create_distributed_table')).toEqual([...tenantTables].sort());
    expect([...declared('create_reference_table'), ...COORDINATOR_ONLY].sort()).toEqual(
      [...platformTables].sort(),
    );
    for (const t of COORDINATOR_ONLY) expect(DOC).toContain(`\`${t}\``);
  });

  it('catches a table that breaks the rules (run last: it adds one)', async () => {
    await pg.query(
      `create table misfit (id uuid primary key, tenant_id uuid not null, code text unique)`,
    );
    const { tenant, platform } = await tables();
    expect(await rlsFaults(tenant)).toEqual(['misfit']);
    expect((await keyFaults(tenant)).notLed.sort()).toEqual([
      'misfit.misfit_code_key',
      'misfit.misfit_pkey',
    ]);
    expect(declared('create_distributed_table')).not.toEqual([...tenant].sort());
    expect(platform).toEqual(platformTables);
  });
});
