import type { PolicyIssue } from '@conduct/policy';
import { DomainError } from '@conduct/casework';
import { describeIssues } from './policy-source';

/** A policy text that fails the checker: every issue with path, line and message. */
export function policyIssuesError(
  errors: PolicyIssue[],
  field: string,
  code: 'BAD_USER_INPUT' | 'POLICY_VIOLATION' = 'BAD_USER_INPUT',
) {
  return new DomainError(
    code,
    `${field}: the policy is not valid: ${describeIssues(errors.slice(0, 5))}`,
    {
      field,
      issues: errors.map((e) => ({ path: e.path, line: e.line ?? null, message: e.message })),
    },
  );
}
