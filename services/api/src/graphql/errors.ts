import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

/** The only codes a client ever sees; anything else becomes INTERNAL_SERVER_ERROR. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'POLICY_VIOLATION',
  'CONFLICT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (why = 'You may not do this') => new AppError('FORBIDDEN', why);
export const unauthenticated = (why = 'Sign in first') => new AppError('UNAUTHENTICATED', why);

export function isExposed(code: unknown): boolean {
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}

/** The original error behind a resolver failure, for the log. */
export const causeOf = unwrapResolverError;
