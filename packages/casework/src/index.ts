export { actorIdOf, type CaseActor, type CaseContext } from './case-context';
export {
  DOMAIN_ERROR_CODES,
  DomainError,
  type DomainErrorCode,
  badInput,
  conflict,
  forbidden,
  notFound,
  policyViolation,
  requireAllowed,
} from './errors';
export {
  AUDIT_ACTIONS,
  appendVocabularyEvent,
  isAuditAction,
  recordEvent,
  type AuditAction,
  type AuditEvents,
  type CaseworkEventName,
  type CaseworkEvents,
  type VocabularyEvent,
} from './audit/vocabulary';
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
export { refuseUnknownLinkedStaff } from './pipeline/linked-staff';
export { customerName } from './pipeline/letter';
export {
  recordImportedHistory,
  type ImportedHistoryRecord,
  type ImportedHistoryRow,
} from './pipeline/imported-history';
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
export { PolicyVersions, type LoadedPolicy } from './policy-versions';
export { withTenantReadOnly } from './read-only';
export {
  previewPurge,
  runPurge,
  hasDuePurge,
  newRunId,
  type PurgeCandidate,
  type PurgeResult,
} from './retention/purge';
export { retentionDueSql, RESTRICTION_ENDED_SQL } from './retention/retention-sql';
export {
  METRICS,
  METRIC_KEYS,
  metricDefinition,
  type MetricDefinition,
  type MetricKey,
  type MetricUnit,
} from './benchmarking/metrics';
export {
  DISCLOSURE,
  MIX_KEYS,
  distributionOf,
  mixTable,
  publish,
  quantile,
  roundCount,
  emptyRawFigures,
  type Distribution,
  type MixKey,
  type PublishedFigure,
  type RawFigures,
} from './benchmarking/disclosure';
