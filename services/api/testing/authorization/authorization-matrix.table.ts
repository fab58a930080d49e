/**
 * RELIABILITY target 1, the specification: who may call each root operation on
 * their own council's data, written by hand from `permissions.ts`, the ability
 * in `ability.ts` and Maidstone's policy (tenants/maidstone/policy.yaml). The
 * matrix test holds the code to it; a field of the schema missing here fails.
 *
 * On another council's ids every operation is refused, for everyone: that
 * column needs no entry.
 */

/** Maidstone's policy roles, one demo user each (tenants/maidstone/users.yaml). */
export const POLICY_ROLES = [
  'officer',
  'manager',
  'head-of-service',
  'head-of-policy',
  'policy-and-information-team',
  'director-of-finance',
] as const;

/** Callers signed in to a council: its staff, its tenant admin and an API key (officer scope). */
export const COUNCIL_CALLERS = [...POLICY_ROLES, 'tenant-admin', 'api-key'] as const;
export const CALLERS = [...COUNCIL_CALLERS, 'operator', 'anonymous'] as const;

export type CouncilCaller = (typeof COUNCIL_CALLERS)[number];
export type Caller = (typeof CALLERS)[number];

/** Holders of the policy's roles: read/work cases, register, audit, members. */
const STAFF: readonly Caller[] = [...POLICY_ROLES, 'api-key'];
/** Maidstone's `sensitiveFields.safeguardingReaders`; equality readers default to them. */
const SAFEGUARDING_READERS: readonly Caller[] = [
  'head-of-policy',
  'policy-and-information-team',
  'director-of-finance',
];
const ADMIN: readonly Caller[] = ['tenant-admin'];
/** Staff and tenant admins: own notifications, benchmarks, audit. */
const COUNCIL: readonly Caller[] = [...STAFF, ...ADMIN];
const OPERATOR: readonly Caller[] = ['operator'];
const EVERYONE: readonly Caller[] = CALLERS;
/** The one member of staff the fixture's notification is addressed to. */
const RECIPIENT: readonly Caller[] = ['manager'];

/** Who is let past authorisation on their own council's data, per root field. */
export const ALLOWED: Record<string, readonly Caller[]> = {
  'Query.apiKeys': ADMIN,
  'Query.auditTrail': COUNCIL,
  'Query.availableActions': STAFF,
  'Query.benchmarkReport': COUNCIL,
  'Query.case': STAFF,
  'Query.casePolicy': ADMIN,
  'Query.cases': STAFF,
  'Query.contactGuidance': STAFF,
  'Query.customer': STAFF,
  'Query.colleagues': STAFF,
  'Query.customers': STAFF,
  'Query.equalityReport': SAFEGUARDING_READERS,
  'Query.evidencePack': SAFEGUARDING_READERS,
  'Query.filedCorrespondence': STAFF,
  'Query.frontLineSettings': STAFF,
  'Query.health': EVERYONE,
  'Query.letter': STAFF,
  'Query.me': COUNCIL,
  'Query.myCouncil': ADMIN,
  'Query.memberPreferences': STAFF,
  'Query.myNotifications': COUNCIL,
  'Query.operatorLog': OPERATOR,
  'Query.policyCatalogue': COUNCIL,
  'Query.policyDiff': ADMIN,
  'Query.policyVersion': ADMIN,
  'Query.policyVersions': ADMIN,
  'Query.previewRegisterImport': ADMIN,
  'Query.proposal': STAFF,
  'Query.protectedCharacteristics': SAFEGUARDING_READERS,
  'Query.purgePreview': ADMIN,
  'Query.redactionMarks': SAFEGUARDING_READERS,
  'Query.register': STAFF,
  'Query.staffUsers': ADMIN,
  'Query.tenants': OPERATOR,
  'Query.validatePolicyDraft': ADMIN,
  'Query.verifyAuditChain': COUNCIL,

  'Mutation.actOnProposal': STAFF,
  'Mutation.importRegister': ADMIN,
  'Mutation.acceptIdentityProvider': ADMIN,
  'Mutation.activatePolicyVersion': ADMIN,
  'Mutation.addCaseNote': STAFF,
  'Mutation.assignRoles': ADMIN,
  'Mutation.breakGlassApprovePolicyActivation': OPERATOR,
  'Mutation.breakGlassApproveStaffChange': OPERATOR,
  'Mutation.breakGlassAssignRoles': OPERATOR,
  'Mutation.bindUserIdentity': ADMIN,
  'Mutation.attestCheck': STAFF,
  'Mutation.confirmFiledCorrespondence': STAFF,
  'Mutation.createApiKey': ADMIN,
  'Mutation.createCustomer': STAFF,
  'Mutation.createPolicyDraft': ADMIN,
  'Mutation.createTenant': OPERATOR,
  'Mutation.deactivateUser': ADMIN,
  'Mutation.decideAppeal': STAFF,
  'Mutation.decideDerestriction': STAFF,
  'Mutation.inviteUser': ADMIN,
  'Mutation.lodgeAppeal': STAFF,
  'Mutation.logContact': STAFF,
  'Mutation.logFiledCorrespondence': STAFF,
  'Mutation.markForRedaction': SAFEGUARDING_READERS,
  'Mutation.markLetterSent': STAFF,
  'Mutation.markNotificationRead': RECIPIENT,
  'Mutation.movesCaseToPolicyVersion': ADMIN,
  'Mutation.openCase': STAFF,
  'Mutation.placeLegalHold': STAFF,
  'Mutation.proposeTransition': STAFF,
  'Mutation.reactivateUser': ADMIN,
  'Mutation.recordConsultation': STAFF,
  'Mutation.recordProtectedCharacteristic': SAFEGUARDING_READERS,
  'Mutation.recordReferral': STAFF,
  'Mutation.recordReview': STAFF,
  'Mutation.reinstateTenant': OPERATOR,
  'Mutation.rejectIdentityProvider': ADMIN,
  'Mutation.releaseLegalHold': STAFF,
  'Mutation.removeRedactionMark': SAFEGUARDING_READERS,
  'Mutation.requestDerestriction': STAFF,
  'Mutation.revokeApiKey': ADMIN,
  'Mutation.setMemberOptIn': STAFF,
  'Mutation.setNextReview': STAFF,
  'Mutation.setTenantIdentityProvider': OPERATOR,
  'Mutation.suspendTenant': OPERATOR,
  'Mutation.updateCustomer': STAFF,
  'Mutation.updateFrontLineSettings': ADMIN,
  'Mutation.uploadPolicyDocument': ADMIN,
  'Mutation.updatePolicyDraft': ADMIN,
  'Mutation.withdrawProposal': STAFF,
};
