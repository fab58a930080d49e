import type { Reason, Verdict } from './case-state';

export function verdictOf(reasons: Reason[]): Verdict {
  return reasons.length === 0 ? { allowed: true } : { allowed: false, reasons };
}

export function reasonsOf(verdict: Verdict): Reason[] {
  return verdict.allowed ? [] : verdict.reasons;
}

export const reason = (code: string, message: string): Reason => ({ code, message });
