import { createHash, randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { RegisterImport, type RegisterImportCounts } from '@conduct/db';
import { recordImportedHistory, DomainError } from '@conduct/casework';
import type { RequestContext } from '../request/context';
import { activePolicyContextOf, audit, sessionOf } from '../casework/session';
import { readRegisterFile, type RegisterFormat, type RegisterSheet } from './register-file';
import { checkMapping, type ColumnMapping, suggestMapping } from './register-import.mapping';
import { planRows, type PlannedRow, type RowPlan } from './register-import.rows';
import { MAX_REGISTER_BYTES } from './register-import.type';

export interface RegisterImportRequest {
  filename: string;
  contentBase64: string;
  mapping?: ColumnMapping[] | null;
}

export interface RegisterFile {
  format: RegisterFormat;
  data: Buffer;
  sha256: string;
  sheet: RegisterSheet;
  mapping: ColumnMapping[];
  suggested: ColumnMapping[];
}

export interface RegisterImportPreview {
  file: RegisterFile;
  plan: RowPlan;
  counts: RegisterImportCounts;
  /** The import of this very file, if it was already imported. */
  previous: RegisterImport | null;
}

/** Reads the upload and settles its mapping (the given one, or the one suggested from the headers). */
async function readUpload(input: RegisterImportRequest): Promise<RegisterFile> {
  const format: RegisterFormat = /\.xlsx$/i.test(input.filename) ? 'xlsx' : 'csv';
  const data = Buffer.from(input.contentBase64, 'base64');
  if (data.length > MAX_REGISTER_BYTES)
    throw new DomainError(
      'BAD_USER_INPUT',
      'input.contentBase64: the register may be at most 5 MB',
      {
        field: 'input.contentBase64',
        limitBytes: MAX_REGISTER_BYTES,
      },
    );
  const sheet = await readRegisterFile(format, data);
  const suggested = suggestMapping(sheet.headers);
  return {
    format,
    data,
    sha256: createHash('sha256').update(data).digest('hex'),
    sheet,
    mapping: checkMapping(sheet.headers, input.mapping ?? suggested),
    suggested,
  };
}

const lower = (values: (string | null | undefined)[]) =>
  values.filter((v): v is string => !!v).map((v) => v.toLowerCase());

/** The references in the file the council already uses (compared without case). */
async function existingReferences(ctx: RequestContext, file: RegisterFile) {
  const { em } = sessionOf(ctx);
  const column = (field: string) => file.mapping.find((m) => m.field === field)?.column;
  const values = (field: string) => {
    const c = column(field);
    return c ? lower(file.sheet.rows.map((r) => r.cells.get(c))) : [];
  };
  const [customers, cases] = await Promise.all(
    (
      [
        ['customer', values('customerReference')],
        ['managed_case', values('caseReference')],
      ] as const
    ).map(async ([table, refs]) =>
      refs.length
        ? new Set(
            (
              (await em.query(
                `select lower(reference) as r from ${table} where tenant_id = $1 and lower(reference) = any($2)`,
                [em.tenantId, refs],
              )) as { r: string }[]
            ).map((x) => x.r),
          )
        : new Set<string>(),
    ),
  );
  return { customers: customers!, cases: cases! };
}

function countsOf(rows: PlannedRow[]): RegisterImportCounts {
  return {
    customers: rows.length,
    cases: rows.length,
    decisions: rows.length,
    restrictions: rows.reduce((n, r) => n + r.measures.length, 0),
  };
}

/**
 * The dry run: every row checked against the council's policy and its
 * existing customers and cases, each problem named with its row and column(s),
 * and what an import would create. Reads only.
 */
export async function previewRegisterImport(
  ctx: RequestContext,
  input: RegisterImportRequest,
): Promise<RegisterImportPreview> {
  const session = sessionOf(ctx);
  const file = await readUpload(input);
  const previous = await session.em.findOne(RegisterImport, {
    where: { tenantId: session.em.tenantId, sha256: file.sha256 },
  });
  const plan = planRows(
    session.policy,
    file.sheet.rows,
    file.mapping,
    await existingReferences(ctx, file),
    ctx.services.clock.now(),
  );
  return { file, plan, counts: countsOf(plan.rows), previous };
}

/**
 * Imports the register, all rows or none, in the request's one transaction:
 * customers, cases at their stage under the active policy, one `imported`
 * decision per row (the file's row, no decider: nobody decided it in Conduct),
 * measures with their backdated dates, review dates. The same file twice
 * imports once: the second answers with the first import. Audited with ids.
 */
export async function importRegister(
  ctx: RequestContext,
  input: RegisterImportRequest,
): Promise<{ record: RegisterImport; alreadyImported: boolean }> {
  const session = sessionOf(ctx);
  const { em } = session;
  // One import at a time per council: two uploads of one file cannot both pass the check below.
  await em.query(`select pg_advisory_xact_lock(hashtextextended('register-import:' || $1, 0))`, [
    em.tenantId,
  ]);
  const preview = await previewRegisterImport(ctx, input);
  if (preview.previous) return { record: preview.previous, alreadyImported: true };
  const faulty = new Set(preview.plan.faults.map((f) => f.row));
  if (faulty.size > 0)
    throw new DomainError(
      'BAD_USER_INPUT',
      `input.contentBase64: ${faulty.size} row(s) have problems (first: row ${Math.min(...faulty)}); nothing was imported. previewRegisterImport lists them.`,
      { field: 'input.contentBase64', faultyRows: faulty.size },
    );
  const now = ctx.services.clock.now();
  const record = await em.save(
    em.create(RegisterImport, {
      tenantId: em.tenantId,
      id: randomUUID(),
      sha256: preview.file.sha256,
      filename: input.filename,
      format: preview.file.format,
      mapping: preview.file.mapping,
      policyVersionId: session.policyVersionId,
      rowCount: preview.plan.rows.length,
      counts: preview.counts,
      importedBy: session.user.id,
      importedAt: now,
    }),
  );
  const written = await recordImportedHistory(
    activePolicyContextOf(ctx),
    record.id,
    preview.plan.rows,
  );
  await audit(ctx, {
    action: 'register.imported',
    entityType: 'register_import',
    entityId: record.id,
    payload: {
      sha256: record.sha256,
      format: record.format,
      rows: record.rowCount,
      counts: record.counts,
      policyVersionId: record.policyVersionId,
    },
  });
  for (const w of written) {
    await audit(ctx, {
      action: 'register.row-imported',
      entityType: 'case',
      entityId: w.caseId,
      caseId: w.caseId,
      payload: {
        importId: record.id,
        row: w.row,
        customerId: w.customerId,
        decisionId: w.decisionId,
        restrictionIds: w.restrictionIds,
        stage: w.stage,
      },
    });
  }
  return { record, alreadyImported: false };
}

/** The import a decision came from, for the decisions of kind `imported`. */
export async function importsOf(
  ctx: RequestContext,
  ids: string[],
): Promise<Map<string, RegisterImport>> {
  const { em } = sessionOf(ctx);
  const rows = ids.length
    ? await em.find(RegisterImport, { where: { tenantId: em.tenantId, id: In(ids) } })
    : [];
  return new Map(rows.map((r) => [r.id, r]));
}
