import type { LetterEnclosure, LetterTemplate } from './records';
import { fillTemplate } from './letter-template';

/** The facts a salutation may use: it is filled when the letter is printed, from the case alone. */
export const SALUTATION_PLACEHOLDERS = ['customerName', 'councilName'] as const;
export const DEFAULT_SALUTATION = 'Dear {{customerName}},';

/** Text that promises a copy of the policy: "(copy enclosed)", "a copy of the policy is enclosed". */
const PROMISES_COPY = /cop(y|ies)[^.]{0,80}enclosed|enclos\w*[^.]{0,40}cop(y|ies)/i;

/** Whether a letter's text says a copy (of the policy) is enclosed. */
export function promisesEnclosure(texts: string[]): boolean {
  return texts.some((t) => PROMISES_COPY.test(t));
}

/**
 * What goes with a letter from this template: its `enclosures`, or, for a
 * template written before they existed, the policy when the text promises a copy.
 */
export function enclosuresOf(
  template: LetterTemplate | undefined,
  texts: string[],
): LetterEnclosure[] {
  if (template?.enclosures) return template.enclosures;
  return promisesEnclosure(texts) ? [{ policyDocument: true }] : [];
}

/** The template's own salutation filled in, or null when it names none. */
export function salutationOf(
  template: LetterTemplate | undefined,
  facts: { customerName: string; councilName: string },
): string | null {
  return template?.salutation ? fillTemplate(template.salutation, facts).trim() : null;
}
