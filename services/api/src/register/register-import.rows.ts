import { z } from 'zod';
import type { ImportedHistoryRow } from '@conduct/casework';
import { restrictionReasons, reviewDueDate, type Policy } from '@conduct/policy';
import type { ColumnMapping, RegisterImportField } from './register-import.mapping';
import type { SheetRow } from './register-file';

/** One problem with one row of the file, by the column(s) it is in, in plain words. */
export interface RowFault {
  row: number;
  columns: string[];
  code: RowFaultCode;
  message: string;
}

export type RowFaultCode =
  | 'INVALID_VALUE'
  | 'MISSING_VALUE'
  | 'UNKNOWN_STAGE'
  | 'UNKNOWN_MEASURE'
  | 'MEASURE_NOT_AT_STAGE'
  | 'MEASURE_DETAILS'
  | 'INVALID_DATE'
  | 'DATE_IN_FUTURE'
  | 'DATES_OUT_OF_ORDER'
  | 'INDEFINITE_NOT_ALLOWED'
  | 'NO_REVIEW_DATE'
  | 'DUPLICATE_IN_FILE'
  | 'ALREADY_EXISTS';

export type PlannedMeasure = PlannedRow['measures'][number];

/** What one faultless row becomes: the input the casework pipeline records as imported history. */
export type PlannedRow = ImportedHistoryRow;

export interface RowPlan {
  rows: PlannedRow[];
  faults: RowFault[];
}

/** References already used in the council, to refuse a row that would duplicate one. */
export interface ExistingReferences {
  customers: Set<string>;
  cases: Set<string>;
}

const text = (max: number) => z.string().max(max, `at most ${max} characters`);
const reference = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]{0,49}$/, 'letters, digits and / _ . - only, at most 50');
const optional = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), s.optional());

