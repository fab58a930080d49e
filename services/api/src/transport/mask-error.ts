import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { formatDomainError } from '../graphql/domain-errors';
import { isExposed, type ErrorCode } from '../graphql/errors';

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
