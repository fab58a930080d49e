import { join } from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { ApiKeyResolver } from './api-keys/api-key.resolver';
import { authChecker } from './transport/auth-checker';
import { BenchmarkResolver } from './benchmarking/benchmark.resolver';
import { CaseRecordResolver } from './case-records/case-record.resolver';
import { ConsultationResolver } from './consultations/consultation.resolver';
import { CaseResolver } from './cases/case.resolver';
import { CheckResolver } from './checks/check.resolver';
import { ContactResolver } from './contacts/contact.resolver';
import { CustomerResolver } from './customers/customer.resolver';
import { HealthResolver } from './health/health.resolver';
import { OperatorResolver } from './operators/operator.resolver';
import { PolicyVersionResolver } from './policy-versions/policy-version.resolver';
import { StaffResolver } from './staff/staff.resolver';
import { IdentityProviderResolver } from './council/identity-provider.resolver';
import { MeResolver } from './users/me.resolver';
import { NotificationResolver } from './notifications/notification.resolver';
import { PurgePreviewResolver } from './retention/purge-preview.resolver';
import { DecisionParticipantsResolver } from './decisions/decision.resolver';
import {
  CaseDisseminationResolver,
  DecisionDisseminationResolver,
} from './dissemination/dissemination.resolver';
import {
  CaseLettersResolver,
  DecisionLetterResolver,
  LetterResolver,
} from './letters/letter.resolver';
import { CaseProposalsResolver, ProposalResolver } from './proposals/proposal.resolver';
import { AppealResolver } from './appeals/appeal.resolver';
import { AuditResolver } from './audit/audit.resolver';
import { DerestrictionResolver } from './derestriction/derestriction.resolver';
import { MemberResolver } from './members/member.resolver';
import { RegisterResolver } from './register/register.resolver';
import {
  ImportedDecisionResolver,
  RegisterImportResolver,
} from './register/register-import.resolver';
import { CaseAftercareResolver } from './aftercare/case-aftercare.resolver';
import { ReviewResolver } from './reviews/review.resolver';

import { FiledCorrespondenceResolver } from './correspondence/filed.resolver';
import {
  PolicyDocumentResolver,
  ProposalLetterPreviewResolver,
  SettingsPolicyDocumentResolver,
} from './documents/documents.resolver';
import { FrontLineSettingsResolver } from './documents/settings.resolver';
import { EqualityResolver } from './equality/equality.resolver';
import { EvidencePackResolver } from './evidence/pack.resolver';
import { GuidanceResolver } from './guidance/guidance.resolver';
import { PolicyCatalogueResolver } from './catalogue/catalogue.resolver';

export const resolvers = [
  HealthResolver,
  MeResolver,
  CustomerResolver,
  CaseResolver,
  ContactResolver,
  CheckResolver,
  CaseRecordResolver,
  ConsultationResolver,
  OperatorResolver,
  StaffResolver,
  IdentityProviderResolver,
  PolicyVersionResolver,
  ApiKeyResolver,
  ProposalResolver,
  CaseProposalsResolver,
  DecisionParticipantsResolver,
  LetterResolver,
  CaseLettersResolver,
  DecisionLetterResolver,
  CaseDisseminationResolver,
  DecisionDisseminationResolver,
  NotificationResolver,
  PurgePreviewResolver,
  ReviewResolver,
  CaseAftercareResolver,
  AppealResolver,
  DerestrictionResolver,
  MemberResolver,
  RegisterResolver,
  RegisterImportResolver,
  ImportedDecisionResolver,
  AuditResolver,
  GuidanceResolver,
  PolicyCatalogueResolver,
  FiledCorrespondenceResolver,
  EvidencePackResolver,
  FrontLineSettingsResolver,
  PolicyDocumentResolver,
  SettingsPolicyDocumentResolver,
  ProposalLetterPreviewResolver,
  EqualityResolver,
  BenchmarkResolver,
] as const;

/** The committed SDL: CI fails when the built schema drifts from it. */
export const SCHEMA_FILE = join(__dirname, '..', 'schema.graphql');

export function buildApiSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...resolvers],
    validate: false,
    authChecker,
    authMode: 'error',
  });
}
