import { Contact, Customer, ManagedCase } from '@conduct/db';
import type { z } from 'zod';
import { DomainError, notFound } from '@conduct/casework';
import type { RequestContext } from '../request/context';
import { audit, sessionOf } from '../casework/session';
import { policyOfCase, touchCase } from '../cases/case.service';
import { noticeStaffOfContact } from '../notifications/contact-notices';
import type { logContactSchema } from '../cases/case.inputs';
import { refuseImplausibleContactDate } from './contact-date';

/**
 * Logs a contact: always accepted, restricted customer or not (the product never
 * blanket-blocks). Channel and behaviour categories must be in the catalogue of
 * the policy that governs it (the case's version, else the active one).
 */
export async function logContact(
  ctx: RequestContext,
  input: z.infer<typeof logContactSchema>,
): Promise<Contact> {
  const session = sessionOf(ctx);
  const { em } = session;
  const customer = await em.findOne(Customer, {
    where: { tenantId: em.tenantId, id: input.customerId },
  });
  if (!customer) throw notFound('Customer');
  let policy = session.policy;
  let theCase: ManagedCase | undefined;
  if (input.caseId) {
    theCase =
      (await em.findOne(ManagedCase, { where: { tenantId: em.tenantId, id: input.caseId } })) ??
      undefined;
    if (!theCase) throw notFound('Case');
    if (theCase.customerId !== customer.id) {
      throw new DomainError('BAD_USER_INPUT', 'input.caseId: the case is about another customer', {
        field: 'input.caseId',
      });
    }
    policy = await policyOfCase(ctx, theCase);
  }
  if (!(input.channel in policy.channels)) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `input.channel: '${input.channel}' is not a channel of this council’s policy`,
      {
        field: 'input.channel',
        allowed: Object.keys(policy.channels),
      },
    );
  }
  const unknown = input.behaviourCategories.filter((b) => !(b in policy.behaviourCategories));
  if (unknown.length) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `input.behaviourCategories: '${unknown[0]}' is not a behaviour category of this council’s policy`,
      {
        field: 'input.behaviourCategories',
        allowed: Object.keys(policy.behaviourCategories),
      },
    );
  }
  const now = ctx.services.clock.now();
  refuseImplausibleContactDate(input.occurredAt, now, 'input.occurredAt');
  const contact = await em.save(
    em.create(Contact, {
      tenantId: em.tenantId,
      caseId: theCase?.id ?? null,
      customerId: customer.id,
      occurredAt: input.occurredAt,
      channel: input.channel,
      behaviourCategories: input.behaviourCategories,
      severity: input.severity,
      description: input.description ?? null,
      staffAffected: input.staffAffected ?? null,
      newIssue: input.newIssue ?? false,
      recordedBy: session.user.id,
      recordedAt: now,
    }),
  );
  if (theCase) await touchCase(ctx, theCase);
  await audit(ctx, {
    action: 'contact.logged',
    entityType: 'contact',
    entityId: contact.id,
    caseId: theCase?.id ?? null,
    payload: {
      customerId: customer.id,
      channel: input.channel,
      severity: input.severity,
      categories: input.behaviourCategories,
    },
  });
  await noticeStaffOfContact(ctx, contact, (c) => policyOfCase(ctx, c));
  return contact;
}
