import type { Reason, Verdict } from '@conduct/policy';
import { AppError } from '../graphql/errors';

/**
 * The engine said no: POLICY_VIOLATION with the engine's reasons, whose messages
 * are written for council staff and whose codes are stable for programs.
 */
export function policyViolation(reasons: Reason[]): AppError {
  const message =
    reasons.map((r) => r.message).join(' ') || 'The council’s policy does not allow this.';
  return new AppError('POLICY_VIOLATION', message, {
    reasons: reasons.map((r) => ({ code: r.code, message: r.message })),
  });
}

/** Throws POLICY_VIOLATION unless the engine allowed it. */
export function requireAllowed<V extends Verdict>(
  verdict: V,
): asserts verdict is Extract<V, { allowed: true }> {
  if (!verdict.allowed) throw policyViolation(verdict.reasons);
}
