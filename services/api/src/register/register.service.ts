import { In, type SelectQueryBuilder } from 'typeorm';
import { z } from 'zod';
import {
  CaseRecord,
  Customer,
  Decision,
  DisseminationRecord,
  Letter,
  ManagedCase,
  Restriction,
  Review,
} from '@conduct/db';
import { canReadRegister, type Policy } from '@conduct/policy';
import { DomainError, forbidden } from '@conduct/casework';
import type { RequestContext } from '../request/context';
import { accessibleWhere } from '../authorization/accessible-where';
import { sessionOf } from '../casework/session';
import { policyOfCase } from '../cases/case.service';
import { groupBy } from '../request/loaders';
import { registerCells, type RegisterFacts } from './register-columns';
import type { RegisterEntryNode } from './register.type';

export type RegisterScope = 'current' | 'all';

/** The register's order: a column of the case, ascending or descending. */
export interface RegisterSort {
  by: 'opened' | 'reference' | 'review-due';
  direction: 'asc' | 'desc';
}

const NEWEST_FIRST: RegisterSort = { by: 'opened', direction: 'desc' };

/**
 * Each order's SQL: a non-null sort expression (a case with no review date
 * sorts last either way), so keyset paging compares one tuple.
 */
const SORT_SQL: Record<RegisterSort['by'], (d: RegisterSort['direction']) => string> = {
  opened: () => 'c.opened_at',
  reference: () => 'c.reference',
  'review-due': (d) =>
    `coalesce(c.review_due_at, '${d === 'asc' ? 'infinity' : '-infinity'}'::timestamptz)`,
};

/** The register's keyset cursor: the order it belongs to, the last row's sort value and id. */
const registerCursor = z.tuple([
  z.enum(['opened', 'reference', 'review-due']),
  z.enum(['asc', 'desc']),
  z.string().nullable(),
  z.uuid(),
]);

function sortValue(c: ManagedCase, by: RegisterSort['by']): string | null {
  if (by === 'reference') return c.reference;
  if (by === 'opened') return c.openedAt.toISOString();
  return c.reviewDueAt?.toISOString() ?? null;
}

function decodeRegisterCursor(after: string | null, sort: RegisterSort) {
  if (!after) return undefined;
  const parsed = registerCursor.safeParse(
    (() => {
      try {
        return JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
      } catch {
        return undefined;
      }
    })(),
  );
  if (!parsed.success || parsed.data[0] !== sort.by || parsed.data[1] !== sort.direction)
    throw new DomainError('BAD_USER_INPUT', 'after: not a cursor of this order of the register', {
      field: 'after',
    });
  return { value: parsed.data[2], id: parsed.data[3] };
}

export interface RegisterFilter {
  stage?: string | null;
  restrictionType?: string | null;
  reviewDueBefore?: Date | null;
}

/**
 * The council's register: every case on which a decision under the policy has
 * been taken, newest first, with the columns the active policy names; open
 * cases only (`current`) or with closed and dormant ones kept with their dates
 * (`all`). Only the roles the policy lets read it. One query per kind of fact.
 */
