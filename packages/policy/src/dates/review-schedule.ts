import { stageOf } from '../schema/policy-lookup';
import type { Policy } from '../schema/policy';
import type { ReviewRule } from '../schema/stages';
import { addDays, addMonths } from './calendar';

/**
 * When measures at `stageKey` end: the asked duration, else the stage's default
 * or monitoring period; null only when indefinite measures are allowed.
 */
export function restrictionEndDate(
  policy: Policy,
  stageKey: string,
  startsAt: Date,
  durationMonths?: number,
  indefinite?: boolean,
): Date | null {
  const stage = stageOf(policy, stageKey);
  if (indefinite) {
    if (!stage.duration?.indefiniteAllowed) {
      throw new RangeError(`Measures at '${stage.label}' cannot be indefinite under this policy`);
    }
    return null;
  }
  const months = durationMonths ?? stage.duration?.defaultMonths ?? stage.monitoringPeriodMonths;
  if (months === undefined) {
    throw new RangeError(
      `'${stage.label}' has no default duration: give durationMonths or indefinite`,
    );
  }
  const max = stage.duration?.maxMonths;
  if (max !== undefined && months > max) {
    throw new RangeError(`'${stage.label}' allows at most ${max} months`);
  }
  return addMonths(startsAt, months);
}

/**
 * The earliest date any of the stage's review rules asks for: a fixed interval,
 * the end of the period, or the indefinite cadence. Always after `decidedAt`.
 */
export function reviewDueDate(
  policy: Policy,
  stageKey: string,
  decidedAt: Date,
  endsAt: Date | null,
): Date {
  const stage = stageOf(policy, stageKey);
  const review = stage.review;
  const endIsLater = endsAt !== null && endsAt > decidedAt;
  if (!review) {
    // A stage without reviews (a monitoring period) is looked at again when it ends.
    if (endIsLater) return endsAt;
    throw new RangeError(`'${stage.label}' has no review and no end date`);
  }
  const candidates: Date[] = [];
  if (review.everyMonths !== undefined) candidates.push(addMonths(decidedAt, review.everyMonths));
  if (review.atEndOfPeriod && endIsLater) candidates.push(endsAt);
  if (endsAt === null && review.indefiniteEveryMonths !== undefined) {
    candidates.push(addMonths(decidedAt, review.indefiniteEveryMonths));
  }
  if (candidates.length === 0) candidates.push(addMonths(decidedAt, fallbackMonths(review)));
  return new Date(Math.min(...candidates.map((d) => d.getTime())));
}

// Only reached for odd inputs (e.g. an end date already past): use the longest cadence the policy names.
function fallbackMonths(review: ReviewRule): number {
  return review.indefiniteEveryMonths ?? review.everyMonths ?? 12;
}

function reviewRule(policy: Policy, stageKey: string): ReviewRule {
  const review = stageOf(policy, stageKey).review;
  if (!review) throw new RangeError(`'${stageKey}' is not reviewed under this policy`);
  return review;
}

export function reminderDate(policy: Policy, stageKey: string, reviewDue: Date): Date {
  return addDays(reviewDue, -reviewRule(policy, stageKey).reminderDaysBefore);
}

export function escalationDate(policy: Policy, stageKey: string, reviewDue: Date): Date {
  return addDays(reviewDue, reviewRule(policy, stageKey).escalateDaysAfter);
}
