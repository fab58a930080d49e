import { startTestApi, type GraphQLResponse, type TestApi } from '@conduct/api/testing/test-api';
import {
  countRows,
  seedRestrictedCase,
  type SeededCase,
} from '@conduct/api/testing/reviews/restricted-case.fixture';
import { withCaseVersion } from '@conduct/api/testing/case-version';

const REQUEST = `mutation($input: RequestDerestrictionInput!) {
  requestDerestriction(input: $input) { id restrictionId status exceptional requestedAt }
}`;
const DECIDE = `mutation($input: DecideDerestrictionInput!) {
  decideDerestriction(input: $input) {
    request { id status decisionId decidedBy }
    decision { id kind outcome }
    case { id stage status reviewDueAt }
    liftedRestrictions { id status }
  }
}`;

interface Decided {
  decideDerestriction: {
    request: { id: string; status: string; decisionId: string };
    decision: { id: string; kind: string; outcome: string };
    case: { stage: string; status: string; reviewDueAt: string | null };
    liftedRestrictions: { id: string; status: string }[];
  };
}

const at = (iso: string) => new Date(iso);
const codeOf = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.extensions?.code;
const reasonsOf = (res: GraphQLResponse<unknown>) =>
  (res.errors?.[0]?.extensions?.reasons as { code: string; message: string }[] | undefined) ?? [];

