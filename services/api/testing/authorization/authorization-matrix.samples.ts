import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TENANTS_DIR } from '@conduct/api/tenancy/apply-tenants';
import type { MatrixTargets } from './authorization-matrix.fixture';
import type { Caller } from './authorization-matrix.table';

/**
 * Arguments for each root field that names something by id or needs more than
 * the schema's samples to get past input validation. Ids come from `t` (own,
 * foreign or nonexistent); policy keys are Maidstone's, the caller's council,
 * so a foreign call differs from an own one only in its ids. Fields not listed
 * take the schema samples of `rootOperation`.
 */
type Sample = (t: MatrixTargets, caller: Caller) => Record<string, unknown>;

const NOW = '2026-01-05T08:00:00.000Z';
/** A valid policy, so that drafting, activating and creating a council go all the way. */
const POLICY = readFileSync(join(TENANTS_DIR, 'maidstone', 'policy.yaml'), 'utf8');
// Deciding mutations name the case version; a stale one answers CONFLICT, which the matrix
// counts as reaching past authorisation (never as a denial).
const note = 'Reasons recorded for the matrix.';
/** A one-row register; each caller's council gets its own customer reference, so an import goes through. */
const MATRIX_REGISTER = {
  filename: 'register.csv',
  contentBase64: Buffer.from(
    'Name,Stage,Decision date\nMatrix Imported,Warning given,2025-12-01\n',
  ).toString('base64'),
};

