import { IsNull } from 'typeorm';
import {
  AppUser,
  Consultation,
  DerestrictionRequest,
  type ManagedCase,
  Proposal,
  Review,
} from '@conduct/db';
import { type Policy, roleList } from '@conduct/policy';
import type { z } from 'zod';
import { DomainError, notFound, policyViolation } from '@conduct/casework';
import type { RequestContext } from '../request/context';
import { audit, sessionOf } from '../casework/session';
import { loadCase, policyOfCase, touchCase } from '../cases/case.service';
import { ConsultationSubject, type recordConsultationSchema } from './consultation.inputs';
import type { ConsultationNode } from './consultation.type';

type RecordConsultationArgs = z.infer<typeof recordConsultationSchema>;

export const toConsultationNode = (c: Consultation): ConsultationNode => ({
  id: c.id,
  subject: c.subject as ConsultationSubject,
  proposalId: c.proposalId,
  derestrictionRequestId: c.derestrictionRequestId,
  reviewId: c.reviewId,
  consultee: c.consultee,
  consultedUserId: c.consultedUserId,
  consultedName: c.consultedName,
  note: c.note,
  recordedBy: c.recordedBy,
  recordedAt: c.recordedAt,
});

const badInput = (field: string, message: string) =>
  new DomainError('BAD_USER_INPUT', `input.${field}: ${message}`, { field: `input.${field}` });

/** What the consultation informs, and the roles (besides the consultee) that may record it. */
interface Target {
  proposalId: string | null;
  derestrictionRequestId: string | null;
  recorders: string[];
  /** Whoever proposed it may record it too. */
  proposedBy?: string;
}

async function targetOf(
  ctx: RequestContext,
  c: ManagedCase,
  policy: Policy,
  input: RecordConsultationArgs,
): Promise<Target> {
  const { em } = sessionOf(ctx);
  if (input.subject === ConsultationSubject.REVIEW) {
    const review = policy.stages[c.stage]?.review;
    if (!review) {
      throw policyViolation([
        {
          code: 'NO_REVIEW',
          message: 'Cases at this stage are not reviewed: nothing to consult on.',
        },
      ]);
    }
    return {
      proposalId: null,
      derestrictionRequestId: null,
      recorders: roleList(review.reviewers),
    };
  }
  if (input.subject === ConsultationSubject.DERESTRICTION) {
    if (!input.derestrictionRequestId) {
      throw badInput('derestrictionRequestId', 'name the request to lift restrictions');
    }
    const request = await em.findOne(DerestrictionRequest, {
      where: { tenantId: em.tenantId, id: input.derestrictionRequestId, caseId: c.id },
    });
    if (!request) throw notFound('Derestriction request');
    if (request.status !== 'pending') {
      throw policyViolation([
        { code: 'REQUEST_DECIDED', message: 'This request has already been decided.' },
      ]);
    }
    return {
      proposalId: null,
      derestrictionRequestId: request.id,
      recorders: roleList(policy.derestriction?.decidedBy),
    };
  }
  const proposal = await em.findOne(Proposal, {
    where: { tenantId: c.tenantId, caseId: c.id, status: 'open' },
  });
  if (!proposal) {
    throw policyViolation([
      { code: 'NO_PROPOSAL', message: 'There is no open proposal on this case to consult on.' },
    ]);
  }
  const transition = policy.stages[proposal.fromStage]?.transitions.find(
    (t) => t.key === proposal.transitionKey,
  );
  const chain = (transition?.approval ?? []).flatMap((s) => [
    ...roleList(s.role),
    ...roleList(s.deputy?.role),
  ]);
  return {
    proposalId: proposal.id,
    derestrictionRequestId: null,
    recorders: chain,
    proposedBy: proposal.proposedBy,
  };
}

/**
 * Who was consulted: the recorder themselves when they hold the consultee
 * role and name nobody else; otherwise the staff user or person they name.
 */
async function consultedPerson(
  ctx: RequestContext,
  input: RecordConsultationArgs,
): Promise<{ consultedUserId: string | null; consultedName: string | null }> {
  const { em, user, actor } = sessionOf(ctx);
  if (input.consultedUserId) {
    const named = await em.findOne(AppUser, {
      where: { tenantId: em.tenantId, id: input.consultedUserId, active: true },
    });
    if (!named?.roles.includes(input.consultee)) {
      throw badInput(
        'consultedUserId',
        `not an active member of staff holding '${input.consultee}'`,
      );
    }
    return { consultedUserId: named.id, consultedName: input.consultedName ?? null };
  }
  if (input.consultedName) return { consultedUserId: null, consultedName: input.consultedName };
  if (actor.roles.includes(input.consultee))
    return { consultedUserId: user.id, consultedName: null };
  throw badInput(
    'consultedName',
    'say who was consulted (consultedUserId or consultedName) when you were not consulted yourself',
  );
}

