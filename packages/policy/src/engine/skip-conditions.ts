import { SEVERITIES, type Severity } from '../schema/keys';
import type { Policy } from '../schema/policy';
import type { Transition } from '../schema/stages';
import type { CaseState, Reason } from './case-state';
import { reason } from './reasons';

const rank = (s: string): number => SEVERITIES.indexOf(s as Severity);

/** A skip (e.g. straight to restriction) is open only when the logged contacts justify it. */
export function skipReasons(policy: Policy, transition: Transition, state: CaseState): Reason[] {
  const skip = transition.skip;
  if (!skip) return [];
  const justified = state.contacts.some(
    (c) =>
      c.behaviourCategories.some((b) => skip.behaviourCategories.includes(b)) ||
      (skip.minSeverity !== undefined && rank(c.severity) >= rank(skip.minSeverity)),
  );
  if (justified) return [];
  const categories = skip.behaviourCategories.map(
    (b) => policy.behaviourCategories[b]?.label.toLowerCase() ?? b,
  );
  const conditions = [
    ...(categories.length > 0 ? [`contact logged as ${categories.join(' or ')}`] : []),
    ...(skip.minSeverity ? [`contact of ${skip.minSeverity} severity or worse`] : []),
  ];
  return [
    reason(
      'SKIP_NOT_JUSTIFIED',
      `Going straight to this stage is only allowed after ${conditions.join(', or ')}; none is logged on this case.`,
    ),
  ];
}
