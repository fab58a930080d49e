import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { KNOWN_MIGRATIONS, verifyAuditChain } from '@conduct/db';
import { primaryKeyColumns, tenantTablesInOrder } from './tenant-tables';

export const ARCHIVE_FORMAT = 'conduct-tenant-archive/1';

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  tenant: { id: string; slug: string };
  /** The last migration of the exporting release: imports need the same schema. */
  schema: string;
  exportedAt: string;
  /** Per file: rows and SHA-256 of its bytes, in the order an import inserts them. */
  files: { table: string; file: string; rows: number; sha256: string }[];
  /** The audit chain as exported: its length and last hash, checked again after import. */
  audit: { events: number; headHash: string | null; verified: boolean };
}

export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const quote = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

/** Scopes the transaction to the tenant: forced row-level security applies to the owner too. */
async function scope(em: EntityManager, tenantId: string): Promise<void> {
  await em.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
}

/**
 * Writes one council, whole, to `dir`: the tenant row, every row of every tenant
 * table (one JSON line each, as Postgres renders it), its API key locators, and
 * a manifest with each file's hash and the audit chain's head. One repeatable-read
 * snapshot: the files agree with one another. Letters and evidence are rows;
 * PDFs are rendered from them.
 */
export async function exportTenant(
  ds: DataSource,
  slug: string,
  dir: string,
  now: Date,
): Promise<ArchiveManifest> {
  return ds.transaction('REPEATABLE READ', async (em) => {
    await em.query('set transaction read only');
    const [tenant] = (await em.query(
      `select id, row_to_json(t)::text as json from tenant t where slug = $1`,
      [slug],
    )) as { id: string; json: string }[];
    if (!tenant) throw new ArchiveError(`no tenant with slug "${slug}"`);
    await scope(em, tenant.id);
    mkdirSync(join(dir, 'tables'), { recursive: true });
    const files: ArchiveManifest['files'] = [];
    const write = (table: string, lines: string[]) => {
      const file = `tables/${table}.jsonl`;
      const body = lines.map((l) => `${l}\n`).join('');
      writeFileSync(join(dir, file), body);
      files.push({ table, file, rows: lines.length, sha256: sha256(body) });
    };
    write('tenant', [tenant.json]);
    for (const table of await tenantTablesInOrder(em)) {
      const order = (await primaryKeyColumns(em, table)).map(quote).join(', ') || '1';
      const rows = (await em.query(
        `select row_to_json(t)::text as json from ${quote(table)} t where tenant_id = $1 order by ${order}`,
        [tenant.id],
      )) as { json: string }[];
      write(
        table,
        rows.map((r) => r.json),
      );
    }
    const locators = (await em.query(
      `select row_to_json(t)::text as json from api_key_locator t where key_tenant_id = $1 order by key_id`,
      [tenant.id],
    )) as { json: string }[];
    write(
      'api_key_locator',
      locators.map((r) => r.json),
    );

    const verdict = await verifyAuditChain(em, tenant.id);
    const [head] = (await em.query(
      `select hash from audit_event where tenant_id = $1 order by seq desc limit 1`,
      [tenant.id],
    )) as { hash: string }[];
    const manifest: ArchiveManifest = {
      format: ARCHIVE_FORMAT,
      tenant: { id: tenant.id, slug },
      schema: KNOWN_MIGRATIONS.at(-1)!,
      exportedAt: now.toISOString(),
      files,
      audit: { events: verdict.checked, headHash: head?.hash ?? null, verified: verdict.ok },
    };
    if (!verdict.ok) {
      throw new ArchiveError(
        `the audit chain of "${slug}" is broken at seq ${verdict.firstBrokenSeq}: not exported`,
      );
    }
    writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  });
}

/** Reads the manifest and checks every file against its hash; refuses extra or missing files. */
export function readArchive(dir: string): ArchiveManifest {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ArchiveManifest;
  if (manifest.format !== ARCHIVE_FORMAT)
    throw new ArchiveError(`not a tenant archive of format ${ARCHIVE_FORMAT}`);
  const listed = new Set(manifest.files.map((f) => f.file));
  for (const name of readdirSync(join(dir, 'tables'))) {
    if (!listed.has(`tables/${name}`))
      throw new ArchiveError(`tables/${name}: not in the manifest`);
  }
  for (const f of manifest.files) {
    const body = readFileSync(join(dir, f.file));
    if (sha256(body) !== f.sha256)
      throw new ArchiveError(`${f.file}: hash does not match the manifest`);
  }
  return manifest;
}

export interface ImportResult {
  tenantId: string;
  rows: number;
  audit: { events: number; headHash: string | null };
}

/**
 * Restores an archive into this instance in one transaction: the council must
 * not exist here yet, the schema must be the archive's, and after the rows are
 * in, the audit chain is verified here and must end at the exported head.
 * Any failure leaves nothing behind.
 */
export async function importTenant(ds: DataSource, dir: string): Promise<ImportResult> {
  const manifest = readArchive(dir);
  const here = KNOWN_MIGRATIONS.at(-1);
  if (manifest.schema !== here) {
    throw new ArchiveError(
      `archive schema ${manifest.schema} differs from this instance's ${here}: import with the release that exported it`,
    );
  }
  return ds.transaction(async (em) => {
    const clash = (await em.query(`select slug from tenant where id = $1 or slug = $2`, [
      manifest.tenant.id,
      manifest.tenant.slug,
    ])) as unknown[];
    if (clash.length)
      throw new ArchiveError(`tenant "${manifest.tenant.slug}" already exists here`);
    await scope(em, manifest.tenant.id);
    let rows = 0;
    for (const f of manifest.files) {
      const lines = readFileSync(join(dir, f.file), 'utf8').split('\n').filter(Boolean);
      if (lines.length !== f.rows)
        throw new ArchiveError(`${f.file}: ${lines.length} rows, manifest says ${f.rows}`);
      if (!lines.length) continue;
      const table = quote(f.table);
      // Staged first, then one INSERT: a table's references to its own rows are checked at its end.
      await em.query(`create temp table staged (like ${table}) on commit drop`);
      for (let i = 0; i < lines.length; i += 1000) {
        await em.query(
          `insert into staged select * from json_populate_recordset(null::${table}, $1::json)`,
          [`[${lines.slice(i, i + 1000).join(',')}]`],
        );
      }
      await em.query(`insert into ${table} select * from staged`);
      await em.query(`drop table staged`);
      rows += lines.length;
    }
    const verdict = await verifyAuditChain(em, manifest.tenant.id);
    const [head] = (await em.query(
      `select hash from audit_event where tenant_id = $1 order by seq desc limit 1`,
      [manifest.tenant.id],
    )) as { hash: string }[];
    if (
      !verdict.ok ||
      verdict.checked !== manifest.audit.events ||
      (head?.hash ?? null) !== manifest.audit.headHash
    ) {
      throw new ArchiveError(
        'the imported audit chain does not verify against the manifest: nothing imported',
      );
    }
    return {
      tenantId: manifest.tenant.id,
      rows,
      audit: { events: verdict.checked, headHash: head?.hash ?? null },
    };
  });
}
