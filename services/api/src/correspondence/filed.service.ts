import { FiledCorrespondence, ManagedCase, Restriction } from '@conduct/db';
import { policyViolation, DomainError, notFound } from '@conduct/casework';
import type { z } from 'zod';
import type { RequestContext } from '../request/context';
import { accessibleWhere } from '../authorization/accessible-where';
import { audit, sessionOf } from '../casework/session';
import { policyOfCase } from '../cases/case.service';
import { loadCustomer } from '../customers/customer.service';
import { loadSettings } from '../documents/settings.service';
import { channelInfo, WRITTEN } from '../guidance/channel-kinds';
import { activeRestrictions } from '../guidance/guidance.service';
import { filesWithoutReply } from '../guidance/measures';
import type { confirmFiledSchema, logFiledSchema } from './filed.inputs';
import { FiledStatus, type FiledCorrespondenceNode, type FiledOutcomeValue } from './filed.type';
import { addWorkingDays } from './working-days';
import { refuseImplausibleContactDate } from '../contacts/contact-date';

export function statusOf(f: FiledCorrespondence, now: Date): FiledStatus {
  if (f.confirmedAt) return FiledStatus.CONFIRMED;
  if (f.escalatedAt) return FiledStatus.ESCALATED;
  return f.reviewDueAt <= now ? FiledStatus.OVERDUE : FiledStatus.PENDING;
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

export function toFiledNode(
  f: FiledCorrespondence,
  caseReference: string,
  restriction: Pick<Restriction, 'parameters'> | undefined,
  now: Date,
): FiledCorrespondenceNode {
  const p = restriction?.parameters ?? {};
  return {
    id: f.id,
    caseId: f.caseId,
    caseReference,
    customerId: f.customerId,
    restrictionId: f.restrictionId,
    channel: f.channel,
    receivedAt: f.receivedAt,
    summary: f.summary,
    designatedOfficer: str(p.officer),
    topic: str(p.topic) ?? str(p.matter),
    loggedAt: f.loggedAt,
    reviewDueAt: f.reviewDueAt,
    status: statusOf(f, now),
    confirmedAt: f.confirmedAt,
    confirmedBy: f.confirmedBy,
    outcome: f.outcome as FiledOutcomeValue | null,
    confirmationNote: f.confirmationNote,
    escalatedAt: f.escalatedAt,
    escalatedTo: f.escalatedTo,
  };
}

async function nodeOf(
  ctx: RequestContext,
  f: FiledCorrespondence,
): Promise<FiledCorrespondenceNode> {
  const { em } = sessionOf(ctx);
  const [c, r] = await Promise.all([
    em.findOneOrFail(ManagedCase, { where: { tenantId: em.tenantId, id: f.caseId } }),
    em.findOne(Restriction, { where: { tenantId: em.tenantId, id: f.restrictionId } }),
  ]);
  return toFiledNode(f, c.reference, r ?? undefined, ctx.services.clock.now());
}

/**
 * Logs an item that an active restriction says is read and filed without
 * reply (LGSCO: someone must still read it for new information or
 * safeguarding concerns). Refused when no such restriction is in force: then
 * the contact is dealt with as usual.
 */
export async function logFiled(
  ctx: RequestContext,
  input: z.infer<typeof logFiledSchema>,
): Promise<FiledCorrespondenceNode> {
  const s = sessionOf(ctx);
  const now = ctx.services.clock.now();
  const customer = await loadCustomer(ctx, input.customerId);
  if (!s.policy.channels[input.channel])
    throw new DomainError(
      'BAD_USER_INPUT',
      `input.channel: '${input.channel}' is not a channel of your policy`,
      {
        field: 'input.channel',
      },
    );
  const kind = channelInfo(s.policy, input.channel).kind;
  if (!kind || !WRITTEN.includes(kind))
    throw new DomainError('BAD_USER_INPUT', 'input.channel: only written correspondence is filed', {
      field: 'input.channel',
    });
  refuseImplausibleContactDate(input.receivedAt, now, 'input.receivedAt');
  const candidates = (await activeRestrictions(s.em, [customer.id], now)).filter(
    (r) => filesWithoutReply(r.type) && (!input.restrictionId || r.id === input.restrictionId),
  );
  if (candidates.length === 0)
    throw new DomainError(
      'POLICY_VIOLATION',
      'No restriction in force says this customer’s correspondence is filed without reply: deal with it as usual',
      { field: 'input.customerId' },
    );
  if (candidates.length > 1)
    throw new DomainError(
      'BAD_USER_INPUT',
      'input.restrictionId: several restrictions apply; say which',
      {
        field: 'input.restrictionId',
      },
    );
  const r = candidates[0]!;
  const settings = await loadSettings(s.em);
  const row = await s.em.save(
    s.em.create(FiledCorrespondence, {
      tenantId: s.em.tenantId,
      caseId: r.case_id,
      customerId: customer.id,
      restrictionId: r.id,
      channel: input.channel,
      receivedAt: input.receivedAt,
      summary: input.summary ?? null,
      loggedBy: s.user.id,
      loggedAt: now,
      reviewDueAt: addWorkingDays(now, settings.filedReviewWorkingDays),
      confirmedBy: null,
      confirmedAt: null,
      outcome: null,
      confirmationNote: null,
      escalatedAt: null,
      escalatedTo: [],
    }),
  );
  await audit(ctx, {
    action: 'filed-correspondence.logged',
    entityType: 'filed_correspondence',
    entityId: row.id,
    caseId: r.case_id,
    payload: { restrictionId: r.id, customerId: customer.id, channel: input.channel },
  });
  return nodeOf(ctx, row);
}

export async function loadFiled(ctx: RequestContext, id: string): Promise<FiledCorrespondence> {
  const { em } = sessionOf(ctx);
  const where = accessibleWhere(ctx.ability, 'read', 'Case', 'f');
  const row = await em
    .createQueryBuilder(FiledCorrespondence, 'f')
    .where(where.sql, where.params)
    .andWhere('f.id = :id', { id })
    .getOne();
  if (!row) throw notFound('Filed correspondence');
  return row;
}

/**
 * The staff users the item's measure links as its designated officer (a
 * `staff-user` parameter, e.g. Maidstone §5.1 "read (by the designated officer
 * only)"); empty when none is linked, and then any member of staff confirms.
 */
async function designatedReaders(ctx: RequestContext, f: FiledCorrespondence): Promise<string[]> {
  const { em } = sessionOf(ctx);
  const [c, r] = await Promise.all([
    em.findOneOrFail(ManagedCase, { where: { tenantId: em.tenantId, id: f.caseId } }),
    em.findOne(Restriction, { where: { tenantId: em.tenantId, id: f.restrictionId } }),
  ]);
  const specs = (await policyOfCase(ctx, c)).restrictionTypes[r?.type ?? '']?.parameters ?? {};
  return Object.entries(specs)
    .filter(([, spec]) => spec.type === 'staff-user')
    .map(([name]) => r?.parameters[name])
    .filter((v): v is string => typeof v === 'string');
}

/** The designated officer confirms they read it; a confirmed item never escalates. */
export async function confirmFiled(
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof confirmFiledSchema>,
): Promise<FiledCorrespondenceNode> {
  const s = sessionOf(ctx);
  const row = await loadFiled(ctx, id);
  if (row.confirmedAt) throw new DomainError('CONFLICT', 'This item has already been confirmed');
  const designated = await designatedReaders(ctx, row);
  if (designated.length > 0 && !designated.includes(s.user.id)) {
    throw policyViolation([
      {
        code: 'NOT_DESIGNATED_OFFICER',
        message:
          'This correspondence is read by the designated officer only: they confirm it, nobody else.',
      },
    ]);
  }
  if (input.outcome !== 'no-new-information' && !input.note)
    throw new DomainError('BAD_USER_INPUT', 'input.note: say what was found', {
      field: 'input.note',
    });
  // Guarded update: two officers confirming at once cannot both win.
  const now = ctx.services.clock.now();
  const updated = (await s.em.query(
    `update filed_correspondence set confirmed_by = $3, confirmed_at = $4, outcome = $5, confirmation_note = $6
      where tenant_id = $1 and id = $2 and confirmed_at is null returning id`,
    [s.em.tenantId, id, s.user.id, now, input.outcome, input.note ?? null],
  )) as [unknown[], number];
  if (updated[1] !== 1) throw new DomainError('CONFLICT', 'This item has already been confirmed');
  await audit(ctx, {
    action: 'filed-correspondence.confirmed',
    entityType: 'filed_correspondence',
    entityId: id,
    caseId: row.caseId,
    payload: { outcome: input.outcome, wasEscalated: !!row.escalatedAt },
  });
  return nodeOf(ctx, await loadFiled(ctx, id));
}
