import { AppUser, Decision, ManagedCase, Restriction, withTenant } from '@conduct/db';
import type { TestApi } from '../test-api';

/**
 * Test fixture: a case of a council already in a restrictive stage, as if the
 * approval chain had run — the decision (kind transition, with its
 * participants), the measures in force and the review date — written straight
 * through the entities in the council's own transaction. Stage and transition
 * keys are the councils' real ones from tenants/<slug>/policy.yaml.
 */
export interface SeedRestrictedCase {
  slug: string;
  /** Who opens the case over GraphQL (an officer of the council). */
  openedBy: string;
  fullName?: string;
  email?: string;
  summary?: string;
  safeguardingNotes?: string;
  /** Signs the customer in with a role that may record safeguarding notes. */
  safeguardingWriter?: string;
  stage: string;
  transitionKey: string;
  fromStage: string;
  decidedAt: Date;
  /** Emails of the people who took each step, in their roles. */
  participants: { email: string; role: string; step: string }[];
  restrictions: {
    type: string;
    parameters?: Record<string, unknown>;
    startsAt?: Date;
    endsAt: Date | null;
  }[];
  reviewDueAt: Date | null;
}

export interface SeededCase {
  caseId: string;
  customerId: string;
  decisionId: string;
  restrictionIds: string[];
}

const CREATE_CUSTOMER = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`;
const OPEN_CASE = `mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`;

export async function userIdOf(api: TestApi, slug: string, email: string): Promise<string> {
  return withTenant(api.ds, api.tenants[slug]!, async (em) => {
    const user = await em.findOneOrFail(AppUser, { where: { tenantId: em.tenantId, email } });
    return user.id;
  });
}

export async function seedRestrictedCase(
  api: TestApi,
  seed: SeedRestrictedCase,
): Promise<SeededCase> {
  const opener = await api.token(seed.slug, seed.openedBy);
  const writer = seed.safeguardingWriter
    ? await api.token(seed.slug, seed.safeguardingWriter)
    : opener;
  const customer = await api.gql<{ createCustomer: { id: string } }>(
    CREATE_CUSTOMER,
    {
      input: {
        fullName: seed.fullName ?? 'Pat Example',
        ...(seed.email ? { email: seed.email } : {}),
        ...(seed.safeguardingNotes ? { safeguardingNotes: seed.safeguardingNotes } : {}),
      },
    },
    writer,
  );
  if (customer.errors) throw new Error(JSON.stringify(customer.errors));
  const customerId = customer.data!.createCustomer.id;
  const opened = await api.gql<{ openCase: { id: string } }>(
    OPEN_CASE,
    { input: { customerId, summary: seed.summary ?? null } },
    opener,
  );
  if (opened.errors) throw new Error(JSON.stringify(opened.errors));
  const caseId = opened.data!.openCase.id;

  return withTenant(api.ds, api.tenants[seed.slug]!, async (em) => {
    const users = await em.find(AppUser, { where: { tenantId: em.tenantId } });
    const idOf = (email: string) => {
      const user = users.find((u) => u.email === email);
      if (!user) throw new Error(`no user ${email} in ${seed.slug}`);
      return user.id;
    };
    const participants = seed.participants.map((p) => ({
      userId: idOf(p.email),
      role: p.role,
      step: p.step,
    }));
    const decider = participants.find((p) => p.step === 'decide') ?? participants.at(-1)!;
    const decision = await em.save(
      em.create(Decision, {
        tenantId: em.tenantId,
        caseId,
        kind: 'transition',
        transitionKey: seed.transitionKey,
        fromStage: seed.fromStage,
        toStage: seed.stage,
        outcome: null,
        proposalId: null,
        appealOf: null,
        participants,
        decidedBy: decider.userId,
        decidedAt: seed.decidedAt,
      }),
    );
    const restrictionIds: string[] = [];
    for (const r of seed.restrictions) {
      const row = await em.save(
        em.create(Restriction, {
          tenantId: em.tenantId,
          caseId,
          decisionId: decision.id,
          type: r.type,
          parameters: r.parameters ?? {},
          startsAt: r.startsAt ?? seed.decidedAt,
          endsAt: r.endsAt,
          status: 'active',
          endedAt: null,
        }),
      );
      restrictionIds.push(row.id);
    }
    await em.update(
      ManagedCase,
      { tenantId: em.tenantId, id: caseId },
      {
        stage: seed.stage,
        stageEnteredAt: seed.decidedAt,
        reviewDueAt: seed.reviewDueAt,
        lastActivityAt: seed.decidedAt,
      },
    );
    return { caseId, customerId, decisionId: decision.id, restrictionIds };
  });
}

/** Rows of a table across every council (superuser view), for "nothing was written" checks. */
export async function countRows(api: TestApi, table: string): Promise<number> {
  const [row] = (await api.owner.query(`select count(*)::int as n from ${table}`)) as {
    n: number;
  }[];
  return row!.n;
}

type Chain = { role: string; step: string }[];
const officerThen = (role: string): Chain => [
  { role: 'officer', step: 'propose' },
  { role, step: 'decide' },
];

/**
 * Each council's usual restrictive stage and the chain that decided it
 * (tenants/<slug>/policy.yaml): the starting point of the review, appeal and
 * consultation walks.
 */
const RESTRICTED_AT: Record<
  string,
  { stage: string; transitionKey: string; fromStage: string; chain: Chain }
> = {
  'cheshire-west-and-chester': {
    stage: 'stage-1',
    transitionKey: 'stage-1',
    fromStage: 'concern',
    chain: officerThen('senior-manager'),
  },
  'welwyn-hatfield': {
    stage: 'restrictions',
    transitionKey: 'impose-restrictions',
    fromStage: 'service-manager-letter',
    chain: officerThen('service-manager'),
  },
  maidstone: {
    stage: 'policy-applied',
    transitionKey: 'apply-policy',
    fromStage: 'warning',
    chain: [
      { role: 'manager', step: 'propose' },
      { role: 'head-of-policy', step: 'decide' },
    ],
  },
  southampton: {
    stage: 'restriction',
    transitionKey: 'impose-restrictions',
    fromStage: 'local-resolution',
    chain: [{ role: 'complaints-resolution-manager', step: 'decide' }],
  },
  'london-borough': {
    stage: 'restriction',
    transitionKey: 'restrict',
    fromStage: 'warning',
    chain: [
      { role: 'director', step: 'propose' },
      { role: 'chief-executive', step: 'decide' },
    ],
  },
};

/** A case of `slug` in its usual restrictive stage, opened by its officer; the rest as given. */
export function seedCouncilCase(
  api: TestApi,
  slug: keyof typeof RESTRICTED_AT,
  seed: Omit<
    SeedRestrictedCase,
    'slug' | 'openedBy' | 'stage' | 'transitionKey' | 'fromStage' | 'participants'
  >,
): Promise<SeededCase> {
  const { chain, ...at } = RESTRICTED_AT[slug]!;
  return seedRestrictedCase(api, {
    slug,
    openedBy: `officer@${slug}.example`,
    ...at,
    participants: chain.map((c) => ({ ...c, email: `${c.role}@${slug}.example` })),
    ...seed,
  });
}
