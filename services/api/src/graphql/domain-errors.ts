import { DomainError } from '@conduct/casework';
import type { MiddlewareFn } from 'type-graphql';
import { AppError } from './errors';

/** A domain refusal as the GraphQL error clients see: same code, message and details (field, reasons). */
export const toAppError = (err: DomainError): AppError =>
  new AppError(err.code, err.message, err.details);

/**
 * The one place domain errors become GraphQL errors: a refusal keeps its
 * stable code and details (field, engine reasons); anything else passes on
 * to be masked.
 */
export const domainErrors: MiddlewareFn = async (_action, next) => {
  try {
    return await next();
  } catch (err) {
    if (err instanceof DomainError) throw toAppError(err);
    throw err;
  }
};