/** The text fields of a row, as zod sees them (dates, stage and measures are read below). */
const rowSchema = z.object({
  customerName: z
    .string()
    .min(1, 'the customer’s name is empty')
    .max(200, 'at most 200 characters'),
  customerReference: optional(reference),
  email: optional(z.email('not an e-mail address').max(320)),
  phone: optional(
    z.string().regex(/^[+0-9 ()-]{5,30}$/, 'not a telephone number (digits, spaces, + ( ) - only)'),
  ),
  address: optional(text(500)),
  caseReference: optional(reference),
  notes: optional(text(5000)),
});

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const UK_DAY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/** A calendar date (YYYY-MM-DD or the UK's DD/MM/YYYY) at 00:00 UTC; an impossible one is refused. */
export function parseDay(value: string): Date | 'invalid' {
  const iso = DAY.exec(value);
  const uk = UK_DAY.exec(value);
  const [y, m, d] = iso
    ? [iso[1], iso[2], iso[3]]
    : uk
      ? [uk[3], uk[2], uk[1]]
      : [undefined, undefined, undefined];
  if (!y) return 'invalid';
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  const real =
    date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() === Number(m) - 1 &&
    date.getUTCDate() === Number(d);
  return real ? date : 'invalid';
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Reads one stage of the council's policy by its label or key. */
function stageOf(policy: Policy, value: string): string | undefined {
  return Object.entries(policy.stages).find(
    ([k, s]) => same(k, value) || same(s.label, value),
  )?.[0];
}

/**
 * Reads the measures cell: entries separated by ";" or new lines, each the
 * measure's label or key, details in brackets as the register export writes
 * them ("Single point of contact (Officer: J Smith)").
 */
function readMeasures(
  policy: Policy,
  cell: string,
): { measures: PlannedMeasure[]; problems: { code: RowFaultCode; message: string }[] } {
  const measures: PlannedMeasure[] = [];
  const problems: { code: RowFaultCode; message: string }[] = [];
  for (const entry of cell
    .split(/[;\n]/)
    .map((e) => e.trim())
    .filter(Boolean)) {
    const m = /^(.*?)\s*(?:\((.*)\))?$/s.exec(entry)!;
    const name = m[1]!;
    const found = Object.entries(policy.restrictionTypes).find(
      ([k, t]) => same(k, name) || same(t.label, name),
    );
    if (!found) {
      problems.push({
        code: 'UNKNOWN_MEASURE',
        message: `"${name}" is not a measure in this council’s policy`,
      });
      continue;
    }
    const [type, spec] = found;
    const parameters: Record<string, unknown> = {};
    for (const part of (m[2] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const colon = part.indexOf(':');
      const label = colon < 0 ? '' : part.slice(0, colon);
      const value = colon < 0 ? part : part.slice(colon + 1).trim();
      const named = Object.entries(spec.parameters).find(
        ([k, p]) => same(k, label) || same(p.label, label),
      );
      // A single detail may be given without its name ("Single point of contact (J Smith)"):
      // it is the measure's one required detail (optional ones, like a linked account, are named).
      const required = Object.entries(spec.parameters).filter(([, p]) => p.required !== false);
      const [param, pspec] =
        named ?? (colon < 0 && required.length === 1 ? required[0]! : [label || part, undefined]);
      parameters[param] = pspec ? detailValue(policy, pspec.type, value) : value;
    }
    measures.push({ type, parameters });
  }
  for (const r of restrictionReasons(policy, measures)) {
    problems.push({ code: 'MEASURE_DETAILS', message: r.message });
  }
  return { measures, problems };
}

function detailValue(policy: Policy, type: string, value: string): unknown {
  switch (type) {
    case 'channel':
      return (
        Object.entries(policy.channels).find(
          ([k, c]) => same(k, value) || same(c.label, value),
        )?.[0] ?? value
      );
    case 'weekdays':
      return value
        .split(/[\s/&]+|\band\b/i)
        .map((d) => d.trim().toLowerCase())
        .filter(Boolean)
        .map((d) => WEEKDAYS.find((w) => w.startsWith(d) && d.length >= 3) ?? d);
    case 'time-window': {
      const [from, to] = value.split(/\s*(?:-|–|to)\s*/);
      return { from, to };
    }
    case 'minutes':
    case 'count':
      return /^\d+$/.test(value) ? Number(value) : value;
    default:
      return value;
  }
}

/**
 * Checks every row of the file against the council's policy and its existing
 * references, naming each problem with its row and column(s); the rows without
 * a problem become the plan. Pure: the caller passes `now` and what exists.
 */
export function planRows(
  policy: Policy,
  rows: SheetRow[],
  mapping: ColumnMapping[],
  existing: ExistingReferences,
  now: Date,
): RowPlan {
  const columnOf = new Map(mapping.map((m) => [m.field, m.column]));
  const faults: RowFault[] = [];
  const planned: PlannedRow[] = [];
  const firstRowOf = { customers: new Map<string, number>(), cases: new Map<string, number>() };
  for (const sheetRow of rows) {
    const get = (f: `${RegisterImportField}`) => {
      const column = columnOf.get(f as RegisterImportField);
      return column ? (sheetRow.cells.get(column) ?? '') : '';
    };
    const rowFaults: RowFault[] = [];
    const fault = (fields: `${RegisterImportField}`[], code: RowFaultCode, message: string) =>
      rowFaults.push({
        row: sheetRow.row,
        columns: fields.map((f) => columnOf.get(f as RegisterImportField) ?? f),
        code,
        message,
      });

    const parsed = rowSchema.safeParse({
      customerName: get('customerName'),
      customerReference: get('customerReference'),
      email: get('email'),
      phone: get('phone'),
      address: get('address'),
      caseReference: get('caseReference'),
      notes: get('notes'),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]) as `${RegisterImportField}`;
        fault([field], get(field) === '' ? 'MISSING_VALUE' : 'INVALID_VALUE', issue.message);
      }
    }

    const stageCell = get('stage');
    const stage = stageOf(policy, stageCell);
    if (!stage)
      fault(
        ['stage'],
        stageCell ? 'UNKNOWN_STAGE' : 'MISSING_VALUE',
        stageCell
          ? `"${stageCell}" is not a stage of this council’s policy (${Object.values(policy.stages)
              .map((s) => s.label)
              .join(', ')})`
          : 'the stage is empty',
      );

    const day = (f: `${RegisterImportField}`): Date | null => {
      const v = get(f);
      if (v === '') return null;
      const d = parseDay(v);
      if (d === 'invalid') {
        fault([f], 'INVALID_DATE', `"${v}" is not a date (YYYY-MM-DD or DD/MM/YYYY)`);
        return null;
      }
      return d;
    };
    const decisionDate = day('decisionDate');
    const measuresStart = day('measuresStart');
    const reviewDate = day('reviewDate');
    const openedDate = day('openedDate');
    const endCell = get('measuresEnd');
    const indefinite = /^indefinite(ly)?$/i.test(endCell);
    const measuresEnd = indefinite ? null : day('measuresEnd');

    const { measures, problems } = readMeasures(policy, get('measures'));
    for (const p of problems) fault(['measures'], p.code, p.message);

    const decidedAt = decisionDate ?? measuresStart ?? openedDate;
    if (!decidedAt && rowFaults.every((f) => f.code !== 'INVALID_DATE'))
      fault(
        ['decisionDate'],
        'MISSING_VALUE',
        'give the date the case reached its stage (or when its measures started)',
      );
    for (const [f, d] of [
      ['decisionDate', decisionDate],
      ['measuresStart', measuresStart],
      ['openedDate', openedDate],
    ] as const) {
      if (d && d > now)
        fault([f], 'DATE_IN_FUTURE', `${d.toISOString().slice(0, 10)} has not happened yet`);
    }
    if (openedDate && decidedAt && openedDate > decidedAt)
      fault(
        ['openedDate', 'decisionDate'],
        'DATES_OUT_OF_ORDER',
        'the case was opened after it reached its stage',
      );
    if (measuresStart && measuresEnd && measuresEnd <= measuresStart)
      fault(
        ['measuresStart', 'measuresEnd'],
        'DATES_OUT_OF_ORDER',
        'the measures end before they start',
      );
    if (reviewDate && decidedAt && reviewDate < decidedAt)
      fault(
        ['reviewDate', 'decisionDate'],
        'DATES_OUT_OF_ORDER',
        'the review date is before the decision',
      );

    if (stage)
      checkMeasuresAtStage(
        policy,
        stage,
        measures,
        { endCell, indefinite, measuresEnd, reviewDate, now },
        fault,
      );

    const ref = parsed.success ? parsed.data : undefined;
    for (const [kind, f, value] of [
      ['customers', 'customerReference', ref?.customerReference],
      ['cases', 'caseReference', ref?.caseReference],
    ] as const) {
      if (!value) continue;
      const first = firstRowOf[kind].get(value.toLowerCase());
      if (first !== undefined)
        fault([f], 'DUPLICATE_IN_FILE', `"${value}" is also on row ${first}`);
      else firstRowOf[kind].set(value.toLowerCase(), sheetRow.row);
      if (existing[kind].has(value.toLowerCase()))
        fault(
          [f],
          'ALREADY_EXISTS',
          `the council already has a ${kind === 'customers' ? 'customer' : 'case'} "${value}"`,
        );
    }

    const kind = stage ? policy.stages[stage]!.kind : undefined;
    const ended = kind === 'closed' || kind === 'dormant';
    const measuresActive =
      measures.length > 0 && !ended && (measuresEnd === null || measuresEnd > now);
    const reviewDueAt =
      stage && decidedAt && !ended
        ? (reviewDate ?? policyReview(policy, stage, decidedAt, measuresActive, measuresEnd))
        : null;
    if (reviewDueAt === 'none')
      fault(['reviewDate'], 'NO_REVIEW_DATE', 'indefinite measures need a review date: give one');

    if (rowFaults.length || !ref || !stage || !decidedAt || reviewDueAt === 'none') {
      faults.push(...rowFaults);
      continue;
    }
    planned.push({
      row: sheetRow.row,
      customer: {
        reference: ref.customerReference ?? null,
        fullName: ref.customerName,
        email: ref.email ?? null,
        phone: ref.phone ?? null,
        address: ref.address ?? null,
      },
      caseReference: ref.caseReference ?? null,
      stage,
      openedAt:
        openedDate ??
        new Date(Math.min(decidedAt.getTime(), (measuresStart ?? decidedAt).getTime())),
      decidedAt,
      measures,
      measuresStart: measures.length ? (measuresStart ?? decidedAt) : null,
      measuresEnd: measures.length ? measuresEnd : null,
      measuresActive,
      reviewDueAt,
      notes: ref.notes ?? null,
    });
  }
  return { rows: planned, faults };
}

