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
