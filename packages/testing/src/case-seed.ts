import { randomUUID } from 'node:crypto';
import {
  AppUser,
  Contact,
  Customer,
  Decision,
  Letter,
  ManagedCase,
  PolicyVersion,
  Restriction,
  Review,
  type CaseStatus,
  type TenantEntityManager,
} from '@conduct/db';

/**
 * Test data through the @conduct/db entities, inside the caller's `withTenant`
 * transaction (so RLS applies as it does to the product). Bulk inserts: a
 * thousand cases take one statement per table.
 */
export interface SeedCase {
  stage: string;
  status?: CaseStatus;
  openedAt: Date;
  stageEnteredAt?: Date;
  lastActivityAt?: Date;
  closedAt?: Date | null;
  dormantAt?: Date | null;
  reviewDueAt?: Date | null;
  legalHold?: boolean;
  restrictions?: {
    type: string;
    startsAt: Date;
    endsAt: Date | null;
    status?: 'active' | 'ended' | 'lifted';
    endedAt?: Date | null;
  }[];
  /** Contacts with free text (personal data a purge must remove). */
  contacts?: number;
  letters?: number;
  reviews?: { outcome: string; reviewedAt: Date }[];
  /** Reuse a customer (a customer may have several cases). */
  customerId?: string;
  customer?: { fullName: string; email?: string; phone?: string };
}

export interface SeededCase {
  caseId: string;
  customerId: string;
  reference: string;
  restrictionIds: string[];
}

export async function activePolicyVersionId(em: TenantEntityManager): Promise<string> {
  const v = await em.findOneOrFail(PolicyVersion, {
    where: { tenantId: em.tenantId, status: 'active' },
  });
  return v.id;
}

export async function userWithRole(em: TenantEntityManager, role: string): Promise<AppUser> {
  const users = await em.find(AppUser, {
    where: { tenantId: em.tenantId, active: true },
    order: { email: 'ASC' },
  });
  const u = users.find((x) => x.roles.includes(role));
  if (!u) throw new Error(`no user with role ${role}`);
  return u;
}

export async function seedCases(em: TenantEntityManager, specs: SeedCase[]): Promise<SeededCase[]> {
  const tenantId = em.tenantId;
  const policyVersionId = await activePolicyVersionId(em);
  const [staff] = await em.find(AppUser, {
    where: { tenantId, active: true },
    order: { email: 'ASC' },
    take: 1,
  });
  if (!staff) throw new Error('the tenant has no users');
  const customers: Partial<Customer>[] = [];
  const cases: Partial<ManagedCase>[] = [];
  const decisions: Partial<Decision>[] = [];
  const restrictions: Partial<Restriction>[] = [];
  const contacts: Partial<Contact>[] = [];
  const letters: Partial<Letter>[] = [];
  const reviews: Partial<Review>[] = [];
  const out: SeededCase[] = [];
  for (const s of specs) {
    const caseId = randomUUID();
    const reference = `MC-T-${caseId.slice(0, 8).toUpperCase()}`;
    let customerId = s.customerId;
    if (!customerId) {
      customerId = randomUUID();
      const person = s.customer ?? { fullName: `Canary Person ${caseId.slice(0, 6)}` };
      customers.push({
        tenantId,
        id: customerId,
        reference: `C-${customerId.slice(0, 8)}`,
        fullName: person.fullName,
        email: person.email ?? `canary-${caseId.slice(0, 6)}@example.org`,
        phone: person.phone ?? '+44 7700 900123',
        address: '1 Canary Street',
        vulnerabilityFlags: ['canary-flag'],
        safeguardingNotes: 'canary safeguarding note',
        reasonableAdjustments: 'canary adjustment',
        representative: null,
        createdAt: s.openedAt,
        updatedAt: s.openedAt,
        purgedAt: null,
      });
    }
    const status = s.status ?? 'open';
    cases.push({
      tenantId,
      id: caseId,
      reference,
      customerId,
      policyVersionId,
      stage: s.stage,
      status,
      serviceAreas: ['housing'],
      linkedReferences: ['canary-linked-ref'],
      summary: 'canary case summary',
      legalHold: s.legalHold ?? false,
      openedAt: s.openedAt,
      openedBy: staff.id,
      stageEnteredAt: s.stageEnteredAt ?? s.openedAt,
      lastActivityAt: s.lastActivityAt ?? s.stageEnteredAt ?? s.openedAt,
      closedAt: s.closedAt ?? null,
      dormantAt: s.dormantAt ?? null,
      reviewDueAt: s.reviewDueAt ?? null,
      retentionDueAt: null,
    });
    const restrictionIds: string[] = [];
    if (s.restrictions?.length || s.reviews?.length) {
      const decisionId = randomUUID();
      decisions.push({
        tenantId,
        id: decisionId,
        caseId,
        kind: 'transition',
        transitionKey: null,
        fromStage: null,
        toStage: s.stage,
        outcome: 'approved',
        proposalId: null,
        participants: [],
        decidedBy: staff.id,
        decidedAt: s.stageEnteredAt ?? s.openedAt,
      });
      for (const r of s.restrictions ?? []) {
        const id = randomUUID();
        restrictionIds.push(id);
        restrictions.push({
          tenantId,
          id,
          caseId,
          decisionId,
          type: r.type,
          parameters: { terms: 'canary terms' },
          startsAt: r.startsAt,
          endsAt: r.endsAt,
          status: r.status ?? 'active',
          endedAt: r.endedAt ?? null,
        });
      }
      for (const rv of s.reviews ?? []) {
        reviews.push({
          tenantId,
          id: randomUUID(),
          caseId,
          decisionId,
          outcome: rv.outcome,
          note: 'canary review note',
          customerCommentInvited: false,
          reviewedBy: staff.id,
          reviewedAt: rv.reviewedAt,
          nextReviewDueAt: null,
        });
      }
    }
    for (let i = 0; i < (s.contacts ?? 1); i++) {
      contacts.push({
        tenantId,
        id: randomUUID(),
        caseId,
        customerId,
        occurredAt: s.openedAt,
        channel: 'telephone',
        behaviourCategories: [],
        severity: 'moderate',
        description: 'canary contact description',
        staffAffected: 'canary staff name',
        recordedBy: staff.id,
        recordedAt: s.openedAt,
      });
    }
    for (let i = 0; i < (s.letters ?? 0); i++) {
      letters.push({
        tenantId,
        id: randomUUID(),
        caseId,
        decisionId: null,
        templateKey: 'canary',
        title: 'Canary letter',
        body: 'Dear Canary Person',
        sections: [{ key: 'why', heading: 'Why', text: 'canary' }],
        status: 'sent',
        createdAt: s.openedAt,
        sentAt: s.openedAt,
        sentBy: staff.id,
      });
    }
    out.push({ caseId, customerId, reference, restrictionIds });
  }
  const chunked = async <T extends object>(entity: new () => T, rowsIn: Partial<T>[]) => {
    for (let i = 0; i < rowsIn.length; i += 500) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      await em.insert(entity, rowsIn.slice(i, i + 500) as any);
    }
  };
  await chunked(Customer, customers);
  await chunked(ManagedCase, cases);
  await chunked(Decision, decisions);
  await chunked(Restriction, restrictions);
  await chunked(Review, reviews);
  await chunked(Contact, contacts);
  await chunked(Letter, letters);
  return out;
}
