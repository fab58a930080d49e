import ExcelJS from 'exceljs';
import type { RequestContext } from '../request/context';
import { audit } from '../casework/session';
import type { Document } from '../documents/document';
import { registerPage } from './register.service';
import type { RegisterEntryNode } from './register.type';

const WITHHELD = '[withheld: safeguarding]';

/** Every entry of the register, page by page (the same query and column values as GraphQL). */
async function allEntries(ctx: RequestContext): Promise<RegisterEntryNode[]> {
  const entries: RegisterEntryNode[] = [];
  let after: string | null = null;
  do {
    const page = await registerPage(ctx, 100, after);
    entries.push(...page.edges.map((e) => e.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return entries;
}

/** Header and rows: the case reference, then the council's own columns under its own labels. */
function table(entries: RegisterEntryNode[], columns: { key: string; label: string }[]) {
  const header = ['Case reference', ...columns.map((c) => c.label)];
  const rows = entries.map((e) => [
    e.caseReference,
    ...columns.map((col) => {
      const cell = e.cells.find((c) => c.key === col.key);
      return cell?.withheld ? WITHHELD : (cell?.value ?? '');
    }),
  ]);
  return { header, rows };
}

/** RFC 4180 quoting; text a spreadsheet would run as a formula is prefixed with a quote. */
function csvField(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The register as CSV (UTF-8 with a byte-order mark) or an Excel workbook. Audited. */
export async function registerExport(
  ctx: RequestContext,
  format: 'csv' | 'xlsx',
): Promise<Document> {
  const session = ctx.session!;
  const entries = await allEntries(ctx);
  const { header, rows } = table(entries, session.policy.register.columns);
  await audit(ctx, {
    action: 'register.exported',
    entityType: 'register',
    payload: { format, entries: entries.length },
  });
  const day = ctx.services.clock.now().toISOString().slice(0, 10);
  if (format === 'csv') {
    const lines = [header, ...rows].map((r) => r.map(csvField).join(','));
    return {
      contentType: 'text/csv; charset=utf-8',
      body: `\ufeff${lines.join('\r\n')}\r\n`,
      filename: `register-${day}.csv`,
      attachment: true,
    };
  }
  const book = new ExcelJS.Workbook();
  book.created = ctx.services.clock.now();
  const sheet = book.addWorksheet('Register', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = header.map((h) => ({ header: h, width: Math.min(60, Math.max(14, h.length)) }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) sheet.addRow(r).alignment = { wrapText: true, vertical: 'top' };
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: Buffer.from(await book.xlsx.writeBuffer()),
    filename: `register-${day}.xlsx`,
    attachment: true,
  };
}
