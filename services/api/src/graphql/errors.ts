import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { formatDomainError } from './domain-errors';

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

/**
 * A unique constraint a concurrent duplicate can still hit after the service's
 * own check (two requests both see no clash, one insert loses): answered as
 * the sequential duplicate is, with the field named.
 */
const UNIQUE_FIELDS: Record<string, { code: ErrorCode; field: string; message: string }> = {
  app_user_tenant_id_email_key: {
    code: 'CONFLICT',
    field: 'input.email',
    message: 'input.email: already a user of your council',
  },
  customer_tenant_id_reference_key: {
    code: 'BAD_USER_INPUT',
    field: 'input.reference',
    message: 'input.reference: already used by another customer',
  },
};

function uniqueViolation(error: unknown): GraphQLFormattedError | null {
  const cause = unwrapResolverError(error) as {
    driverError?: { code?: string; constraint?: string };
  };
  const driver = cause?.driverError;
  if (driver?.code !== '23505') return null;
  const known = driver.constraint ? UNIQUE_FIELDS[driver.constraint] : undefined;
  return known
    ? { message: known.message, extensions: { code: known.code, field: known.field } }
    : { message: 'This already exists', extensions: { code: 'CONFLICT' } };
}

/** Masks every error outside the allow-list: no stack, SQL or entity names reach a client. */
export function maskError(
  formatted: GraphQLFormattedError,
  error?: unknown,
): GraphQLFormattedError {
  const refusal = formatDomainError(formatted, error);
  if (refusal) return refusal;
  const duplicate = uniqueViolation(error);
  if (duplicate)
    return {
      ...duplicate,
      path: formatted.path,
      extensions: { ...duplicate.extensions, correlationId: formatted.extensions?.correlationId },
    };
  if (isExposed(formatted.extensions?.code)) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  const correlationId = formatted.extensions?.correlationId;
  return {
    message: 'Internal server error',
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', ...(correlationId ? { correlationId } : {}) },
  };
}

/** The original error behind a resolver failure, for the log. */
export const causeOf = unwrapResolverError;
