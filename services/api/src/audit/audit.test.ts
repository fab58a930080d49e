import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import {
  seedRestrictedCase,
  type SeededCase,
} from '@conduct/api/testing/reviews/restricted-case.fixture';
import { withCaseVersion } from '@conduct/api/testing/case-version';

const TRAIL = `query($id: ID!) { auditTrail(caseId: $id) { id seq action entityType entityId actorId occurredAt payload } }`;
const VERIFY = `{ verifyAuditChain { ok checked firstBrokenEventId firstBrokenSeq } }`;

interface Trail {
  auditTrail: {
    id: string;
    seq: number;
    action: string;
    entityType: string;
    entityId: string | null;
    actorId: string | null;
    occurredAt: string;
    payload: string;
  }[];
}
interface Verdict {
  verifyAuditChain: {
    ok: boolean;
    checked: number;
    firstBrokenEventId: string | null;
    firstBrokenSeq: number | null;
  };
}

const at = (iso: string) => new Date(iso);

async function logContinuedContact(api: TestApi, seeded: SeededCase, token: string) {
  const res = await api.gql(
    `mutation($input: LogContactInput!) { logContact(input: $input) { id } }`,
    {
      input: {
        customerId: seeded.customerId,
        caseId: seeded.caseId,
        occurredAt: api.clock.now().toISOString(),
        channel: 'telephone',
        behaviourCategories: [],
        severity: 'medium',
        description: 'Contact continued.',
      },
    },
    token,
  );
  expect(res.errors).toBeUndefined();
}

describe('audit trail and chain', () => {
  let api: TestApi;
  let seeded: SeededCase;
  let officer: string;
  const slug = 'welwyn-hatfield';

  beforeAll(async () => {
    api = await startTestApi({ now: at('2026-01-05T09:00:00Z') });
    officer = await api.token(slug, 'officer@welwyn-hatfield.example');
    seeded = await seedRestrictedCase(api, {
      slug,
      openedBy: 'officer@welwyn-hatfield.example',
      fullName: 'Quinn Canary',
      stage: 'restrictions',
      transitionKey: 'impose-restrictions',
      fromStage: 'service-manager-letter',
      decidedAt: at('2026-01-05T09:00:00Z'),
      participants: [
        { email: 'officer@welwyn-hatfield.example', role: 'officer', step: 'propose' },
        {
          email: 'service-manager@welwyn-hatfield.example',
          role: 'service-manager',
          step: 'decide',
        },
      ],
      restrictions: [
        {
          type: 'single-named-officer',
          parameters: { officer: 'B Named' },
          endsAt: at('2027-01-05T09:00:00Z'),
        },
      ],
      reviewDueAt: at('2027-01-05T09:00:00Z'),
    });
    const manager = await api.token(slug, 'service-manager@welwyn-hatfield.example');
    for (const [when, outcome] of [
      ['2026-06-01T09:00:00Z', 'CONTINUE'],
      ['2026-12-20T09:00:00Z', 'EXTEND'],
      ['2027-01-10T09:00:00Z', 'LIFT'],
    ] as const) {
      api.clock.set(at(when));
      // §10.1: a review extends only "if the contact has continued during this period".
      if (outcome === 'EXTEND') await logContinuedContact(api, seeded, officer);
      const res = await api.gql(
        `mutation($input: RecordReviewInput!) { recordReview(input: $input) { review { id } } }`,
        {
          input: await withCaseVersion(api, {
            caseId: seeded.caseId,
            outcome,
            note: `Quinn Canary review: ${outcome}`,
            ...(outcome === 'EXTEND' ? { durationMonths: 6 } : {}),
          }),
        },
        manager,
      );
      expect(res.errors).toBeUndefined();
    }
  });
  afterAll(() => api.close());

  it('lists the case’s events in order, with ids and codes only', async () => {
    const res = await api.gql<Trail>(TRAIL, { id: seeded.caseId }, officer);
    expect(res.errors).toBeUndefined();
    const events = res.data!.auditTrail;
    // Each review is one decision through the pipeline: its decision, the measures
    // it changed, the stage it closed and its letter, then the review itself.
    expect(events.map((e) => e.action)).toEqual([
      'case.opened',
      'decision.recorded',
      'letter.drafted',
      'review.recorded',
      'contact.logged',
      'decision.recorded',
      'restriction.varied',
      'letter.drafted',
      'review.recorded',
      'decision.recorded',
      'restriction.lifted',
      'case.closed',
      'letter.drafted',
      'review.recorded',
    ]);
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const reviews = events.filter((e) => e.action === 'review.recorded');
    expect(reviews[0]).toMatchObject({
      entityType: 'review',
      occurredAt: '2026-06-01T09:00:00.000Z',
    });
    expect(JSON.parse(reviews[2]!.payload)).toMatchObject({ outcome: 'lift', toStage: 'closed' });
    expect(JSON.stringify(events)).not.toMatch(/Quinn|Canary|B Named/);
  });

  it('verifies the chain after the scenario', async () => {
    const res = await api.gql<Verdict>(VERIFY, {}, officer);
    expect(res.errors).toBeUndefined();
    const [row] = await api.owner.query(
      `select count(*)::int as n from audit_event where tenant_id = $1`,
      [api.tenants[slug]],
    );
    expect(res.data!.verifyAuditChain).toEqual({
      ok: true,
      checked: row.n,
      firstBrokenEventId: null,
      firstBrokenSeq: null,
    });
  });

  it('answers another council’s case id exactly like a missing one', async () => {
    const foreignToken = await api.token('maidstone', 'officer@maidstone.example');
    const foreign = await api.gql(TRAIL, { id: seeded.caseId }, foreignToken);
    const missing = await api.gql(
      TRAIL,
      { id: '00000000-0000-4000-8000-000000000000' },
      foreignToken,
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(foreign.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
    const malformed = await api.gql(TRAIL, { id: 'nope' }, foreignToken);
    expect(malformed.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'caseId',
    });
  });

  it('is readable by the tenant admin and refused to anonymous callers', async () => {
    const admin = await api.gql<Verdict>(
      VERIFY,
      {},
      await api.token(slug, 'admin@welwyn-hatfield.example'),
    );
    expect(admin.data!.verifyAuditChain.ok).toBe(true);
    const anon = await api.gql(VERIFY, {});
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('reports the exact event altered directly in the database', async () => {
    const trail = (await api.gql<Trail>(TRAIL, { id: seeded.caseId }, officer)).data!.auditTrail;
    const target = trail[2]!;
    await api.owner.query(
      `update audit_event set payload = jsonb_set(payload, '{outcome}', '"continue"') where tenant_id = $1 and seq = $2`,
      [api.tenants[slug], target.seq],
    );
    const res = await api.gql<Verdict>(VERIFY, {}, officer);
    expect(res.data!.verifyAuditChain).toEqual({
      ok: false,
      checked: target.seq - 1,
      firstBrokenEventId: target.id,
      firstBrokenSeq: target.seq,
    });
    // Another council's chain is untouched.
    const other = await api.gql<Verdict>(
      VERIFY,
      {},
      await api.token('maidstone', 'officer@maidstone.example'),
    );
    expect(other.data!.verifyAuditChain.ok).toBe(true);
  });
});
