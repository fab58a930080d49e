import { registerEnumType } from 'type-graphql';
import { DomainError } from '@conduct/casework';

/** The Conduct fields a register column can be mapped to. */
export enum RegisterImportField {
  CUSTOMER_NAME = 'customerName',
  CUSTOMER_REFERENCE = 'customerReference',
  EMAIL = 'email',
  PHONE = 'phone',
  ADDRESS = 'address',
  CASE_REFERENCE = 'caseReference',
  STAGE = 'stage',
  MEASURES = 'measures',
  MEASURES_START = 'measuresStart',
  MEASURES_END = 'measuresEnd',
  DECISION_DATE = 'decisionDate',
  REVIEW_DATE = 'reviewDate',
  OPENED_DATE = 'openedDate',
  NOTES = 'notes',
}

registerEnumType(RegisterImportField, {
  name: 'RegisterImportField',
  description: 'A Conduct field a column of the council’s register spreadsheet can fill.',
  valuesConfig: {
    CUSTOMER_NAME: { description: 'The customer’s full name (required).' },
    CUSTOMER_REFERENCE: {
      description: 'The council’s reference for the customer; generated when not mapped.',
    },
    EMAIL: { description: 'E-mail address.' },
    PHONE: { description: 'Telephone number.' },
    ADDRESS: { description: 'Postal address (lines separated by commas or new lines).' },
    CASE_REFERENCE: {
      description: 'The council’s reference for the case; generated when not mapped.',
    },
    STAGE: { description: 'The stage the case is at, by the policy’s label or key (required).' },
    MEASURES: {
      description:
        'Measures in force or past, separated by ";" or new lines, each by label or key with its details in brackets, e.g. "Single point of contact (Officer: J Smith)".',
    },
    MEASURES_START: { description: 'When the measures started (YYYY-MM-DD or DD/MM/YYYY).' },
    MEASURES_END: { description: 'When the measures end or ended, or "indefinite".' },
    DECISION_DATE: { description: 'When the case reached its stage.' },
    REVIEW_DATE: {
      description: 'When the case is next reviewed; worked out from the policy when not given.',
    },
    OPENED_DATE: {
      description: 'When the case was opened; the earliest other date when not given.',
    },
    NOTES: { description: 'Case notes, kept as the case summary.' },
  },
});

export interface ColumnMapping {
  column: string;
  field: RegisterImportField;
}

const normal = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Header names councils use for each field, normalised (lower case, words only). */
const SYNONYMS: Record<RegisterImportField, string[]> = {
  customerName: [
    'name',
    'customer',
    'customer name',
    'full name',
    'name of customer',
    'customer full name',
  ],
  customerReference: [
    'customer reference',
    'customer ref',
    'customer id',
    'customer number',
    'crm reference',
    'crm ref',
  ],
  email: ['email', 'e mail', 'email address', 'e mail address'],
  phone: ['phone', 'telephone', 'tel', 'phone number', 'telephone number', 'mobile'],
  address: ['address', 'postal address', 'home address'],
  caseReference: ['case reference', 'case ref', 'case number', 'case id', 'reference', 'ref'],
  stage: ['stage', 'current stage', 'policy stage', 'status'],
  measures: [
    'measures',
    'restrictions',
    'special measures',
    'restrictions applied',
    'measures applied',
  ],
  measuresStart: [
    'start date',
    'restrictions start',
    'restriction start',
    'measures start',
    'date applied',
    'restrictions from',
  ],
  measuresEnd: [
    'end date',
    'expiry',
    'expiry date',
    'restrictions end',
    'restriction end',
    'measures end',
    'restrictions until',
  ],
  decisionDate: ['decision date', 'date of decision', 'date decided', 'stage date'],
  reviewDate: ['review date', 'next review', 'next review date', 'review due'],
  openedDate: ['opened', 'date opened', 'opened date', 'date added'],
  notes: ['notes', 'case notes', 'comments', 'summary'],
};

/** A mapping guessed from the header names: each column whose name a council commonly uses. */
export function suggestMapping(headers: string[]): ColumnMapping[] {
  const taken = new Set<RegisterImportField>();
  const out: ColumnMapping[] = [];
  for (const column of headers) {
    const n = normal(column);
    const field = (Object.keys(SYNONYMS) as RegisterImportField[]).find(
      (f) => !taken.has(f) && SYNONYMS[f].includes(n),
    );
    if (field) {
      taken.add(field);
      out.push({ column, field });
    }
  }
  return out;
}

const REQUIRED = [RegisterImportField.CUSTOMER_NAME, RegisterImportField.STAGE];

/** Checks a mapping against the file's headers: known columns, each field once, the required ones present. */
export function checkMapping(headers: string[], mapping: ColumnMapping[]): ColumnMapping[] {
  const bad = (i: number | null, why: string) =>
    new DomainError('BAD_USER_INPUT', `input.mapping${i === null ? '' : `.${i}`}: ${why}`, {
      field: i === null ? 'input.mapping' : `input.mapping.${i}`,
    });
  const fields = new Set<RegisterImportField>();
  mapping.forEach((m, i) => {
    if (!headers.includes(m.column)) throw bad(i, `the file has no column "${m.column}"`);
    if (fields.has(m.field)) throw bad(i, `${m.field} is mapped twice`);
    fields.add(m.field);
  });
  const missing = REQUIRED.filter((f) => !fields.has(f));
  if (missing.length) throw bad(null, `map a column to ${missing.join(' and ')}`);
  return mapping;
}
