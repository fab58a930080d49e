import { LETTER_PLACEHOLDERS, type LetterPlaceholder } from './letter-template';

export { LETTER_PLACEHOLDERS, type LetterPlaceholder };

/** Whether a name used in a template is one of the facts a letter can be filled with. */
export function isLetterPlaceholder(name: string): name is LetterPlaceholder {
  return Object.hasOwn(LETTER_PLACEHOLDERS, name);
}
