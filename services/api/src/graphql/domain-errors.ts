import { DomainError } from '@conduct/casework';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { AppError } from './errors';

/** The domain error behind a resolver failure, if that is what it was. */
export function domainErrorOf(error: unknown): DomainError | undefined {
  const cause = unwrapResolverError(error);
  return cause instanceof DomainError ? cause : undefined;
}

/** A domain refusal raised before any resolver (context creation) as the GraphQL error Apollo passes on. */
export const toAppError = (err: DomainError): AppError =>
  new AppError(err.code, err.message, err.details);

/**
 * The one place domain errors become GraphQL errors, in the error formatter
 * rather than a middleware around every field resolver (thousands of them per
 * page): a refusal keeps its stable code and details (field, engine reasons),
 * with the path and locations of the field that refused.
 */
export function formatDomainError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError | undefined {
  const refusal = domainErrorOf(error);
  if (!refusal) return undefined;
  const correlationId = formatted.extensions?.correlationId;
  return {
    message: refusal.message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: {
      code: refusal.code,
      ...refusal.details,
      ...(correlationId ? { correlationId } : {}),
    },
  };
}
