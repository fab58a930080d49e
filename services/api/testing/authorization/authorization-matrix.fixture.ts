import { randomUUID } from 'node:crypto';
import {
  Appeal,
  AppUser,
  DerestrictionRequest,
  FiledCorrespondence,
  Letter,
  ManagedCase,
  Notification,
  PolicyVersion,
  Proposal,
  ProposalStep,
  RedactionMark,
  withTenant,
} from '@conduct/db';
import { checkPolicyText } from '@conduct/policy';
import { seedFrontLine } from '../guidance/front-line.fixture';
import type { TestApi } from '../test-api';
import { CALLERS, type Caller } from './authorization-matrix.table';

/**
 * One row of everything a root operation can name by id, in one council: the
 * matrix calls each operation with its own council's set, another council's
 * set, and a set of ids that exist nowhere.
 */
export interface MatrixTargets {
  /** A council for the operator's tenant operations (own: a bystander council it may suspend). */
  councilId: string;
  customerId: string;
  /** An open case in the policy's first stage, with an open proposal. */
  caseId: string;
  proposalId: string;
  /** A case under a restriction, with its decision, letter, appeal and requests. */
  restrictedCaseId: string;
  decisionId: string;
  restrictionId: string;
  letterId: string;
  notificationId: string;
  appealId: string;
  derestrictionRequestId: string;
  filedId: string;
  /** One mark per caller, since removing one is not repeatable. */
  redactionMarkIds: Record<Caller, string>;
  activeVersionId: string;
  /** A copy of the active policy: activating it changes no rule. */
  draftId: string;
  /** A member of staff no caller is: deactivated, reactivated and re-roled freely. */
  staffUserId: string;
  /** An API key no caller uses, free to revoke. */
  apiKeyId: string;
}

/** The same shape with every id replaced by one that exists in no council. */
export function ghostTargets(t: MatrixTargets): MatrixTargets {
  const ghost = (v: unknown): unknown =>
    typeof v === 'string'
      ? randomUUID()
      : Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, ghost(x)]));
  return ghost(t) as MatrixTargets;
}

