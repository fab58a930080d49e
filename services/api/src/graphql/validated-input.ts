import type { z } from 'zod';
import { DomainError } from '@conduct/casework';

/**
 * Validates a GraphQL argument with zod before anything is read or written.
 * The error names the field path and why, with a stable code.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  argument = 'input',
): z.infer<S> {
  // Refused here, for every field, not as a failed write or text that reaches a letter:
  // NUL (PostgreSQL text cannot hold it), other control characters, lone UTF-16
  // surrogates, and bidirectional overrides that make a name read as another.
  const bad = pathOfBadText(value);
  if (bad) {
    const field = [argument, ...bad.path].join('.');
    throw new DomainError('BAD_USER_INPUT', `${field}: ${bad.why}`, {
      field,
      issues: [{ field, message: bad.why }],
    });
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    field: [argument, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  const first = issues[0]!;
  throw new DomainError('BAD_USER_INPUT', `${first.field}: ${first.message}`, {
    field: first.field,
    issues,
  });
}

// Matching control characters is the point of these patterns.
/* eslint-disable no-control-regex */
const BAD_TEXT: [RegExp, string][] = [
  [/\u0000/, 'must not contain a NUL character'],
  [/[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/, 'must not contain control characters'],
  [
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
    'must not contain a lone UTF-16 surrogate',
  ],
  [/[\u202A-\u202E\u2066-\u2069]/, 'must not contain bidirectional override characters'],
];
/* eslint-enable no-control-regex */

function pathOfBadText(
  value: unknown,
  path: string[] = [],
): { path: string[]; why: string } | undefined {
  if (typeof value === 'string') {
    const hit = BAD_TEXT.find(([pattern]) => pattern.test(value));
    return hit ? { path, why: hit[1] } : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, v] of Object.entries(value)) {
    const found = pathOfBadText(v, [...path, key]);
    if (found) return found;
  }
  return undefined;
}