export async function registerPage(
  ctx: RequestContext,
  first: number,
  after: string | null,
  scope: RegisterScope = 'current',
  filter: RegisterFilter = {},
  sort: RegisterSort = NEWEST_FIRST,
) {
  const session = sessionOf(ctx);
  const { em } = session;
  const readable = canReadRegister(session.policy, session.actor);
  if (!readable.allowed) throw forbidden(readable.reasons.map((r) => r.message).join(' '));
  const cursor = decodeRegisterCursor(after, sort);
  const where = accessibleWhere(ctx.ability, 'read', 'Register', 'c');
  const qb = em
    .createQueryBuilder(ManagedCase, 'c')
    .where(where.sql, where.params)
    .andWhere(scope === 'current' ? `c.status = 'open'` : `c.status <> 'purged'`)
    .andWhere(
      `exists (select 1 from decision d where d.tenant_id = c.tenant_id and d.case_id = c.id and d.kind in ('transition', 'imported'))`,
    );
  narrow(qb, filter, session.policy);
  // Counted only when the operation asks for totalCount: a count grows with the register.
  const counting = qb.clone();
  const key = SORT_SQL[sort.by](sort.direction);
  const [op, dir] = sort.direction === 'asc' ? ['>', 'ASC' as const] : ['<', 'DESC' as const];
  if (cursor) {
    // A null value is a case with no review date: the sort expression's infinity.
    const value = cursor.value ?? (sort.direction === 'asc' ? 'infinity' : '-infinity');
    const cast = sort.by === 'reference' ? 'text' : 'timestamptz';
    qb.andWhere(`(${key}, c.id) ${op} (cast(:sv as ${cast}), :cid)`, {
      sv: value,
      cid: cursor.id,
    });
  }
  const rows = await qb
    .orderBy(key, dir)
    .addOrderBy('c.id', dir)
    .limit(first + 1)
    .getMany();
  const page = rows.slice(0, first);
  const caseIds = page.map((c) => c.id);
  const byCase = { tenantId: em.tenantId, caseId: In(caseIds) };
  const [customers, decisions, restrictions, reviews, letters, disseminations, notes] =
    caseIds.length
      ? await Promise.all([
          em.find(Customer, {
            where: { tenantId: em.tenantId, id: In(page.map((c) => c.customerId)) },
          }),
          em.find(Decision, { where: byCase, order: { decidedAt: 'ASC' } }),
          em.find(Restriction, { where: byCase, order: { startsAt: 'ASC' } }),
          em.find(Review, { where: byCase, order: { reviewedAt: 'ASC' } }),
          em.find(Letter, { where: byCase, order: { createdAt: 'ASC' } }),
          em.find(DisseminationRecord, { where: byCase, order: { informedAt: 'ASC' } }),
          em.find(CaseRecord, { where: { ...byCase, kind: 'note' }, order: { recordedAt: 'ASC' } }),
        ])
      : [[], [], [], [], [], [], []];
  const customerById = new Map(customers.map((x) => [x.id, x]));
  const grouped = {
    decisions: groupBy(decisions, (r) => r.caseId),
    restrictions: groupBy(restrictions, (r) => r.caseId),
    reviews: groupBy(reviews, (r) => r.caseId),
    letters: groupBy(letters, (r) => r.caseId),
    disseminations: groupBy(disseminations, (r) => r.caseId),
    notes: groupBy(notes, (r) => r.caseId),
  };
  const mayReadSafeguarding = ctx.ability.can('read', 'SafeguardingDetails');
  const columns = session.policy.register.columns;
  const entries = new Map<string, RegisterEntryNode>();
  for (const c of page) {
    const customer = customerById.get(c.customerId)!;
    const facts: RegisterFacts = {
      policy: await policyOfCase(ctx, c),
      case: c,
      customer,
      decisions: grouped.decisions.get(c.id) ?? [],
      restrictions: grouped.restrictions.get(c.id) ?? [],
      reviews: grouped.reviews.get(c.id) ?? [],
      letters: grouped.letters.get(c.id) ?? [],
      disseminations: grouped.disseminations.get(c.id) ?? [],
      notes: grouped.notes.get(c.id) ?? [],
    };
    entries.set(c.id, {
      caseId: c.id,
      caseReference: c.reference,
      status: c.status,
      openedAt: c.openedAt,
      reviewDueAt: c.reviewDueAt,
      closedAt: c.closedAt,
      restrictionHistory: facts.restrictions.map((r) => ({
        type: r.type,
        label: facts.policy.restrictionTypes[r.type]?.label ?? r.type,
        status: r.status,
        startsAt: r.startsAt,
        endsAt: r.endsAt,
        endedAt: r.endedAt,
      })),
      cells: registerCells(columns, facts, mayReadSafeguarding),
      vulnerabilityFlags: mayReadSafeguarding ? customer.vulnerabilityFlags : null,
      safeguardingNotes: mayReadSafeguarding ? customer.safeguardingNotes : null,
    });
  }
  const edges = page.map((c) => ({
    node: entries.get(c.id)!,
    cursor: Buffer.from(
      JSON.stringify([sort.by, sort.direction, sortValue(c, sort.by), c.id]),
    ).toString('base64url'),
  }));
  let counted: Promise<number> | undefined;
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    // Counted only when the operation asks for totalCount (a count grows with the register);
    // read by the field's resolver (a Promise is a valid field value).
    get totalCount(): number {
      return (counted ??= counting.getCount()) as unknown as number;
    },
  };
}

const badFilter = (field: string, message: string) =>
  new DomainError('BAD_USER_INPUT', `filter.${field}: ${message}`, { field: `filter.${field}` });

/** The filters as SQL conditions; a key the policy does not name is refused with its field. */
function narrow(qb: SelectQueryBuilder<ManagedCase>, filter: RegisterFilter, policy: Policy): void {
  if (filter.stage) {
    if (!(filter.stage in policy.stages))
      throw badFilter('stage', `'${filter.stage}' is not a stage of your council’s policy`);
    qb.andWhere('c.stage = :stage', { stage: filter.stage });
  }
  if (filter.restrictionType) {
    if (!(filter.restrictionType in policy.restrictionTypes))
      throw badFilter(
        'restrictionType',
        `'${filter.restrictionType}' is not a measure of your council’s policy`,
      );
    qb.andWhere(
      `exists (select 1 from restriction r where r.tenant_id = c.tenant_id and r.case_id = c.id and r.status = 'active' and r.type = :rtype)`,
      { rtype: filter.restrictionType },
    );
  }
  if (filter.reviewDueBefore)
    qb.andWhere('c.review_due_at < :due', { due: filter.reviewDueBefore });
}
