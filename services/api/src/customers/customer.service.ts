import { randomBytes } from 'node:crypto';
import { Customer } from '@conduct/db';
import type { z } from 'zod';
import { DomainError, notFound } from '@conduct/casework';
import type { RequestContext } from '../request/context';
import { audit, sessionOf } from '../casework/session';
import type { CustomerNode } from './customer.type';
import type { createCustomerSchema, updateCustomerSchema } from './customer.inputs';

const SAFEGUARDING_FIELDS = ['vulnerabilityFlags', 'safeguardingNotes'] as const;

/** Field-level permission: safeguarding details only for the roles the policy names. */
export function toCustomerNode(ctx: RequestContext, c: Customer): CustomerNode {
  return customerNodeOf(c, ctx.ability.can('read', 'SafeguardingDetails'));
}

/** `toCustomerNode` with the permission decided once, for a page of customers. */
export function customerNodeOf(c: Customer, mayRead: boolean): CustomerNode {
  return {
    id: c.id,
    reference: c.reference,
    fullName: c.fullName,
    email: c.email,
    phone: c.phone,
    address: c.address,
    representative: c.representative,
    reasonableAdjustments: c.reasonableAdjustments,
    vulnerabilityFlags: mayRead ? c.vulnerabilityFlags : null,
    safeguardingNotes: mayRead ? c.safeguardingNotes : null,
    createdAt: c.createdAt,
  };
}

function refuseSafeguardingWrite(ctx: RequestContext, input: object): void {
  const touched = SAFEGUARDING_FIELDS.filter(
    (f) => f in input && (input as Record<string, unknown>)[f] !== undefined,
  );
  if (touched.length && !ctx.ability.can('read', 'SafeguardingDetails')) {
    throw new DomainError('FORBIDDEN', `Your roles may not record ${touched.join(' or ')}`, {
      field: `input.${touched[0]}`,
    });
  }
}

export async function loadCustomer(ctx: RequestContext, id: string): Promise<Customer> {
  const { em } = sessionOf(ctx);
  const customer = await em.findOne(Customer, { where: { tenantId: em.tenantId, id } });
  if (!customer) throw notFound('Customer');
  return customer;
}

export async function createCustomer(
  ctx: RequestContext,
  input: z.infer<typeof createCustomerSchema>,
): Promise<Customer> {
  refuseSafeguardingWrite(ctx, input);
  const { em } = sessionOf(ctx);
  const now = ctx.services.clock.now();
  const reference = input.reference ?? `CUS-${randomBytes(4).toString('hex').toUpperCase()}`;
  const clash = await em.findOne(Customer, { where: { tenantId: em.tenantId, reference } });
  if (clash)
    throw new DomainError('BAD_USER_INPUT', 'input.reference: already used by another customer', {
      field: 'input.reference',
    });
  const customer = await em.save(
    em.create(Customer, {
      tenantId: em.tenantId,
      reference,
      fullName: input.fullName,
      email: input.email ?? null,
      phone: input.phone ?? null,
      address: input.address ?? null,
      representative: input.representative ?? null,
      reasonableAdjustments: input.reasonableAdjustments ?? null,
      vulnerabilityFlags: input.vulnerabilityFlags ?? [],
      safeguardingNotes: input.safeguardingNotes ?? null,
      createdAt: now,
      updatedAt: now,
      purgedAt: null,
    }),
  );
  await audit(ctx, {
    action: 'customer.created',
    entityType: 'customer',
    entityId: customer.id,
    payload: { fields: Object.keys(input) },
  });
  return customer;
}

export async function updateCustomer(
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof updateCustomerSchema>,
): Promise<Customer> {
  refuseSafeguardingWrite(ctx, input);
  const customer = await loadCustomer(ctx, id);
  if (customer.purgedAt)
    throw new DomainError('BAD_USER_INPUT', 'This customer’s records have been purged', {
      field: 'id',
    });
  const { em } = sessionOf(ctx);
  const changed = Object.keys(input).filter(
    (k) => (input as Record<string, unknown>)[k] !== undefined,
  );
  Object.assign(customer, input, { updatedAt: ctx.services.clock.now() });
  await em.save(customer);
  await audit(ctx, {
    action: 'customer.updated',
    entityType: 'customer',
    entityId: id,
    payload: { fields: changed },
  });
  return customer;
}
