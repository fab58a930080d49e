import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDataSource, verifyAuditChain, withTenant, appendAuditEvent } from '@conduct/db';
import { TENANTS_DIR, applyTenants } from '@conduct/api/tenancy/apply-tenants';
import { createTestDatabase, seedCases, type TestDatabase } from '@conduct/testing';

/**
 * `tenant:export` then `tenant:import` (the real commands) move one council,
 * whole, from one instance's database to another's: every row of every tenant
 * table identical, the audit chain verifying there to the same head, nothing of
 * the other councils, and a tampered or repeated import refused with nothing written.
 */
const EXPORT = require.resolve('@conduct/api/cli/tenant-export');
const IMPORT = require.resolve('@conduct/api/cli/tenant-import');

function run(script: string, db: TestDatabase, args: string[]): { code: number; out: string } {
  try {
    const out = execFileSync(process.execPath, [script, ...args], {
      env: {
        ...process.env,
        DATABASE_URL: db.ownerUrl,
        DATABASE_APP_PASSWORD: decodeURIComponent(new URL(db.appUrl).password),
        LOG_LEVEL: 'warn',
      },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, out };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, out: `${err.stdout}${err.stderr}` };
  }
}

/** Per tenant table: row count and a digest of every row's JSON, in key order. */
async function fingerprint(url: string, tenantId: string): Promise<Record<string, string>> {
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    const { rows: tables } = await pg.query<{ t: string }>(
      `select c.relname as t from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
         and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id')
       order by 1`,
    );
    const out: Record<string, string> = {};
    for (const { t } of tables) {
      const { rows } = await pg.query<{ n: number; d: string | null }>(
        `select count(*)::int as n, md5(string_agg(row_to_json(x)::text, '|' order by row_to_json(x)::text)) as d
           from "${t}" x where tenant_id = $1`,
        [tenantId],
      );
      out[t] = `${rows[0]!.n}:${rows[0]!.d ?? '-'}`;
    }
    return out;
  } finally {
    await pg.end();
  }
}

jest.setTimeout(180_000);

describe('tenant export and import', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let tenants: Record<string, string>;
  const dir = mkdtempSync(join(tmpdir(), 'conduct-archive-'));
  const archive = join(dir, 'maidstone');

  beforeAll(async () => {
    chmodSync(dir, 0o755);
    [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    const ds = createDataSource(source.appUrl, 'app', 2);
    await ds.initialize();
    try {
      const now = new Date('2026-03-02T10:00:00Z');
      tenants = Object.fromEntries(
        (await applyTenants(ds, TENANTS_DIR, now)).map((t) => [t.slug, t.tenantId]),
      );
      await withTenant(ds, tenants.maidstone!, async (em) => {
        const cases = await seedCases(
          em,
          Array.from({ length: 12 }, (_, i) => ({
            stage: i % 2 ? 'warning' : 'local-resolution',
            openedAt: new Date(now.getTime() - (i + 1) * 86_400_000),
            contacts: 3,
            letters: 1,
            reviews: i % 3 ? [] : [{ outcome: 'continue', reviewedAt: now }],
          })),
        );
        for (const c of cases) {
          await appendAuditEvent(em, {
            actorId: null,
            action: 'case.opened',
            entityType: 'case',
            entityId: c.caseId,
            caseId: c.caseId,
            occurredAt: now,
          });
        }
      });
    } finally {
      await ds.destroy();
    }
  });
  afterAll(async () => {
    await Promise.all([source.drop(), target.drop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips a council into a second database, whole, with its audit chain verifying there', async () => {
    const exported = run(EXPORT, source, ['--tenant', 'maidstone', '--out', archive]);
    expect(exported).toMatchObject({ code: 0 });
    const manifest = JSON.parse(readFileSync(join(archive, 'manifest.json'), 'utf8')) as {
      files: { table: string; rows: number }[];
      audit: { events: number; headHash: string };
    };
    expect(manifest.audit.events).toBeGreaterThanOrEqual(12);

    const imported = run(IMPORT, target, ['--archive', archive]);
    expect(imported).toMatchObject({ code: 0 });
    console.log(`${exported.out.trim()}\n${imported.out.trim()}`);

    const before = await fingerprint(source.ownerUrl, tenants.maidstone!);
    const after = await fingerprint(target.ownerUrl, tenants.maidstone!);
    expect(after).toEqual(before);
    expect(Number(before.managed_case!.split(':')[0])).toBeGreaterThanOrEqual(12);
    expect(Number(before.contact!.split(':')[0])).toBeGreaterThanOrEqual(36);

    // The chain verifies on the other side, as the app role sees it under RLS.
    const ds = createDataSource(target.appUrl, 'app', 1);
    await ds.initialize();
    try {
      const verdict = await withTenant(ds, tenants.maidstone!, (em) =>
        verifyAuditChain(em, tenants.maidstone!),
      );
      expect(verdict).toMatchObject({ ok: true, checked: manifest.audit.events });
    } finally {
      await ds.destroy();
    }
    // Only that council came across.
    const pg = new Client({ connectionString: target.ownerUrl });
    await pg.connect();
    const { rows } = await pg.query<{ slug: string }>('select slug from tenant');
    await pg.end();
    expect(rows.map((r) => r.slug)).toEqual(['maidstone']);
  });

  it('refuses a second import of the same council and an archive altered after export, writing nothing', async () => {
    const again = run(IMPORT, target, ['--archive', archive]);
    expect(again.code).toBe(1);
    expect(again.out).toContain('tenant "maidstone" already exists here');

    const fresh = await createTestDatabase();
    try {
      // A name changed after export.
      const customers = join(archive, 'tables', 'customer.jsonl');
      const original = readFileSync(customers, 'utf8');
      expect(original).toContain('Canary Person');
      writeFileSync(customers, original.replace('Canary Person', 'Kanary Person'));
      const tampered = run(IMPORT, fresh, ['--archive', archive]);
      expect(tampered.code).toBe(1);
      expect(tampered.out).toContain('tables/customer.jsonl: hash does not match the manifest');
      const pg = new Client({ connectionString: fresh.ownerUrl });
      await pg.connect();
      const { rows } = await pg.query<{ n: number }>('select count(*)::int as n from tenant');
      await pg.end();
      expect(rows[0]!.n).toBe(0);
    } finally {
      await fresh.drop();
    }
  });
});
