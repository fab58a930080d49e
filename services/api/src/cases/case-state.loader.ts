import {
  CheckAttestation,
  Consultation,
  Contact,
  Decision,
  Letter,
  type ManagedCase,
  Proposal,
  ProposalStep,
  Restriction,
} from '@conduct/db';
import type { CaseState, ProposalState } from '@conduct/policy';
import type { RequestContext } from '../request/context';
import { sessionOf } from '../casework/session';

/**
 * Everything the engine needs to know about a case, read from the database in
 * the request's transaction. The engine itself never touches the database.
 */
export async function loadCaseState(ctx: RequestContext, c: ManagedCase): Promise<CaseState> {
  const { em } = sessionOf(ctx);
  const where = { tenantId: c.tenantId, caseId: c.id };
  const [contacts, checks, decisions, restrictions, proposal, letters] = await Promise.all([
    em.find(Contact, { where, order: { occurredAt: 'ASC' } }),
    em.find(CheckAttestation, { where }),
    em.find(Decision, { where, order: { decidedAt: 'ASC' } }),
    em.find(Restriction, { where: { ...where, status: 'active' } }),
    em.findOne(Proposal, { where: { ...where, status: 'open' } }),
    em.find(Letter, { where, select: { decisionId: true, sentAt: true } }),
  ]);
  return {
    stage: c.stage,
    openedAt: c.openedAt,
    attestedChecks: checks.map((a) => a.checkKey),
    attestations: checks.map((a) => ({ checkKey: a.checkKey, attestedAt: a.attestedAt })),
    letters: letters.map((l) => ({ decisionId: l.decisionId, sentAt: l.sentAt })),
    contacts: contacts.map((x) => ({
      id: x.id,
      occurredAt: x.occurredAt,
      behaviourCategories: x.behaviourCategories,
      severity: x.severity,
    })),
    decisions: decisions.map((d) => ({
      id: d.id,
      kind: d.kind,
      transitionKey: d.transitionKey ?? undefined,
      fromStage: d.fromStage ?? undefined,
      toStage: d.toStage ?? undefined,
      decidedAt: d.decidedAt,
      participants: d.participants,
      appealOf: d.appealOf ?? undefined,
    })),
    activeRestrictions: restrictions.map((r) => ({
      id: r.id,
      type: r.type,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
    })),
    openProposal: proposal ? await loadProposalState(ctx, proposal) : undefined,
    lastActivityAt: c.lastActivityAt,
    closedAt: c.closedAt ?? undefined,
    dormantAt: c.dormantAt ?? undefined,
  };
}

export async function loadProposalState(ctx: RequestContext, p: Proposal): Promise<ProposalState> {
  const { em } = sessionOf(ctx);
  const [steps, consultations] = await Promise.all([
    em.find(ProposalStep, {
      where: { tenantId: p.tenantId, proposalId: p.id },
      order: { position: 'ASC' },
    }),
    em.find(Consultation, { where: { tenantId: p.tenantId, proposalId: p.id } }),
  ]);
  return {
    id: p.id,
    transitionKey: p.transitionKey,
    proposedBy: p.proposedBy,
    proposedAt: p.proposedAt,
    // Only an open proposal is asked about, and a withdrawal closes one.
    steps: steps.flatMap(({ action, ...s }) =>
      action === 'withdraw'
        ? []
        : [{ step: s.step, userId: s.userId, role: s.role, action, at: s.actedAt }],
    ),
    consultationsRecorded: consultations.map((x) => x.consultee),
    exceptional: p.exceptional,
    principalUnavailable: p.principalUnavailable,
    evidenceContactIds: p.evidenceContactIds,
  };
}
