import type { z } from 'zod';
import { AppError } from './errors';

/**
 * Validates a GraphQL argument with zod before anything is read or written.
 * The error names the field path and why, with a stable code.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  argument = 'input',
): z.infer<S> {
  // PostgreSQL text cannot hold NUL: refuse it here, for every field, not as a failed write.
  const nul = pathOfNul(value);
  if (nul) {
    const field = [argument, ...nul].join('.');
    throw new AppError('BAD_USER_INPUT', `${field}: must not contain a NUL character`, {
      field,
      issues: [{ field, message: 'must not contain a NUL character' }],
    });
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    field: [argument, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  const first = issues[0]!;
  throw new AppError('BAD_USER_INPUT', `${first.field}: ${first.message}`, {
    field: first.field,
    issues,
  });
}

function pathOfNul(value: unknown, path: string[] = []): string[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, v] of Object.entries(value)) {
    const found = pathOfNul(v, [...path, key]);
    if (found) return found;
  }
  return undefined;
}
