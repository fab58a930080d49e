import type { Reason, Verdict } from '@conduct/policy';

/** Stable codes a caller may rely on; each transport maps them to its own errors. */
export const DOMAIN_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'POLICY_VIOLATION',
  'CONFLICT',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** A refusal the domain explains: a code, words for staff, and details (field, reasons) for programs. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);
export const forbidden = (why = 'You may not do this') => new DomainError('FORBIDDEN', why);

/** Bad input, reported on the field (`input.<field>`). */
export const badInput = (field: string, message: string) =>
  new DomainError('BAD_USER_INPUT', `input.${field}: ${message}`, { field: `input.${field}` });

/** The case moved on since the caller looked at it; nothing was written. */
export const conflict = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError('CONFLICT', message, details);

/** The engine said no, with its reasons (stable codes, messages for council staff). */
export function policyViolation(reasons: Reason[]): DomainError {
  const message =
    reasons.map((r) => r.message).join(' ') || 'The council’s policy does not allow this.';
  return new DomainError('POLICY_VIOLATION', message, {
    reasons: reasons.map((r) => ({ code: r.code, message: r.message })),
  });
}

/** Throws POLICY_VIOLATION unless the engine allowed it. */
export function requireAllowed<V extends Verdict>(
  verdict: V,
): asserts verdict is Extract<V, { allowed: true }> {
  if (!verdict.allowed) throw policyViolation(verdict.reasons);
}
