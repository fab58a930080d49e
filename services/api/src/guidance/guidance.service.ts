import { Customer, type TenantEntityManager } from '@conduct/db';
import { canReadSafeguarding } from '@conduct/policy';
import { DomainError } from '@conduct/casework';
import type { RequestContext } from '../request/context';
import { accessibleWhere } from '../authorization/accessible-where';
import { audit, sessionOf } from '../casework/session';
import { SqlParams, columnsOf } from '../graphql/read-rows';
import { channelInfo } from './channel-kinds';
import { type ActiveMeasure, channelGuidance } from './measures';
import type {
  ContactGuidance,
  GuidanceCaseDetail,
  GuidanceDetails,
  GuidanceVerdict,
} from './guidance.type';

const MAX_MATCHES = 5;

export interface CustomerMatch {
  customer: Customer;
  score: number;
}

/**
 * Search by name, email, phone or reference: exact look-ups first (the full
 * name with case and punctuation ignored, email, reference, the phone's last ten
 * digits, so "+44 7700 900123" finds "07700 900123"), then names holding every
 * word typed, and misspelt names (pg_trgm) only when nobody matched. Purged
 * customers are never found. The ranking runs in `customer_search` (migration
 * 1764200000155: indexes that lead with the tenant, usable despite RLS); it
 * returns ids and scores only, and the customers themselves are read here under
 * row-level security and the caller's ability.
 */
export async function findCustomers(ctx: RequestContext, query: string): Promise<CustomerMatch[]> {
  const { em } = sessionOf(ctx);
  const digits = query.replace(/\D/g, '');
  const p = new SqlParams();
  const sql = `select ${columnsOf(em, Customer, 'c')}, s.score
      from customer_search(${p.add(query)}, ${p.add(digits.length >= 6 ? digits.slice(-10) : '')}, ${p.add(MAX_MATCHES)}) s
      join customer c on c.tenant_id = ${p.add(em.tenantId)} and c.id = s.customer_id
     where ${p.named(accessibleWhere(ctx.ability, 'read', 'Customer', 'c'))}
     order by s.score desc, c.reference`;
  const rows = (await em.query(sql, p.values)) as (Customer & { score: number })[];
  return rows.map(({ score, ...customer }) => ({
    customer: customer as Customer,
    score: Math.round(score * 100) / 100,
  }));
}

interface ActiveRow {
  id: string;
  type: string;
  parameters: Record<string, unknown>;
  starts_at: Date;
  ends_at: Date | null;
  customer_id: string;
  case_id: string;
  reference: string;
  stage: string;
  review_due_at: Date | null;
  policy_version_id: string;
  rationale: string | null;
}

/** Restrictions in force now on these customers' cases, with what imposed them. */
export async function activeRestrictions(
  em: TenantEntityManager,
  customerIds: string[],
  now: Date,
): Promise<ActiveRow[]> {
  if (!customerIds.length) return [];
  return (await em.query(
    `select r.id, r.type, r.parameters, r.starts_at, r.ends_at, c.customer_id, c.id as case_id,
            c.reference, c.stage, c.review_due_at, c.policy_version_id, p.rationale
       from restriction r
       join managed_case c on c.tenant_id = r.tenant_id and c.id = r.case_id
       join decision d on d.tenant_id = r.tenant_id and d.id = r.decision_id
       left join proposal p on p.tenant_id = d.tenant_id and p.id = d.proposal_id
      where r.tenant_id = $1 and c.customer_id = any($2::uuid[]) and c.status <> 'purged'
        and r.status = 'active' and r.starts_at <= $3 and (r.ends_at is null or r.ends_at > $3)
      order by r.starts_at, r.id`,
    [em.tenantId, customerIds, now],
  )) as ActiveRow[];
}

/**
 * `contactGuidance`: who is this, and what do I do with their contact on this
 * channel? The answer is the operational instruction only; case details
 * (stage, reasons, safeguarding) are added only for the roles the policy lets
 * read them. Every look-up is audited with ids only.
 */
export async function contactGuidance(
  ctx: RequestContext,
  customerQuery: string,
  channelKey: string,
): Promise<ContactGuidance[]> {
  const s = sessionOf(ctx);
  if (!s.policy.channels[channelKey])
    throw new DomainError(
      'BAD_USER_INPUT',
      `channel: '${channelKey}' is not a channel of your policy`,
      {
        field: 'channel',
      },
    );
  const now = ctx.services.clock.now();
  const matches = await findCustomers(ctx, customerQuery);
  const rows = await activeRestrictions(
    s.em,
    matches.map((m) => m.customer.id),
    now,
  );
  const mayReadDetails = canReadSafeguarding(s.policy, s.actor);
  const channel = channelInfo(s.policy, channelKey);
  const answers: ContactGuidance[] = [];
  for (const { customer, score } of matches) {
    const mine = rows.filter((r) => r.customer_id === customer.id);
    const measures: ActiveMeasure[] = [];
    for (const r of mine) {
      measures.push({
        type: r.type,
        parameters: r.parameters,
        policy: await ctx.services.policies.get(s.em, r.policy_version_id),
      });
    }
    const g = channelGuidance(channel, measures, now);
    answers.push({
      customerId: customer.id,
      reference: customer.reference,
      fullName: customer.fullName,
      score,
      channel: g.channel,
      channelLabel: g.channelLabel,
      verdict: g.verdict as GuidanceVerdict,
      allowed: g.allowed,
      summary: g.summary,
      instructions: g.instructions,
      filedWithoutReply: g.filedWithoutReply,
      newMattersAccepted: true,
      details: mayReadDetails ? await detailsOf(ctx, customer, mine) : null,
    });
  }
  await audit(ctx, {
    action: 'guidance.looked-up',
    entityType: 'customer',
    entityId: matches[0]?.customer.id ?? null,
    payload: { channel: channelKey, customerIds: matches.map((m) => m.customer.id) },
  });
  return answers;
}

async function detailsOf(
  ctx: RequestContext,
  customer: Customer,
  rows: ActiveRow[],
): Promise<GuidanceDetails> {
  const s = sessionOf(ctx);
  const byCase = new Map<string, GuidanceCaseDetail>();
  for (const r of rows) {
    const policy = await ctx.services.policies.get(s.em, r.policy_version_id);
    let c = byCase.get(r.case_id);
    if (!c) {
      c = {
        caseId: r.case_id,
        reference: r.reference,
        stageLabel: policy.stages[r.stage]?.label ?? r.stage,
        reviewDueAt: r.review_due_at,
        restrictions: [],
        reasons: [],
      };
      byCase.set(r.case_id, c);
    }
    c.restrictions.push({
      type: r.type,
      label: policy.restrictionTypes[r.type]?.label ?? r.type,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
    });
    if (r.rationale && !c.reasons.includes(r.rationale)) c.reasons.push(r.rationale);
  }
  return {
    cases: [...byCase.values()],
    safeguardingNotes: customer.safeguardingNotes,
    vulnerabilityFlags: customer.vulnerabilityFlags,
    reasonableAdjustments: customer.reasonableAdjustments,
  };
}
