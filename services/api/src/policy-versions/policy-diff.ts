import type { Policy } from '@conduct/policy';

/** One difference between two policy versions, in words a tenant admin reads. */
export interface PolicyChange {
  /** Where in the policy, e.g. `stages.stage-2.review.everyMonths`. */
  path: string;
  /** e.g. "review cadence of stage-2: 6 → 3 months". */
  description: string;
  before: string | null;
  after: string | null;
}

type Named = { label: (m: RegExpMatchArray) => string; unit?: string };

/** Paths with a name in the council's terms; anything else is described by its path. */
const NAMED: [RegExp, Named][] = [
  [
    /^stages\.([^.]+)\.review\.everyMonths$/,
    { label: (m) => `review cadence of ${m[1]}`, unit: 'months' },
  ],
  [
    /^stages\.([^.]+)\.review\.indefiniteEveryMonths$/,
    { label: (m) => `review cadence of ${m[1]} when indefinite`, unit: 'months' },
  ],
  [
    /^stages\.([^.]+)\.review\.atEndOfPeriod$/,
    { label: (m) => `review at the end of the period of ${m[1]}` },
  ],
  [
    /^stages\.([^.]+)\.review\.reminderDaysBefore$/,
    { label: (m) => `review reminder of ${m[1]}`, unit: 'days before' },
  ],
  [
    /^stages\.([^.]+)\.review\.escalateDaysAfter$/,
    { label: (m) => `overdue-review escalation of ${m[1]}`, unit: 'days after' },
  ],
  [/^stages\.([^.]+)\.review\.reviewers$/, { label: (m) => `reviewers of ${m[1]}` }],
  [/^stages\.([^.]+)\.review\.outcomes$/, { label: (m) => `review outcomes of ${m[1]}` }],
  [/^stages\.([^.]+)\.review$/, { label: (m) => `reviews of ${m[1]}` }],
  [
    /^stages\.([^.]+)\.duration\.defaultMonths$/,
    { label: (m) => `default duration of ${m[1]}`, unit: 'months' },
  ],
  [
    /^stages\.([^.]+)\.duration\.maxMonths$/,
    { label: (m) => `maximum duration of ${m[1]}`, unit: 'months' },
  ],
  [
    /^stages\.([^.]+)\.duration\.indefiniteAllowed$/,
    { label: (m) => `indefinite measures allowed at ${m[1]}` },
  ],
  [
    /^stages\.([^.]+)\.monitoringPeriodMonths$/,
    { label: (m) => `monitoring period of ${m[1]}`, unit: 'months' },
  ],
  [/^stages\.([^.]+)\.label$/, { label: (m) => `name of stage ${m[1]}` }],
  [
    /^stages\.([^.]+)\.transitions\.([^.]+)\.approval$/,
    { label: (m) => `approval chain of ${m[1]} → ${m[2]}` },
  ],
  [
    /^stages\.([^.]+)\.transitions\.([^.]+)\.checks$/,
    { label: (m) => `pre-action checks of ${m[1]} → ${m[2]}` },
  ],
  [
    /^stages\.([^.]+)\.transitions\.([^.]+)\.to$/,
    { label: (m) => `destination of ${m[1]} → ${m[2]}` },
  ],
  [/^stages\.([^.]+)\.transitions\.([^.]+)$/, { label: (m) => `move ${m[2]} from ${m[1]}` }],
  [/^stages\.([^.]+)$/, { label: (m) => `stage ${m[1]}` }],
  [/^roles\.([^.]+)$/, { label: (m) => `role ${m[1]}` }],
  [/^restrictionTypes\.([^.]+)$/, { label: (m) => `restriction type ${m[1]}` }],
  [/^letters\.([^.]+)$/, { label: (m) => `letter ${m[1]}` }],
  [/^checks\.([^.]+)$/, { label: (m) => `pre-action check ${m[1]}` }],
  [/^initialStage$/, { label: () => 'first stage of a new case' }],
  [/^benchmarking\.optIn$/, { label: () => 'benchmarking opt-in' }],
  [/^retention$/, { label: () => 'retention rules' }],
  [/^sensitiveFields\.safeguardingReaders$/, { label: () => 'who may read safeguarding details' }],
];

/**
 * What changes if `after` replaces `before`, one line per difference, in the
 * order of the policy. A stage, role or move that appears or disappears as a
 * whole is one line, not one per field inside it.
 */
export function diffPolicies(before: Policy, after: Policy): PolicyChange[] {
  const out: PolicyChange[] = [];
  walk([], before, after, out);
  return out;
}

function walk(path: string[], a: unknown, b: unknown, out: PolicyChange[]): void {
  if (same(a, b)) return;
  if (a === undefined || b === undefined) {
    out.push(change(path, a, b));
    return;
  }
  if (isRecord(a) && isRecord(b)) {
    for (const key of union(Object.keys(a), Object.keys(b)))
      walk([...path, key], a[key], b[key], out);
    return;
  }
  if (keyedList(a) && keyedList(b)) {
    const byKey = (list: { key: string }[]) => new Map(list.map((x) => [x.key, x]));
    const [ma, mb] = [byKey(a), byKey(b)];
    for (const key of union([...ma.keys()], [...mb.keys()]))
      walk([...path, key], ma.get(key), mb.get(key), out);
    return;
  }
  out.push(change(path, a, b));
}

function change(pathParts: string[], a: unknown, b: unknown): PolicyChange {
  const path = pathParts.join('.');
  const [before, after] = [show(a), show(b)];
  let name: string = path;
  let unit = '';
  for (const [pattern, named] of NAMED) {
    const m = path.match(pattern);
    if (m) {
      name = named.label(m);
      unit = named.unit ? ` ${named.unit}` : '';
      break;
    }
  }
  const description =
    a === undefined
      ? `${name} added${isRecord(b) || keyedList(b) ? '' : `: ${after}${unit}`}`
      : b === undefined
        ? `${name} removed${isRecord(a) || keyedList(a) ? '' : ` (was ${before}${unit})`}`
        : `${name}: ${before} → ${after}${unit}`;
  return { path, description, before, after };
}

function show(v: unknown): string | null {
  if (v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) {
    return v.length ? v.join(', ') : '(none)';
  }
  if (
    Array.isArray(v) &&
    v.every((x) => isRecord(x) && typeof x.role === 'string' && typeof x.step === 'string')
  ) {
    return v
      .map(
        (x) =>
          `${String((x as Record<string, unknown>).step)} by ${String((x as Record<string, unknown>).role)}`,
      )
      .join(', ');
  }
  const json = JSON.stringify(v);
  return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}

/** Structural equality of parsed policy values (plain data: no prototypes, dates or cycles). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = union(Object.keys(a), Object.keys(b));
    return keys.every((k) => same(a[k], b[k]));
  }
  return false;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const keyedList = (v: unknown): v is { key: string }[] =>
  Array.isArray(v) && v.length > 0 && v.every((x) => isRecord(x) && typeof x.key === 'string');

function union(a: string[], b: string[]): string[] {
  return [...a, ...b.filter((k) => !a.includes(k))];
}
