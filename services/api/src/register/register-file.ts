import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DomainError } from '@conduct/casework';

export type RegisterFormat = 'csv' | 'xlsx';

/** One data row of the council's spreadsheet: its row number as the council sees it (header = 1). */
export interface SheetRow {
  row: number;
  cells: Map<string, string>;
}

export interface RegisterSheet {
  headers: string[];
  rows: SheetRow[];
}

/** A register larger than this is split by the council; 10,000 rows import in one transaction. */
export const MAX_REGISTER_ROWS = 10_000;

const fileFault = (why: string) =>
  new DomainError('BAD_USER_INPUT', `input.contentBase64: ${why}`, {
    field: 'input.contentBase64',
  });

/**
 * Reads the first sheet of a CSV or XLSX register into text cells under its
 * header row. CSV by csv-parse (RFC 4180 quoting, a byte-order mark, CRLF);
 * XLSX by ExcelJS, each cell as the council sees it (a date cell as YYYY-MM-DD,
 * a formula by its result, a hyperlinked e-mail by its text).
 */
export async function readRegisterFile(
  format: RegisterFormat,
  data: Buffer,
): Promise<RegisterSheet> {
  const grid = format === 'csv' ? csvGrid(data) : await xlsxGrid(data);
  const [header, ...body] = grid;
  if (!header) throw fileFault('the file has no header row');
  const headers = header.map((h) => h.trim());
  const seen = new Set<string>();
  headers.forEach((h, i) => {
    if (h === '') throw fileFault(`column ${i + 1} of the header row has no name`);
    if (seen.has(h.toLowerCase())) throw fileFault(`two columns are both called "${h}"`);
    seen.add(h.toLowerCase());
  });
  const rows: SheetRow[] = [];
  body.forEach((values, i) => {
    if (values.every((v) => v.trim() === '')) return;
    if (values.length > headers.length && values.slice(headers.length).some((v) => v.trim()))
      throw fileFault(`row ${i + 2} has more cells than the header row has columns`);
    rows.push({
      row: i + 2,
      cells: new Map(headers.map((h, c) => [h, (values[c] ?? '').trim()])),
    });
  });
  if (rows.length > MAX_REGISTER_ROWS)
    throw fileFault(`the register has ${rows.length} rows; at most ${MAX_REGISTER_ROWS} at once`);
  return { headers, rows };
}

function csvGrid(data: Buffer): string[][] {
  try {
    return parse(data, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      encoding: 'utf8',
    }) as string[][];
  } catch (err) {
    const where = (err as { lines?: number }).lines;
    throw fileFault(`not a readable CSV file${where ? ` (line ${where})` : ''}`);
  }
}

async function xlsxGrid(data: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw fileFault('not a readable XLSX workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw fileFault('the workbook has no sheet');
  const grid: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) values.push(cellText(row.getCell(c).value));
    grid[rowNumber - 1] = values;
  });
  return Array.from(grid, (r) => r ?? []);
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v !== 'object') return String(v);
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('text' in v) return cellText(v.text as ExcelJS.CellValue);
  if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
  if ('error' in v) return '';
  return '';
}
