import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  Appeal,
  AppUser,
  CaseStatistic,
  Contact,
  Customer,
  Decision,
  DerestrictionRequest,
  ManagedCase,
  PolicyVersion,
  Restriction,
  Review,
  Tenant,
  withTenant,
  type TenantEntityManager,
} from '@conduct/db';
import { checkPolicyText } from '@conduct/policy';

/**
 * Benchmarking test data written through the @conduct/db entities inside
 * `withTenant` (so row-level security applies as it does to the product).
 * For tests and small demos; the benchmark script seeds with SQL instead.
 */
export interface SeedTenant {
  slug: string;
  name: string;
  population: number;
  optIn: boolean;
}

/** A council with one active policy version (any valid policy text) and one staff user. */
export async function seedBenchmarkTenant(
  ds: DataSource,
  t: SeedTenant,
  policyText: string,
): Promise<{ tenantId: string; policyVersionId: string; userId: string }> {
  const { policy, errors } = checkPolicyText(policyText, 'yaml');
  if (!policy) throw new Error(`policy does not validate: ${errors[0]?.message}`);
  const tenantId = randomUUID();
  await ds.manager.insert(Tenant, {
    id: tenantId,
    slug: t.slug,
    name: t.name,
    population: t.population,
    benchmarkingOptIn: t.optIn,
    status: 'active',
  });
  return withTenant(ds, tenantId, async (em) => {
    const policyVersionId = randomUUID();
    await em.insert(PolicyVersion, {
      tenantId,
      id: policyVersionId,
      version: 1,
      status: 'active',
      sourceText: policyText,
      sourceHash: createHash('sha256').update(policyText).digest('hex'),
      document: { ...policy, slug: t.slug, name: t.name },
      activatedAt: new Date('2025-01-01T00:00:00Z'),
    });
    const userId = randomUUID();
    await em.insert(AppUser, {
      tenantId,
      id: userId,
      email: `officer@${t.slug}.example`,
      displayName: 'Officer (seed)',
      roles: Object.keys(policy.roles).slice(0, 1),
      active: true,
    });
    return { tenantId, policyVersionId, userId };
  });
}

export type AppealStatus = 'lodged' | 'upheld' | 'varied' | 'dismissed';
export type RequestStatus = 'pending' | 'granted' | 'refused';

export interface SeedBenchmarkCase {
  openedAt: Date;
  /** The stage the case is in now. */
  stage: string;
  status?: 'open' | 'closed' | 'dormant';
  /** Stages it was moved to by decisions, in order (one day apart from opening). */
  movedTo?: string[];
  contacts?: { at: Date; channel: string; categories: string[] }[];
  restriction?: {
    types: string[];
    startsAt: Date;
    endsAt: Date | null;
    status?: 'active' | 'ended' | 'lifted';
    endedAt?: Date | null;
  };
  /** The review date set by the last of `movedTo`'s decisions (a restriction's first). */
  firstReviewDueAt?: Date;
  reviews?: { reviewedAt: Date; nextDueAt: Date | null }[];
  reviewDueAt?: Date | null;
  appeals?: AppealStatus[];
  derestriction?: RequestStatus[];
  customerName?: string;
}

export interface SeedPurgedCase {
  openedMonth: string;
  finalStage: string;
  finalStageKind: string;
  stagesReached: string[];
  restrictionTypes?: string[];
  appealOutcomes?: AppealStatus[];
}

const DAY = 86_400_000;

