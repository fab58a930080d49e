import { ApiKey, ApiKeyLocator } from './api-key.entity';
import { AppUser, StaffChangeRequest } from './app-user.entity';
import { AuditEvent } from './audit-event.entity';
import { BenchmarkDistribution, BenchmarkSnapshot } from './benchmark.entity';
import { CaseRecord } from './case-record.entity';
import { CheckAttestation } from './check-attestation.entity';
import { Contact } from './contact.entity';
import { Customer } from './customer.entity';
import {
  CustomerCharacteristic,
  FiledCorrespondence,
  FrontLineSettings,
  RedactionMark,
} from './front-line.entity';
import { Decision, DisseminationRecord, Letter, Restriction } from './decision.entity';
import { ManagedCase } from './managed-case.entity';
import { Notification } from './notification.entity';
import { Operator, OperatorEvent } from './operator.entity';
import { PolicyDocument } from './policy-document.entity';
import { PolicyVersion } from './policy-version.entity';
import { RegisterImport } from './register-import.entity';
import { Consultation, Proposal, ProposalStep } from './proposal.entity';
import { CaseStatistic, PurgeLog } from './retention.entity';
import { Appeal, DerestrictionRequest, MemberPreference, Review } from './review.entity';
import { Tenant } from './tenant.entity';
import { WorkerHeartbeat } from './worker-heartbeat.entity';

export * from './api-key.entity';
export * from './app-user.entity';
export * from './audit-event.entity';
export * from './case-record.entity';
export * from './benchmark.entity';
export * from './check-attestation.entity';
export * from './contact.entity';
export * from './customer.entity';
export * from './decision.entity';
export * from './front-line.entity';
export * from './managed-case.entity';
export * from './notification.entity';
export * from './operator.entity';
export * from './policy-document.entity';
export * from './policy-version.entity';
export * from './proposal.entity';
export * from './register-import.entity';
export * from './retention.entity';
export * from './review.entity';
export * from './tenant.entity';
export * from './worker-heartbeat.entity';

export const entities = [
  Tenant,
  PolicyVersion,
  AppUser,
  StaffChangeRequest,
  AuditEvent,
  WorkerHeartbeat,
  Customer,
  ManagedCase,
  Contact,
  CaseRecord,
  CheckAttestation,
  Proposal,
  ProposalStep,
  Consultation,
  Decision,
  Restriction,
  Letter,
  DisseminationRecord,
  Review,
  Appeal,
  DerestrictionRequest,
  MemberPreference,
  Notification,
  PurgeLog,
  CaseStatistic,
  Operator,
  OperatorEvent,
  ApiKey,
  ApiKeyLocator,
  FrontLineSettings,
  FiledCorrespondence,
  RedactionMark,
  CustomerCharacteristic,
  BenchmarkSnapshot,
  BenchmarkDistribution,
  PolicyDocument,
  RegisterImport,
];
