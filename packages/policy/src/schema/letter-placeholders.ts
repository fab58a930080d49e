/**
 * The placeholders a letter template may use, with what each is filled with.
 * The checker refuses any other name, so a typo is caught when the policy is
 * saved rather than when the first letter is due (as LETTER_INCOMPLETE).
 */
export const LETTER_PLACEHOLDERS = {
  councilName: "the council's name",
  customerName: "the customer's name",
  reasons: 'the reasons the decider gave',
  restrictions: 'one line per measure, with its details in words',
  startsAt: 'the date the measures start',
  endsAt: 'the date the measures end (empty when indefinite)',
  period: 'how long the measures last, in words (with the review date when indefinite)',
  reviewDue: 'the date of the next review',
  stage: 'the label of the stage the case is at',
  appealRoute: 'how to appeal, or the Ombudsman route when there is no appeal',
} as const;

export type LetterPlaceholder = keyof typeof LETTER_PLACEHOLDERS;

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;

/** The placeholders used in a template text, in order: the name and the text as written. */
export function placeholdersIn(text: string): { name: string; written: string }[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => ({ name: m[1] ?? '', written: m[0] }));
}

export function isLetterPlaceholder(name: string): name is LetterPlaceholder {
  return Object.hasOwn(LETTER_PLACEHOLDERS, name);
}
