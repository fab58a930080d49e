export { policySchema, type Policy } from './schema/policy';
export {
  REVIEW_OUTCOMES,
  STAGE_KINDS,
  STEP_KINDS,
  type ReviewOutcome,
  type Stage,
  type StageKind,
  type Transition,
  type ApprovalStep,
} from './schema/stages';
export { SEVERITIES, roleList, type Severity } from './schema/keys';
export type { AppealRoute } from './schema/appeals';
export { LETTER_CHANNELS } from './schema/records';
export { checkPolicyText, type PolicyIssue } from './checking/check-policy-text';
export type {
  Actor,
  Reason,
  Verdict,
  DecisionRecord,
  ProposalState,
  CaseState,
} from './engine/case-state';
export {
  availableTransitions,
  dueAutomaticTransition,
  type AvailableTransition,
} from './engine/available-transitions';
export { canPropose, type ProposalInput } from './engine/proposals';
export { restrictionReasons } from './engine/restriction-parameters';
export {
  canActOnProposal,
  canWithdrawProposal,
  nextStepOf,
  type ProposalAction,
} from './engine/approval-chain';
export { measureReasons, measureTypeReasons } from './engine/measures';
export { letterFor, type LetterOccasion, type LetterChoice } from './engine/letter-choice';
export {
  canRecordReview,
  canSetReviewDate,
  reviewOutcomeStage,
  type ReviewInput,
} from './engine/reviews';
export { canLodgeAppeal, canDecideAppeal, appealRouteFor, appealRouteText } from './engine/appeals';
export {
  canRequestDerestriction,
  canDecideDerestriction,
  earliestDerestrictionRequest,
} from './engine/derestriction';
export { canReadSafeguarding } from './engine/field-permissions';
export {
  restrictionEndDate,
  reviewDueDate,
  reminderDate,
  escalationDate,
} from './dates/review-schedule';
export { retentionDueDate, type RetentionFacts } from './dates/retention';
export { addMonths, addDays } from './dates/calendar';
export { renderLetter, type LetterFacts, type Letter } from './letters/render-letter';
export {
  LETTER_PLACEHOLDERS,
  placeholdersIn,
  templateProblems,
  type LetterPlaceholder,
} from './schema/letter-template';
export {
  DEFAULT_SALUTATION,
  SALUTATION_PLACEHOLDERS,
  enclosuresOf,
  promisesEnclosure,
  salutationOf,
} from './schema/letter-enclosures';
export type { LetterEnclosure, LetterTemplate } from './schema/records';
export {
  canChangeLegalHold,
  canRecordReferral,
  canReadRegister,
  canAttestCheck,
} from './engine/case-records';
export { noticesForContact, type StaffNotice } from './engine/staff-notifications';
export { attestedForNextDecision } from './engine/decision-conditions';
