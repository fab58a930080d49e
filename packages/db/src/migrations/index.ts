import { Foundation1764000000001 } from './1764000000001-foundation';
import { Casework1764000000002 } from './1764000000002-casework';
import { Scheduling1764000000003 } from './1764000000003-scheduling';
import { Identity1764000000004 } from './1764000000004-identity';
import { Reviews1764000000006 } from './1764000000006-reviews';
import { Benchmarking1764000000007 } from './1764000000007-benchmarking';
import { FrontLine1764000000008 } from './1764000000008-front-line';
import { FiledEscalationNotices1764000000009 } from './1764000000009-filed-escalation-notices';
import { DecisionReviewDue1764000000010 } from './1764000000010-decision-review-due';
import { ProposalWithdrawal1764000000011 } from './1764000000011-proposal-withdrawal';
import { LetterCaseIndex1764000000012 } from './1764000000012-letter-case-index';
import { SchemaVersionVisible1764000000180 } from './1764000000180-schema-version-visible';
import { RequestSession1764000000150 } from './1764000000150-request-session';
import { CustomerSearch1764000000151 } from './1764000000151-customer-search';
import { CaseRecordIndexes1764000000152 } from './1764000000152-case-record-indexes';
import { IdentityBinding1764000000140 } from './1764000000140-identity-binding';
import { AuditAnchor1764000000141 } from './1764000000141-audit-anchor';
import { Idempotency1764000000142 } from './1764000000142-idempotency';
import { PolicyDocument1764000000160 } from './1764000000160-policy-document';
import { CaseRecords1764000000130 } from './1764000000130-case-records';
import { NotificationKinds1764000000190 } from './1764000000190-notification-kinds';
import { PolicyFidelity1764100000130 } from './1764100000130-policy-fidelity';
import { DecisionPipeline1764000000120 } from './1764000000120-decision-pipeline';
import { RegisterImport1764100000160 } from './1764100000160-register-import';
import { CaseLifecycle1764100000120 } from './1764100000120-case-lifecycle';
import { BreakGlass1764100000140 } from './1764100000140-break-glass';
import { BoundedCustomerSearch1764100000150 } from './1764100000150-bounded-customer-search';
import { PurgeSetTriggers1764100000151 } from './1764100000151-purge-set-triggers';
import { WordCustomerSearch1764200000155 } from './1764200000155-word-customer-search';
import { PurgeWriteCost1764200000156 } from './1764200000156-purge-write-cost';
import { OperatorLogReason1764200000140 } from './1764200000140-operator-log-reason';
import { ReviewLetterIndex1764200000157 } from './1764200000157-review-letter-index';

/** In order; a new migration is appended here. */
export const migrations = [
  Foundation1764000000001,
  Casework1764000000002,
  Scheduling1764000000003,
  Identity1764000000004,
  Reviews1764000000006,
  Benchmarking1764000000007,
  FrontLine1764000000008,
  FiledEscalationNotices1764000000009,
  DecisionReviewDue1764000000010,
  ProposalWithdrawal1764000000011,
  LetterCaseIndex1764000000012,
  DecisionPipeline1764000000120,
  CaseRecords1764000000130,
  IdentityBinding1764000000140,
  AuditAnchor1764000000141,
  Idempotency1764000000142,
  RequestSession1764000000150,
  CustomerSearch1764000000151,
  CaseRecordIndexes1764000000152,
  PolicyDocument1764000000160,
  SchemaVersionVisible1764000000180,
  NotificationKinds1764000000190,
  RegisterImport1764100000160,
  CaseLifecycle1764100000120,
  BreakGlass1764100000140,
  BoundedCustomerSearch1764100000150,
  PurgeSetTriggers1764100000151,
  PolicyFidelity1764100000130,
  WordCustomerSearch1764200000155,
  PurgeWriteCost1764200000156,
  OperatorLogReason1764200000140,
  ReviewLetterIndex1764200000157,
];
