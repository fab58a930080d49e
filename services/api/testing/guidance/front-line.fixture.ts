import {
  AppUser,
  Customer,
  Decision,
  ManagedCase,
  PolicyVersion,
  Proposal,
  Restriction,
  withTenant,
} from '@conduct/db';
import { checkPolicyText, type Policy } from '@conduct/policy';
import type { TestApi } from '../test-api';

/**
 * Test fixture: a customer and (optionally) a case already under restriction,
 * as if the approval chain had run — proposal with its reasons, the deciding
 * decision and the measures in force — written through the entities in the
 * council's own transaction (app role, RLS on). Stage and transition keys are
 * the councils' real ones, found in tenants/<slug>/policy.yaml: the first move
 * into a stage of kind `restriction`.
 */
export interface FrontLineSeed {
  slug: string;
  fullName: string;
  email?: string;
  phone?: string;
  reference?: string;
  safeguardingNotes?: string;
  rationale?: string;
  decidedAt?: Date;
  restrictions?: { type: string; parameters?: Record<string, unknown>; endsAt?: Date | null }[];
}

export interface FrontLineSeeded {
  customerId: string;
  caseId: string | null;
  decisionId: string | null;
  proposalId: string | null;
  restrictionIds: string[];
  reference: string;
}

export function restrictionMove(policy: Policy): { from: string; to: string; key: string } {
  for (const [from, stage] of Object.entries(policy.stages)) {
    for (const t of stage.transitions) {
      if (policy.stages[t.to]?.kind === 'restriction') return { from, to: t.to, key: t.key };
    }
  }
  throw new Error(`${policy.slug}: no move into a restriction stage`);
}

let counter = 0;

export async function seedFrontLine(api: TestApi, seed: FrontLineSeed): Promise<FrontLineSeeded> {
  return withTenant(api.ds, api.tenants[seed.slug]!, async (em) => {
    const version = await em.findOneOrFail(PolicyVersion, {
      where: { tenantId: em.tenantId, status: 'active' },
    });
    const policy = checkPolicyText(version.sourceText, version.sourceFormat).policy!;
    const users = await em.find(AppUser, { where: { tenantId: em.tenantId } });
    const officer = users.find((u) => u.roles.includes('officer'))!;
    const now = api.clock.now();
    const decidedAt = seed.decidedAt ?? new Date(now.getTime() - 86_400_000);
    counter += 1;
    const reference = seed.reference ?? `FL-${seed.slug.slice(0, 3).toUpperCase()}-${counter}`;
    const customer = await em.save(
      em.create(Customer, {
        tenantId: em.tenantId,
        reference,
        fullName: seed.fullName,
        email: seed.email ?? null,
        phone: seed.phone ?? null,
        address: null,
        vulnerabilityFlags: seed.safeguardingNotes ? ['mental-health'] : [],
        safeguardingNotes: seed.safeguardingNotes ?? null,
        reasonableAdjustments: null,
        representative: null,
        createdAt: now,
        updatedAt: now,
        purgedAt: null,
      }),
    );
    if (!seed.restrictions?.length)
      return {
        customerId: customer.id,
        caseId: null,
        decisionId: null,
        proposalId: null,
        restrictionIds: [],
        reference,
      };
    const move = restrictionMove(policy);
    const c = await em.save(
      em.create(ManagedCase, {
        tenantId: em.tenantId,
        reference: `CASE-${reference}`,
        customerId: customer.id,
        policyVersionId: version.id,
        stage: move.to,
        status: 'open',
        serviceAreas: ['planning'],
        linkedReferences: [],
        summary: null,
        legalHold: false,
        openedAt: new Date(decidedAt.getTime() - 3_600_000),
        openedBy: officer.id,
        stageEnteredAt: decidedAt,
        lastActivityAt: decidedAt,
        closedAt: null,
        dormantAt: null,
        reviewDueAt: null,
        retentionDueAt: null,
      }),
    );
    const proposal = await em.save(
      em.create(Proposal, {
        tenantId: em.tenantId,
        caseId: c.id,
        transitionKey: move.key,
        fromStage: move.from,
        toStage: move.to,
        rationale: seed.rationale ?? 'Persistent contact about a closed matter.',
        evidenceContactIds: [],
        restrictions: seed.restrictions.map((r) => ({
          type: r.type,
          parameters: r.parameters ?? {},
        })),
        durationMonths: null,
        indefinite: true,
        exceptional: false,
        principalUnavailable: false,
        status: 'approved',
        proposedBy: officer.id,
        proposedAt: new Date(decidedAt.getTime() - 1_800_000),
        closedAt: decidedAt,
      }),
    );
    const decision = await em.save(
      em.create(Decision, {
        tenantId: em.tenantId,
        caseId: c.id,
        kind: 'transition',
        transitionKey: move.key,
        fromStage: move.from,
        toStage: move.to,
        outcome: null,
        proposalId: proposal.id,
        appealOf: null,
        participants: [],
        decidedBy: officer.id,
        decidedAt,
      }),
    );
    const restrictionIds: string[] = [];
    for (const r of seed.restrictions) {
      const row = await em.save(
        em.create(Restriction, {
          tenantId: em.tenantId,
          caseId: c.id,
          decisionId: decision.id,
          type: r.type,
          parameters: r.parameters ?? {},
          startsAt: decidedAt,
          endsAt: r.endsAt ?? null,
          status: 'active',
          endedAt: null,
        }),
      );
      restrictionIds.push(row.id);
    }
    return {
      customerId: customer.id,
      caseId: c.id,
      decisionId: decision.id,
      proposalId: proposal.id,
      restrictionIds,
      reference,
    };
  });
}
