import type {
  CaseRecord,
  Customer,
  Decision,
  DisseminationRecord,
  Letter,
  ManagedCase,
  Restriction,
  Review,
} from '@conduct/db';
import type { Policy } from '@conduct/policy';

/** What the register knows about one case, loaded in batches for a page. */
export interface RegisterFacts {
  policy: Policy;
  case: ManagedCase;
  customer: Customer;
  decisions: Decision[];
  restrictions: Restriction[];
  reviews: Review[];
  letters: Letter[];
  disseminations: DisseminationRecord[];
  notes: CaseRecord[];
}

const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);
const joined = (parts: (string | null | undefined)[], sep = '; ') => {
  const present = parts.filter((p): p is string => !!p && p.trim() !== '');
  return present.length ? present.join(sep) : null;
};

function stageKind(f: RegisterFacts, stageKey: string | null) {
  return stageKey ? f.policy.stages[stageKey]?.kind : undefined;
}

/** The latest stage move into a stage of one of these kinds. */
function latestMoveInto(f: RegisterFacts, kinds: string[]): Decision | undefined {
  return f.decisions

    .filter(
      (d) =>
        ['transition', 'imported'].includes(d.kind) &&
        kinds.includes(stageKind(f, d.toStage) ?? ''),
    )
    .at(-1);
}

function active(f: RegisterFacts): Restriction[] {
  return f.restrictions.filter((r) => r.status === 'active');
}

function describe(f: RegisterFacts, rows: Restriction[]): string | null {
  return joined(
    rows.map((r) => {
      const type = f.policy.restrictionTypes[r.type];
      const params = Object.entries(r.parameters ?? {})
        .map(([k, v]) => `${type?.parameters[k]?.label ?? k}: ${wordsOf(f, v)}`)
        .join(', ');
      return `${type?.label ?? r.type}${params ? ` (${params})` : ''}`;
    }),
  );
}

function wordsOf(f: RegisterFacts, v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => wordsOf(f, x)).join(' ');
  if (v && typeof v === 'object' && 'from' in v && 'to' in v) {
    return `${String((v as { from: unknown }).from)}-${String((v as { to: unknown }).to)}`;
  }
  if (typeof v === 'string') return f.policy.channels[v]?.label ?? v;
  return String(v);
}

function period(f: RegisterFacts): string | null {
  const rows = active(f);
  if (rows.length === 0) return null;
  const start = new Date(Math.min(...rows.map((r) => r.startsAt.getTime())));
  const ends = rows.map((r) => r.endsAt);
  const end = ends.some((e) => e === null)
    ? 'indefinite'
    : day(new Date(Math.max(...ends.map((e) => e!.getTime()))));
  return `${day(start)} to ${end}`;
}

function expiry(f: RegisterFacts): string | null {
  const rows = active(f);
  if (rows.length === 0) return null;
  if (rows.some((r) => r.endsAt === null)) return 'indefinite';
  return day(new Date(Math.max(...rows.map((r) => r.endsAt!.getTime()))));
}

/** A decision, when its letter was sent, and anything else worth saying about it. */
function decisionInWords(f: RegisterFacts, d: Decision | undefined, extra?: string | null) {
  if (!d) return null;
  const letter = f.letters.find((l) => l.decisionId === d.id);
  const communicated = letter
    ? letter.sentAt
      ? `letter sent ${day(letter.sentAt)}`
      : 'letter not yet sent'
    : null;
  return joined([`decided ${day(d.decidedAt)}`, communicated, extra]);
}

function lastReview(f: RegisterFacts): Review | undefined {
  return f.reviews.at(-1);
}

function singlePointOfContact(f: RegisterFacts): string | null {
  const spoc = active(f).find((r) => typeof r.parameters?.officer === 'string');
  return spoc ? `single point of contact: ${String(spoc.parameters.officer)}` : null;
}

/**
 * Values for the register columns the councils' policies name. Keys are the
 * policy's own; a council may add a column this list does not know, which
 * then shows with its label and no value.
 */
const COLUMN_VALUES: Record<string, (f: RegisterFacts) => string | null> = {
  customer: (f) => f.customer.fullName ?? f.customer.reference,
  'name-and-contact-details': (f) =>
    joined([f.customer.fullName, f.customer.email, f.customer.phone, f.customer.address]),
  'name-and-address': (f) => joined([f.customer.fullName, f.customer.address]),
  stage: (f) => f.policy.stages[f.case.stage]?.label ?? f.case.stage,
  'warning-given': (f) => {
    const d = latestMoveInto(f, ['warning', 'resolution']);
    const measures = d
      ? describe(
          f,
          f.restrictions.filter((r) => r.decisionId === d.id),
        )
      : null;
    return decisionInWords(f, d, measures ? `measures: ${measures}` : null);
  },
  'warning-date': (f) => day(latestMoveInto(f, ['warning'])?.decidedAt),
  'policy-applied': (f) =>
    decisionInWords(
      f,
      latestMoveInto(f, ['restriction', 'additional-action']),
      singlePointOfContact(f),
    ),
  'restriction-date': (f) =>
    day(latestMoveInto(f, ['restriction', 'additional-action'])?.decidedAt),
  'date-last-reviewed': (f) => day(lastReview(f)?.reviewedAt),
  'review-date': (f) => day(lastReview(f)?.reviewedAt ?? f.case.reviewDueAt),
  'review-due': (f) => day(f.case.reviewDueAt),
  restrictions: (f) => describe(f, active(f)),
  'measures-when-contact-necessary': (f) => describe(f, active(f)),
  duration: period,
  'restriction-start-end': period,
  expiry,
  consideration: (f) => {
    const r = lastReview(f);
    return r ? `${day(r.reviewedAt)} ${r.outcome}: ${r.note}` : null;
  },
  'case-notes': (f) =>
    joined([f.case.summary, ...f.notes.map((n) => `${day(n.recordedAt)}: ${n.body}`)]),
  'advised-on': (f) =>
    joined([
      ...f.letters.filter((l) => l.sentAt).map((l) => `customer ${day(l.sentAt)}`),
      ...f.disseminations.map((d) => `${d.audience} ${day(d.informedAt)}`),
    ]),
};

/** Columns that reveal safeguarding details: shown only to the readers the policy names. */
const SAFEGUARDING_COLUMNS: Record<string, (f: RegisterFacts) => string | null> = {
  safeguarding: (f) =>
    joined([f.customer.vulnerabilityFlags.join(', '), f.customer.safeguardingNotes]),
  'safeguarding-notes': (f) => f.customer.safeguardingNotes,
  vulnerability: (f) => joined(f.customer.vulnerabilityFlags, ', '),
  'vulnerability-flags': (f) => joined(f.customer.vulnerabilityFlags, ', '),
};

export function registerCells(
  columns: { key: string; label: string }[],
  facts: RegisterFacts,
  mayReadSafeguarding: boolean,
): { key: string; label: string; value: string | null; withheld: boolean }[] {
  return columns.map((col) => {
    const sensitive = SAFEGUARDING_COLUMNS[col.key];
    if (sensitive) {
      return mayReadSafeguarding
        ? { key: col.key, label: col.label, value: sensitive(facts), withheld: false }
        : { key: col.key, label: col.label, value: null, withheld: true };
    }
    return {
      key: col.key,
      label: col.label,
      value: COLUMN_VALUES[col.key]?.(facts) ?? null,
      withheld: false,
    };
  });
}
