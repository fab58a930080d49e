import { IsNull } from 'typeorm';
import { MemberPreference } from '@conduct/db';
import type { Policy } from '@conduct/policy';
import type { z } from 'zod';
import type { RequestContext } from '../request/context';
import { audit, sessionOf } from '../casework/session';
import { loadCustomer } from '../customers/customer.service';
import { policyViolation } from '../decisions/policy-violation';
import type { setMemberOptInSchema } from './member.inputs';
import type { MemberPreferenceNode } from './member.type';

/** Whether a member with this choice is told, under the council's arrangement. */
function informed(policy: Policy, optedIn: boolean): boolean {
  const arrangement = policy.dissemination.electedMembers.arrangement;
  if (arrangement === 'informed') return true;
  if (arrangement === 'not-informed') return false;
  return optedIn;
}

export function toMemberPreferenceNode(policy: Policy, m: MemberPreference): MemberPreferenceNode {
  return {
    id: m.id,
    memberName: m.memberName,
    ward: m.ward,
    customerId: m.customerId,
    optedIn: m.optedIn,
    informed: informed(policy, m.optedIn),
    updatedBy: m.updatedBy,
    updatedAt: m.updatedAt,
  };
}

/** Records an elected member's choice; only where the policy gives members one (opt-in or opt-out). */
export async function setMemberOptIn(
  ctx: RequestContext,
  input: z.infer<typeof setMemberOptInSchema>,
): Promise<MemberPreference> {
  const session = sessionOf(ctx);
  const { em, policy } = session;
  const arrangement = policy.dissemination.electedMembers.arrangement;
  if (arrangement !== 'opt-in' && arrangement !== 'opt-out') {
    throw policyViolation([
      {
        code: 'NO_MEMBER_CHOICE',
        message:
          arrangement === 'informed'
            ? 'Under this council’s policy elected members are always told about arrangements; they do not opt in or out.'
            : 'Under this council’s policy elected members are not told about arrangements, so there is nothing to opt in to.',
      },
    ]);
  }
  const customerId = input.customerId ? (await loadCustomer(ctx, input.customerId)).id : null;
  if (customerId && !policy.dissemination.electedMembers.perCustomer) {
    throw policyViolation([
      {
        code: 'NO_PER_CUSTOMER_CHOICE',
        message:
          'Under this council’s policy a member’s choice covers every arrangement; it is not given customer by customer.',
      },
    ]);
  }
  const now = ctx.services.clock.now();
  const existing = await em.findOne(MemberPreference, {
    where: {
      tenantId: em.tenantId,
      memberName: input.memberName,
      customerId: customerId ?? IsNull(),
    },
    lock: { mode: 'pessimistic_write' },
  });
  const row =
    existing ??
    em.create(MemberPreference, {
      tenantId: em.tenantId,
      memberName: input.memberName,
      customerId,
    });
  row.optedIn = input.optedIn;
  if (input.ward !== undefined) row.ward = input.ward ?? null;
  row.ward ??= null;
  row.updatedBy = session.user.id;
  row.updatedAt = now;
  const saved = await em.save(row);
  await audit(ctx, {
    action: existing ? 'member-preference.updated' : 'member-preference.created',
    entityType: 'member_preference',
    entityId: saved.id,
    payload: { optedIn: input.optedIn, arrangement, customerId },
  });
  return saved;
}

export function listMemberPreferences(ctx: RequestContext): Promise<MemberPreference[]> {
  const { em } = sessionOf(ctx);
  return em.find(MemberPreference, {
    where: { tenantId: em.tenantId },
    order: { memberName: 'ASC', customerId: 'ASC' },
  });
}