/**
 * Records a consultation the policy requires (Southampton: the CRM with the
 * Head of Service Legal; Cheshire §7: reviews with the Directors; London §9:
 * the Chief Executive with such staff as he considers appropriate): by the
 * person consulted, or by someone who takes the decision it informs (the
 * proposer, a role in the approval chain, a reviewer, the derestriction
 * decider) naming the person consulted. Audited with ids and the role only.
 */
export async function recordConsultation(
  ctx: RequestContext,
  input: RecordConsultationArgs,
): Promise<Consultation> {
  const session = sessionOf(ctx);
  const { em } = session;
  const c = await loadCase(ctx, input.caseId, { lock: true });
  if (c.status === 'purged') {
    throw policyViolation([
      {
        code: 'CASE_PURGED',
        message: 'This case’s records were purged; nothing more can be decided on it.',
      },
    ]);
  }
  const policy = await policyOfCase(ctx, c);
  if (!(input.consultee in policy.roles)) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `input.consultee: '${input.consultee}' is not a role of this council’s policy`,
      { field: 'input.consultee', allowed: Object.keys(policy.roles) },
    );
  }
  const target = await targetOf(ctx, c, policy, input);
  const roles = session.actor.roles;
  const mayRecord =
    roles.includes(input.consultee) ||
    target.proposedBy === session.user.id ||
    target.recorders.some((r) => roles.includes(r));
  if (!mayRecord) {
    throw policyViolation([
      {
        code: 'NOT_CONSULTATION_RECORDER',
        message:
          'A consultation is recorded by the person consulted, or by someone who takes the decision it informs.',
      },
    ]);
  }
  const person = await consultedPerson(ctx, input);
  const row = await em.save(
    em.create(Consultation, {
      tenantId: c.tenantId,
      caseId: c.id,
      proposalId: target.proposalId,
      derestrictionRequestId: target.derestrictionRequestId,
      reviewId: null,
      subject: input.subject,
      consultee: input.consultee,
      ...person,
      note: input.note,
      recordedBy: session.user.id,
      recordedAt: ctx.services.clock.now(),
    }),
  );
  await touchCase(ctx, c);
  await audit(ctx, {
    action: 'consultation.recorded',
    entityType: 'consultation',
    entityId: row.id,
    caseId: c.id,
    payload: {
      proposalId: target.proposalId,
      derestrictionRequestId: target.derestrictionRequestId,
      subject: input.subject,
      consultee: input.consultee,
      consultedUserId: person.consultedUserId,
    },
  });
  return row;
}

/** Review consultations recorded since the last review (each counts for one review). */
export function pendingReviewConsultations(ctx: RequestContext, c: ManagedCase) {
  const { em } = sessionOf(ctx);
  return em.find(Consultation, {
    where: { tenantId: c.tenantId, caseId: c.id, subject: 'review', reviewId: IsNull() },
  });
}

/**
 * The pending review consultations count for this review and no later one;
 * the review keeps their role keys. Returns those role keys.
 */
export async function spendReviewConsultations(
  ctx: RequestContext,
  c: ManagedCase,
  reviewId: string,
): Promise<string[]> {
  const { em } = sessionOf(ctx);
  const [rows] = (await em.query(
    `update consultation set review_id = $3
      where tenant_id = $1 and case_id = $2 and subject = 'review' and review_id is null
      returning consultee`,
    [c.tenantId, c.id, reviewId],
  )) as [{ consultee: string }[], number];
  const roles = [...new Set(rows.map((r) => r.consultee))];
  if (roles.length > 0) {
    await em.update(Review, { tenantId: c.tenantId, id: reviewId }, { consultations: roles });
  }
  return roles;
}

/** Role keys of the consultations recorded for a request to lift restrictions. */
export async function derestrictionConsultations(
  ctx: RequestContext,
  requestId: string,
): Promise<string[]> {
  const { em } = sessionOf(ctx);
  const rows = await em.find(Consultation, {
    where: { tenantId: em.tenantId, derestrictionRequestId: requestId },
  });
  return rows.map((r) => r.consultee);
}