/** The policy's next review from the decision; 'none' when active indefinite measures would have none. */
function policyReview(
  policy: Policy,
  stageKey: string,
  decidedAt: Date,
  active: boolean,
  endsAt: Date | null,
): Date | null | 'none' {
  const stage = policy.stages[stageKey]!;
  if (!stage.review && !active) return null;
  try {
    return reviewDueDate(policy, stageKey, decidedAt, active ? endsAt : null);
  } catch {
    return active && endsAt === null ? 'none' : null;
  }
}

/** Measures the stage allows, with an end (or an indefinite period the stage allows), ended if the case is. */
function checkMeasuresAtStage(
  policy: Policy,
  stageKey: string,
  measures: PlannedMeasure[],
  d: {
    endCell: string;
    indefinite: boolean;
    measuresEnd: Date | null;
    reviewDate: Date | null;
    now: Date;
  },
  fault: (fields: `${RegisterImportField}`[], code: RowFaultCode, message: string) => void,
): void {
  const stage = policy.stages[stageKey]!;
  const ended = stage.kind === 'closed' || stage.kind === 'dormant';
  if (ended && d.reviewDate)
    fault(
      ['reviewDate', 'stage'],
      'DATES_OUT_OF_ORDER',
      `a case at "${stage.label}" is not reviewed`,
    );
  if (measures.length === 0) return;
  if (!ended) {
    const refused = measures.filter((m) => !stage.openMeasures && !stage.measures.includes(m.type));
    for (const m of refused)
      fault(
        ['measures', 'stage'],
        'MEASURE_NOT_AT_STAGE',
        `"${policy.restrictionTypes[m.type]!.label}" is not a measure the policy allows at "${stage.label}"`,
      );
  }
  if (d.endCell === '') {
    fault(
      ['measuresEnd'],
      'MISSING_VALUE',
      'give the date the measures end, or write "indefinite"',
    );
    return;
  }
  if (d.indefinite && ended)
    fault(
      ['measuresEnd', 'stage'],
      'DATES_OUT_OF_ORDER',
      `measures of a case at "${stage.label}" have ended: give their end date`,
    );
  else if (d.indefinite && !stage.duration?.indefiniteAllowed)
    fault(
      ['measuresEnd'],
      'INDEFINITE_NOT_ALLOWED',
      `the policy does not allow indefinite measures at "${stage.label}"`,
    );
  if (ended && d.measuresEnd && d.measuresEnd > d.now)
    fault(
      ['measuresEnd', 'stage'],
      'DATES_OUT_OF_ORDER',
      `the case is at "${stage.label}" but its measures run until ${d.measuresEnd.toISOString().slice(0, 10)}`,
    );
}