export const SAMPLES: Record<string, Sample> = {
  'Query.auditTrail': (t) => ({ caseId: t.caseId }),
  'Query.availableActions': (t) => ({ caseId: t.caseId }),
  'Query.benchmarkReport': () => ({ period: '2025' }),
  'Query.case': (t) => ({ id: t.caseId }),
  'Query.casePolicy': (t) => ({ caseId: t.caseId }),
  'Query.contactGuidance': () => ({ customerQuery: 'Matrix Customer', channel: 'telephone' }),
  'Query.customer': (t) => ({ id: t.customerId }),
  'Query.evidencePack': (t) => ({ caseId: t.restrictedCaseId }),
  'Query.letter': (t) => ({ id: t.letterId }),
  'Query.policyDiff': (t) => ({ id: t.draftId }),
  'Query.policyVersion': (t) => ({ id: t.activeVersionId }),
  'Query.proposal': (t) => ({ id: t.proposalId }),
  'Query.protectedCharacteristics': (t) => ({ customerId: t.customerId }),
  'Query.redactionMarks': (t) => ({ customerId: t.customerId }),
  'Query.validatePolicyDraft': (t) => ({ id: t.draftId }),

  'Mutation.actOnProposal': (t) => ({
    input: { proposalId: t.proposalId, action: 'APPROVE', note, expectedCaseVersion: 0 },
  }),
  'Mutation.activatePolicyVersion': (t) => ({ id: t.draftId }),
  'Mutation.addCaseNote': (t) => ({ input: { caseId: t.caseId, text: note } }),
  'Mutation.placeLegalHold': (t) => ({ input: { caseId: t.caseId, reason: note } }),
  'Mutation.recordReferral': (t) => ({
    input: { caseId: t.caseId, referralKey: 'police', occurredAt: NOW, note },
  }),
  'Mutation.releaseLegalHold': (t) => ({ input: { caseId: t.caseId, reason: note } }),
  'Mutation.assignRoles': (t) => ({ userId: t.staffUserId, roles: ['officer'] }),
  'Mutation.attestCheck': (t) => ({
    input: { caseId: t.caseId, checkKey: 'investigated-properly', note },
  }),
  'Mutation.confirmFiledCorrespondence': (t) => ({
    id: t.filedId,
    input: { outcome: 'NO_NEW_INFORMATION' },
  }),
  'Mutation.createApiKey': () => ({ input: { name: 'Matrix key', roles: ['officer'] } }),
  'Mutation.createCustomer': () => ({ input: { fullName: 'Matrix Newcomer' } }),
  'Mutation.createPolicyDraft': () => ({ input: { text: POLICY } }),
  'Mutation.createTenant': () => ({
    input: {
      slug: 'matrix-council',
      name: 'Matrix Council',
      population: 1000,
      benchmarkingOptIn: false,
      firstAdmin: { email: 'admin@matrix-council.example', displayName: 'Matrix admin' },
      policyText: POLICY.replace(/^slug: maidstone$/m, 'slug: matrix-council'),
    },
  }),
  'Mutation.deactivateUser': (t) => ({ userId: t.staffUserId }),
  'Mutation.decideAppeal': (t) => ({
    input: { appealId: t.appealId, outcome: 'DISMISSED', note, expectedCaseVersion: 0 },
  }),
  'Mutation.decideDerestriction': (t) => ({
    input: { requestId: t.derestrictionRequestId, grant: false, note, expectedCaseVersion: 0 },
  }),
  'Mutation.inviteUser': () => ({
    input: {
      email: 'matrix-invitee@maidstone.example',
      displayName: 'Invitee',
      roles: ['officer'],
    },
  }),
  'Mutation.lodgeAppeal': (t) => ({ input: { decisionId: t.decisionId, grounds: note } }),
  'Mutation.logContact': (t) => ({
    input: {
      customerId: t.customerId,
      caseId: t.caseId,
      occurredAt: NOW,
      channel: 'telephone',
      behaviourCategories: ['repeat-enquiries'],
      severity: 'low',
    },
  }),
  'Mutation.logFiledCorrespondence': (t) => ({
    input: {
      customerId: t.customerId,
      restrictionId: t.restrictionId,
      channel: 'letter',
      receivedAt: NOW,
    },
  }),
  'Mutation.markForRedaction': (t) => ({
    input: { customerId: t.customerId, term: 'A neighbour', category: 'third-party', reason: note },
  }),
  'Mutation.markLetterSent': (t) => ({ letterId: t.letterId }),
  'Mutation.markNotificationRead': (t) => ({ id: t.notificationId }),
  'Mutation.movesCaseToPolicyVersion': (t) => ({
    caseId: t.caseId,
    policyVersionId: t.activeVersionId,
  }),
  'Mutation.openCase': (t) => ({ input: { customerId: t.customerId } }),
  'Mutation.proposeTransition': (t) => ({
    input: { caseId: t.caseId, toStage: 'warning', rationale: note },
  }),
  'Mutation.reactivateUser': (t) => ({ userId: t.staffUserId }),
  'Mutation.recordConsultation': (t) => ({
    input: { caseId: t.caseId, consultee: 'head-of-policy', note },
  }),
  'Mutation.recordProtectedCharacteristic': (t) => ({
    customerId: t.customerId,
    characteristic: 'AGE',
    value: '35-44',
  }),
  'Mutation.recordReview': (t) => ({
    input: { caseId: t.restrictedCaseId, outcome: 'CONTINUE', note, expectedCaseVersion: 0 },
  }),
  'Mutation.reinstateTenant': (t) => ({ id: t.councilId }),
  // A reason too short to act on: the operator gets past authorisation and is refused the input.
  'Mutation.breakGlassApprovePolicyActivation': (t) => ({
    tenantId: t.councilId,
    versionId: t.draftId,
    reason: 'no',
  }),
  'Mutation.breakGlassApproveStaffChange': (t) => ({
    tenantId: t.councilId,
    requestId: t.staffUserId,
    reason: 'no',
  }),
  'Mutation.breakGlassAssignRoles': (t) => ({
    tenantId: t.councilId,
    userId: t.staffUserId,
    roles: ['officer'],
    reason: 'no',
  }),
  'Mutation.bindUserIdentity': (t) => ({ userId: t.staffUserId, objectId: 'matrix-oid' }),
  'Mutation.removeRedactionMark': (t, caller) => ({ id: t.redactionMarkIds[caller] }),
  'Mutation.requestDerestriction': (t) => ({
    input: { restrictionId: t.restrictionId, exceptional: true, reason: note },
  }),
  'Mutation.revokeApiKey': (t) => ({ id: t.apiKeyId }),
  'Mutation.setMemberOptIn': () => ({ input: { memberName: 'Cllr Matrix', optedIn: true } }),
  'Mutation.setNextReview': (t) => ({
    input: { caseId: t.restrictedCaseId, dueAt: '2030-01-01T00:00:00Z', reasons: note },
  }),
  'Mutation.setTenantIdentityProvider': (t) => ({
    id: t.councilId,
    identityProvider: {
      issuer: 'https://login.example/matrix/v2.0',
      jwksUrl: 'https://login.example/matrix/keys',
      audience: 'api://conduct-matrix',
    },
  }),
  'Mutation.suspendTenant': (t) => ({ id: t.councilId }),
  'Mutation.updateCustomer': (t) => ({ id: t.customerId, input: { phone: '01622 000000' } }),
  'Mutation.updateFrontLineSettings': () => ({ input: { letterheadName: 'Matrix Borough' } }),
  'Mutation.uploadPolicyDocument': () => ({
    input: {
      title: 'Matrix policy',
      filename: 'policy.pdf',
      contentBase64: Buffer.from('%PDF-1.7\n%%EOF\n').toString('base64'),
    },
  }),
  'Mutation.importRegister': () => ({ input: MATRIX_REGISTER }),
  'Query.previewRegisterImport': () => ({ input: MATRIX_REGISTER }),
  'Mutation.updatePolicyDraft': (t) => ({ id: t.draftId, input: { text: POLICY } }),
  'Mutation.withdrawProposal': (t) => ({ input: { proposalId: t.proposalId, reason: note } }),
};