/** Writes the cases (live ones with their rows; purged ones as tombstone + statistic). */
export async function seedBenchmarkCases(
  em: TenantEntityManager,
  ids: { policyVersionId: string; userId: string },
  cases: SeedBenchmarkCase[],
  purged: SeedPurgedCase[] = [],
): Promise<string[]> {
  const tenantId = em.tenantId;
  const by = ids.userId;
  const caseIds: string[] = [];
  const all = [
    ...cases.map((c) => ({ live: c, purged: undefined })),
    ...purged.map((p) => ({ live: undefined, purged: p })),
  ];
  for (const [i, entry] of all.entries()) {
    const customerId = randomUUID();
    const caseId = randomUUID();
    caseIds.push(caseId);
    const c = entry.live;
    const p = entry.purged;
    const openedAt = c ? c.openedAt : new Date(`${p!.openedMonth}T12:00:00Z`);
    await em.insert(Customer, {
      tenantId,
      id: customerId,
      reference: `CU-${i}-${caseId.slice(0, 6)}`,
      fullName: p ? null : (c!.customerName ?? `Customer ${i}`),
      vulnerabilityFlags: [],
      createdAt: openedAt,
      updatedAt: openedAt,
      purgedAt: p ? openedAt : null,
    });
    await em.insert(ManagedCase, {
      tenantId,
      id: caseId,
      reference: `MC-${i}-${caseId.slice(0, 6)}`,
      customerId,
      policyVersionId: ids.policyVersionId,
      stage: p ? p.finalStage : c!.stage,
      status: p ? 'purged' : (c!.status ?? 'open'),
      serviceAreas: [],
      linkedReferences: [],
      legalHold: false,
      openedAt,
      openedBy: by,
      stageEnteredAt: openedAt,
      lastActivityAt: openedAt,
      reviewDueAt: c?.reviewDueAt ?? null,
    });
    if (p) {
      await em.insert(CaseStatistic, {
        tenantId,
        id: caseId,
        policyVersion: 1,
        finalStage: p.finalStage,
        finalStageKind: p.finalStageKind,
        stagesReached: p.stagesReached,
        openedMonth: p.openedMonth,
        closedMonth: null,
        purgedMonth: p.openedMonth,
        restrictionTypes: p.restrictionTypes ?? [],
        decisionOutcomes: [],
        reviewOutcomes: [],
        appealOutcomes: p.appealOutcomes ?? [],
        contactCount: 0,
      });
      continue;
    }
    const live = c!;
    let lastDecision: string | undefined;
    const moves = live.movedTo ?? [];
    for (const [j, to] of moves.entries()) {
      lastDecision = randomUUID();
      await em.insert(Decision, {
        tenantId,
        id: lastDecision,
        caseId,
        kind: 'transition',
        transitionKey: `to-${to}`,
        toStage: to,
        participants: [],
        decidedBy: by,
        decidedAt: new Date(openedAt.getTime() + (j + 1) * DAY),
        reviewDueAt: j === moves.length - 1 ? (live.firstReviewDueAt ?? null) : null,
      });
    }
    for (const ct of live.contacts ?? []) {
      await em.insert(Contact, {
        tenantId,
        caseId,
        customerId,
        occurredAt: ct.at,
        channel: ct.channel,
        behaviourCategories: ct.categories,
        severity: 'medium',
        recordedBy: by,
        recordedAt: ct.at,
      });
    }
    const restrictionIds: string[] = [];
    if (live.restriction) {
      const decisionId = lastDecision ?? randomUUID();
      if (!lastDecision) {
        await em.insert(Decision, {
          tenantId,
          id: decisionId,
          caseId,
          kind: 'transition',
          participants: [],
          decidedBy: by,
          decidedAt: live.restriction.startsAt,
        });
        lastDecision = decisionId;
      }
      for (const type of live.restriction.types) {
        const id = randomUUID();
        restrictionIds.push(id);
        await em.insert(Restriction, {
          tenantId,
          id,
          caseId,
          decisionId,
          type,
          parameters: {},
          startsAt: live.restriction.startsAt,
          endsAt: live.restriction.endsAt,
          status: live.restriction.status ?? 'active',
          endedAt: live.restriction.endedAt ?? null,
        });
      }
    }
    for (const r of live.reviews ?? []) {
      const decisionId = randomUUID();
      await em.insert(Decision, {
        tenantId,
        id: decisionId,
        caseId,
        kind: 'review',
        outcome: 'continue',
        participants: [],
        decidedBy: by,
        decidedAt: r.reviewedAt,
      });
      await em.insert(Review, {
        tenantId,
        caseId,
        decisionId,
        outcome: 'continue',
        note: 'Reviewed.',
        customerCommentInvited: false,
        reviewedBy: by,
        reviewedAt: r.reviewedAt,
        nextReviewDueAt: r.nextDueAt,
      });
    }
    const appealed = lastDecision;
    for (const [j, status] of (live.appeals ?? []).entries()) {
      if (!appealed) throw new Error('an appeal needs a decision to appeal against');
      await em.insert(Appeal, {
        tenantId,
        caseId,
        decisionId: appealed,
        grounds: 'Grounds.',
        lodgedAt: new Date(openedAt.getTime() + (10 + j) * DAY),
        lodgedBy: by,
        status,
        decidedBy: status === 'lodged' ? null : by,
        decidedAt: status === 'lodged' ? null : new Date(openedAt.getTime() + (20 + j) * DAY),
      });
    }
    for (const [j, status] of (live.derestriction ?? []).entries()) {
      if (!restrictionIds[0]) throw new Error('a derestriction request needs a restriction');
      await em.insert(DerestrictionRequest, {
        tenantId,
        caseId,
        restrictionId: restrictionIds[0],
        reason: 'Reason.',
        exceptional: false,
        requestedAt: new Date(openedAt.getTime() + (30 + j) * DAY),
        recordedBy: by,
        status,
        decidedBy: status === 'pending' ? null : by,
        decidedAt: status === 'pending' ? null : new Date(openedAt.getTime() + (40 + j) * DAY),
      });
    }
  }
  return caseIds;
}
