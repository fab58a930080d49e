export { actorIdOf, type CaseActor, type CaseContext } from './case-context';
export {
  DOMAIN_ERROR_CODES,
  DomainError,
  type DomainErrorCode,
  badInput,
  conflict,
  notFound,
  policyViolation,
  requireAllowed,
} from './errors';
export { recordEvent, type CaseworkEventName, type CaseworkEvents } from './audit/vocabulary';
export { lockCaseForDecision } from './case-lock';
export {
  applyDecision,
  nextReviewDue,
  type AppliedDecision,
  type DecisionInput,
  type DecisionKind,
  type MoveInput,
  type OutcomeInput,
} from './pipeline/apply-decision';
export {
  activeMeasures,
  periodEnd,
  type Measure,
  type MeasureChange,
  type MeasureEffects,
} from './pipeline/measures';
export { customerName } from './pipeline/letter';
export { ALL_ELECTED_MEMBERS, ELECTED_MEMBER_PREFIX, audiencesOf } from './pipeline/dissemination';
export {
  planTransition,
  transitionOf,
  RESTRICTIVE_KINDS,
  type PlanInput,
  type PlanResult,
  type TransitionPlan,
} from './pipeline/transition-plan';
export { writeNotices } from './notifications/notices';
export {
  authoriserRoles,
  recipientsFor,
  reviewerRoles,
  type Recipient,
} from './notifications/recipients';