export async function seedMatrixTargets(
  api: TestApi,
  slug: string,
  opts: { councilId: string; notify: string },
): Promise<MatrixTargets> {
  const front = await seedFrontLine(api, {
    slug,
    fullName: 'Matrix Customer',
    restrictions: [{ type: 'single-point-of-contact', parameters: { officer: 'J. Smith' } }],
  });
  const now = api.clock.now();
  const rows = await withTenant(api.ds, api.tenants[slug]!, async (em) => {
    const active = await em.findOneOrFail(PolicyVersion, {
      where: { tenantId: em.tenantId, status: 'active' },
    });
    const policy = checkPolicyText(active.sourceText, active.sourceFormat).policy!;
    const users = await em.find(AppUser, { where: { tenantId: em.tenantId } });
    const officer = users.find((u) => u.roles.includes('officer'))!;
    const recipient = users.find((u) => u.email === `${opts.notify}@${slug}.example`)!;
    const move = policy.stages[policy.initialStage]!.transitions[0]!;
    const create = <T extends object>(entity: new () => T, row: Partial<T>) =>
      em.save(em.create(entity, { tenantId: em.tenantId, ...row } as T));

    const open = await create(ManagedCase, {
      reference: `MATRIX-${slug}`,
      customerId: front.customerId,
      policyVersionId: active.id,
      stage: policy.initialStage,
      status: 'open',
      serviceAreas: [],
      linkedReferences: [],
      summary: null,
      legalHold: false,
      openedAt: now,
      openedBy: officer.id,
      stageEnteredAt: now,
      lastActivityAt: now,
      closedAt: null,
      dormantAt: null,
      reviewDueAt: null,
      retentionDueAt: null,
    });
    const proposal = await create(Proposal, {
      caseId: open.id,
      transitionKey: move.key,
      fromStage: policy.initialStage,
      toStage: move.to,
      rationale: 'Repeated contact about a closed matter.',
      evidenceContactIds: [],
      restrictions: [],
      durationMonths: null,
      indefinite: false,
      exceptional: false,
      principalUnavailable: false,
      status: 'open',
      proposedBy: officer.id,
      proposedAt: now,
      closedAt: null,
    });
    await create(ProposalStep, {
      proposalId: proposal.id,
      position: 0,
      step: 'propose',
      action: 'propose',
      role: 'officer',
      userId: officer.id,
      note: null,
      actedAt: now,
    });
    const restricted = { caseId: front.caseId!, decisionId: front.decisionId! };
    const letter = await create(Letter, {
      ...restricted,
      templateKey: 'matrix',
      title: 'Matrix letter',
      body: 'Body',
      sections: [],
      status: 'draft',
      createdAt: now,
      sentAt: null,
      sentBy: null,
    });
    const notification = await create(Notification, {
      kind: 'review-reminder',
      caseId: front.caseId!,
      dueDate: '2026-02-01',
      recipientId: recipient.id,
      role: recipient.roles[0]!,
      title: 'Review due',
      body: 'A review is due.',
      createdAt: now,
      readAt: null,
      emailClaimedAt: null,
      emailedAt: null,
    });
    const appeal = await create(Appeal, {
      ...restricted,
      grounds: 'The decision was wrong.',
      lodgedAt: now,
      lodgedBy: officer.id,
      status: 'lodged',
      decidedBy: null,
      decidedAt: null,
      note: null,
      outcomeDecisionId: null,
    });
    const derestriction = await create(DerestrictionRequest, {
      caseId: front.caseId!,
      restrictionId: front.restrictionIds[0]!,
      reason: 'Things have changed.',
      exceptional: true,
      requestedAt: now,
      recordedBy: officer.id,
      status: 'pending',
      decidedBy: null,
      decidedAt: null,
      note: null,
      decisionId: null,
    });
    const filed = await create(FiledCorrespondence, {
      caseId: front.caseId!,
      customerId: front.customerId,
      restrictionId: front.restrictionIds[0]!,
      channel: 'letter',
      receivedAt: now,
      summary: null,
      loggedBy: officer.id,
      loggedAt: now,
      reviewDueAt: new Date(now.getTime() + 7 * 86_400_000),
      confirmedBy: null,
      confirmedAt: null,
      outcome: null,
      confirmationNote: null,
      escalatedAt: null,
      escalatedTo: [],
    });
    const marks: string[] = [];
    for (let i = 0; i < CALLERS.length; i++) {
      const mark = await create(RedactionMark, {
        customerId: front.customerId,
        caseId: null,
        term: `Neighbour ${i}`,
        category: 'third-party',
        reason: 'A third party named in a note.',
        markedBy: officer.id,
        markedAt: now,
      });
      marks.push(mark.id);
    }
    return {
      activeVersionId: active.id,
      activeText: active.sourceText,
      caseId: open.id,
      proposalId: proposal.id,
      letterId: letter.id,
      notificationId: notification.id,
      appealId: appeal.id,
      derestrictionRequestId: derestriction.id,
      filedId: filed.id,
      redactionMarkIds: Object.fromEntries(CALLERS.map((c, i) => [c, marks[i]!])),
    };
  });

  const admin = await api.token(slug, `admin@${slug}.example`);
  const made = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const res = await api.gql<T>(query, variables, admin);
    if (res.errors) throw new Error(`${slug} fixture: ${JSON.stringify(res.errors)}`);
    return res.data!;
  };
  const draft = await made<{ createPolicyDraft: { id: string } }>(
    `mutation($input: PolicyDraftInput!) { createPolicyDraft(input: $input) { id } }`,
    { input: { text: rows.activeText } },
  );
  const staff = await made<{ inviteUser: { id: string } }>(
    `mutation($input: InviteUserInput!) { inviteUser(input: $input) { id } }`,
    { input: { email: `matrix@${slug}.example`, displayName: 'Matrix', roles: ['officer'] } },
  );
  const key = await made<{ createApiKey: { apiKey: { id: string } } }>(
    `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }`,
    // API keys never hold a deciding role; Southampton's officers propose.
    {
      input: {
        name: 'Matrix spare key',
        roles: [slug === 'southampton' ? 'complaints-resolution-team' : 'officer'],
      },
    },
  );
  const { activeText: _text, ...ids } = rows;
  return {
    ...ids,
    councilId: opts.councilId,
    customerId: front.customerId,
    restrictedCaseId: front.caseId!,
    decisionId: front.decisionId!,
    restrictionId: front.restrictionIds[0]!,
    redactionMarkIds: rows.redactionMarkIds as Record<Caller, string>,
    draftId: draft.createPolicyDraft.id,
    staffUserId: staff.inviteUser.id,
    apiKeyId: key.createApiKey.apiKey.id,
  };
}