describe('derestriction requests (London §9)', () => {
  let api: TestApi;
  const writes = () =>
    Promise.all(
      ['derestriction_request', 'decision', 'restriction', 'audit_event'].map((t) =>
        countRows(api, t),
      ),
    );
  const officer = 'officer@london-borough.example';
  const ceo = 'chief-executive@london-borough.example';

  beforeAll(async () => {
    api = await startTestApi({ now: at('2026-01-05T09:00:00Z') });
  });
  afterAll(() => api.close());

  const request = async (email: string, input: Record<string, unknown>, slug = 'london-borough') =>
    api.gql<{ requestDerestriction: { id: string; status: string } }>(
      REQUEST,
      { input },
      await api.token(slug, email),
    );
  const decide = async (email: string, input: Record<string, unknown>, slug = 'london-borough') =>
    api.gql<Decided>(
      DECIDE,
      { input: await withCaseVersion(api, input) },
      await api.token(slug, email),
    );
  /** §9: "The Chief Executive will consult with such staff as he considers appropriate". */
  const consulted = async (caseId: string, derestrictionRequestId: string) => {
    const res = await api.gql(
      `mutation($input: RecordConsultationInput!) { recordConsultation(input: $input) { id } }`,
      {
        input: {
          caseId,
          derestrictionRequestId,
          subject: 'DERESTRICTION',
          consultee: 'head-of-customer-engagement',
          consultedName: 'Head of Customer Engagement',
          note: 'No incidents since the restriction began.',
        },
      },
      await api.token('london-borough', ceo),
    );
    expect(res.errors).toBeUndefined();
  };

  const seedLondon = (
    restrictions: { type: string; parameters?: Record<string, unknown>; endsAt: Date | null }[],
  ) =>
    seedRestrictedCase(api, {
      slug: 'london-borough',
      openedBy: officer,
      stage: 'restriction',
      transitionKey: 'restrict',
      fromStage: 'warning',
      decidedAt: at('2026-01-05T09:00:00Z'),
      participants: [
        { email: 'director@london-borough.example', role: 'director', step: 'propose' },
        { email: ceo, role: 'chief-executive', step: 'decide' },
      ],
      restrictions,
      reviewDueAt: at('2026-07-05T09:00:00Z'),
    });

  describe('a six-month restriction', () => {
    let seeded: SeededCase;
    beforeAll(async () => {
      api.clock.set(at('2026-01-05T09:00:00Z'));
      seeded = await seedLondon([
        {
          type: 'building-ban',
          parameters: { buildings: 'Civic Centre' },
          endsAt: at('2026-07-05T09:00:00Z'),
        },
      ]);
    });

    it('refuses a request before half the period, writing nothing', async () => {
      api.clock.set(at('2026-02-01T09:00:00Z'));
      const before = await writes();
      const res = await request(officer, {
        restrictionId: seeded.restrictionIds[0],
        reason: 'The customer wants to visit the library.',
        exceptional: false,
      });
      expect(codeOf(res)).toBe('POLICY_VIOLATION');
      expect(reasonsOf(res).map((r) => r.code)).toEqual(['DERESTRICTION_TOO_EARLY']);
      expect(reasonsOf(res)[0]!.message).toContain('2026-04-05');
      expect(await writes()).toEqual(before);
    });

    it('accepts an early request when exceptional circumstances are recorded', async () => {
      const res = await request(officer, {
        restrictionId: seeded.restrictionIds[0],
        reason: 'Bereavement: the customer must register a death at the Civic Centre.',
        exceptional: true,
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!.requestDerestriction).toMatchObject({
        status: 'pending',
        exceptional: true,
      });
      const again = await request(officer, {
        restrictionId: seeded.restrictionIds[0],
        reason: 'Again.',
        exceptional: true,
      });
      expect(codeOf(again)).toBe('CONFLICT');
    });

    it('only the Chief Executive decides; a grant lifts the restriction and closes the case', async () => {
      const [pending] = await api.owner.query(
        `select id from derestriction_request where restriction_id = $1`,
        [seeded.restrictionIds[0]],
      );
      await consulted(seeded.caseId, pending.id);
      const before = await writes();
      const byOfficer = await decide(officer, {
        requestId: pending.id,
        grant: true,
        note: 'Granted.',
      });
      expect(codeOf(byOfficer)).toBe('POLICY_VIOLATION');
      expect(reasonsOf(byOfficer).map((r) => r.code)).toEqual(['WRONG_ROLE']);
      expect(reasonsOf(byOfficer)[0]!.message).toContain('Chief Executive');
      expect(await writes()).toEqual(before);

      api.clock.set(at('2026-02-03T09:00:00Z'));
      const res = await decide(ceo, {
        requestId: pending.id,
        grant: true,
        note: 'Exceptional circumstances accepted.',
      });
      expect(res.errors).toBeUndefined();
      const out = res.data!.decideDerestriction;
      expect(out.request.status).toBe('granted');
      expect(out.decision).toMatchObject({ kind: 'derestriction', outcome: 'granted' });
      expect(out.request.decisionId).toBe(out.decision.id);
      expect(out.liftedRestrictions).toEqual([{ id: seeded.restrictionIds[0], status: 'lifted' }]);
      expect(out.case).toMatchObject({ stage: 'closed', status: 'closed', reviewDueAt: null });
      const again = await decide(ceo, { requestId: pending.id, grant: false, note: 'x' });
      expect(codeOf(again)).toBe('CONFLICT');
    });

    it('lists requests on the case', async () => {
      const res = await api.gql<{
        case: { derestrictionRequests: { status: string; exceptional: boolean }[] };
      }>(
        `query($id: ID!) { case(id: $id) { derestrictionRequests { status exceptional } } }`,
        { id: seeded.caseId },
        await api.token('london-borough', officer),
      );
      expect(res.data!.case.derestrictionRequests).toEqual([
        { status: 'granted', exceptional: true },
      ]);
    });
  });

  describe('an indefinite restriction', () => {
    it('may be asked about after a year; a refusal leaves it in force', async () => {
      api.clock.set(at('2026-01-05T09:00:00Z'));
      const seeded = await seedLondon([
        { type: 'recorded-contact', endsAt: null },
        { type: 'building-ban', parameters: { buildings: 'Town Hall' }, endsAt: null },
      ]);
      api.clock.set(at('2026-12-01T09:00:00Z'));
      const early = await request(officer, {
        restrictionId: seeded.restrictionIds[0],
        reason: 'Conduct improved.',
        exceptional: false,
      });
      expect(reasonsOf(early).map((r) => r.code)).toEqual(['DERESTRICTION_TOO_EARLY']);
      expect(reasonsOf(early)[0]!.message).toContain('2027-01-05');
      api.clock.set(at('2027-01-06T09:00:00Z'));
      const res = await request(officer, {
        restrictionId: seeded.restrictionIds[0],
        reason: 'Conduct improved.',
        exceptional: false,
      });
      expect(res.errors).toBeUndefined();
      await consulted(seeded.caseId, res.data!.requestDerestriction.id);
      const refused = await decide(ceo, {
        requestId: res.data!.requestDerestriction.id,
        grant: false,
        note: 'Recent incidents.',
      });
      expect(refused.errors).toBeUndefined();
      expect(refused.data!.decideDerestriction.request.status).toBe('refused');
      expect(refused.data!.decideDerestriction.liftedRestrictions).toEqual([]);
      expect(refused.data!.decideDerestriction.case.stage).toBe('restriction');

      const second = await request(officer, {
        restrictionId: seeded.restrictionIds[1],
        reason: 'Needs the Town Hall.',
        exceptional: false,
      });
      await consulted(seeded.caseId, second.data!.requestDerestriction.id);
      const granted = await decide(ceo, {
        requestId: second.data!.requestDerestriction.id,
        grant: true,
        note: 'Granted.',
      });
      // One measure remains, so the case stays restricted.
      expect(granted.data!.decideDerestriction.case.stage).toBe('restriction');
      expect(granted.data!.decideDerestriction.liftedRestrictions).toHaveLength(1);
    });
  });

  describe('other councils, input and tenancy', () => {
    let maidstone: SeededCase;
    beforeAll(async () => {
      api.clock.set(at('2026-01-05T09:00:00Z'));
      maidstone = await seedRestrictedCase(api, {
        slug: 'maidstone',
        openedBy: 'officer@maidstone.example',
        stage: 'policy-applied',
        transitionKey: 'apply-policy',
        fromStage: 'warning',
        decidedAt: at('2026-01-05T09:00:00Z'),
        participants: [
          { email: 'manager@maidstone.example', role: 'manager', step: 'propose' },
          { email: 'head-of-policy@maidstone.example', role: 'head-of-policy', step: 'decide' },
        ],
        restrictions: [
          {
            type: 'single-channel',
            parameters: { channel: 'letter' },
            endsAt: at('2026-04-05T09:00:00Z'),
          },
        ],
        reviewDueAt: at('2026-04-05T09:00:00Z'),
      });
    });

    it('where the policy has no separate request, says so', async () => {
      api.clock.set(at('2026-03-01T09:00:00Z'));
      const res = await request(
        'officer@maidstone.example',
        { restrictionId: maidstone.restrictionIds[0], reason: 'x', exceptional: false },
        'maidstone',
      );
      expect(codeOf(res)).toBe('POLICY_VIOLATION');
      expect(reasonsOf(res).map((r) => r.code)).toEqual(['NO_DERESTRICTION_ROUTE']);
    });

    it.each([
      [REQUEST, { restrictionId: 'nope', reason: 'x', exceptional: false }, 'input.restrictionId'],
      [
        REQUEST,
        { restrictionId: '00000000-0000-4000-8000-000000000000', reason: '', exceptional: false },
        'input.reason',
      ],
      [
        DECIDE,
        { requestId: 'nope', grant: true, note: 'x', expectedCaseVersion: 0 },
        'input.requestId',
      ],
      [
        DECIDE,
        {
          requestId: '00000000-0000-4000-8000-000000000000',
          grant: true,
          note: ' ',
          expectedCaseVersion: 0,
        },
        'input.note',
      ],
    ])('rejects malformed input (%#) and writes nothing', async (query, input, field) => {
      const before = await writes();
      const res = await api.gql(query, { input }, await api.token('london-borough', ceo));
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await writes()).toEqual(before);
    });

    it('answers another council’s restriction id exactly like a missing one', async () => {
      const foreign = await request(officer, {
        restrictionId: maidstone.restrictionIds[0],
        reason: 'x',
        exceptional: true,
      });
      const missing = await request(officer, {
        restrictionId: '00000000-0000-4000-8000-000000000000',
        reason: 'x',
        exceptional: true,
      });
      expect(codeOf(foreign)).toBe('NOT_FOUND');
      expect(foreign.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
    });
  });
});
