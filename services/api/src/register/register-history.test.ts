import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import { withCaseVersion } from '@conduct/api/testing/case-version';
import { seedRestrictedCase } from '@conduct/api/testing/reviews/restricted-case.fixture';

const REGISTER = `query($scope: RegisterScope) { register(scope: $scope) {
  edges { node { caseId status closedAt restrictionHistory { type status startsAt endsAt endedAt } } } } }`;

interface Entry {
  caseId: string;
  status: string;
  closedAt: string | null;
  restrictionHistory: {
    type: string;
    status: string;
    startsAt: string;
    endsAt: string | null;
    endedAt: string | null;
  }[];
}

const at = (iso: string) => new Date(iso);
const SLUG = 'london-borough';

describe('the register keeps ended restrictions with their dates', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ now: at('2026-01-05T09:00:00Z') });
  });
  afterAll(() => api.close());

  const as = (role: string) => api.token(SLUG, `${role}@${SLUG}.example`);
  const register = async (scope: string): Promise<Entry[]> => {
    const res = await api.gql<{ register: { edges: { node: Entry }[] } }>(
      REGISTER,
      { scope },
      await as('head-of-customer-engagement'),
    );
    expect(res.errors).toBeUndefined();
    return res.data!.register.edges.map((e) => e.node);
  };

  it('a restriction lifted on request leaves the current register, and stays in its history', async () => {
    const seeded = await seedRestrictedCase(api, {
      slug: SLUG,
      openedBy: `officer@${SLUG}.example`,
      stage: 'restriction',
      transitionKey: 'restrict',
      fromStage: 'warning',
      decidedAt: at('2026-01-05T09:00:00Z'),
      participants: [
        { email: `director@${SLUG}.example`, role: 'director', step: 'propose' },
        { email: `chief-executive@${SLUG}.example`, role: 'chief-executive', step: 'decide' },
      ],
      restrictions: [
        {
          type: 'building-ban',
          parameters: { buildings: 'Civic Centre' },
          endsAt: at('2026-07-05T09:00:00Z'),
        },
      ],
      reviewDueAt: at('2026-07-05T09:00:00Z'),
    });
    expect((await register('CURRENT')).map((e) => e.caseId)).toContain(seeded.caseId);

    api.clock.set(at('2026-04-10T09:00:00Z'));
    const requested = await api.gql<{ requestDerestriction: { id: string } }>(
      `mutation($input: RequestDerestrictionInput!) { requestDerestriction(input: $input) { id } }`,
      {
        input: { restrictionId: seeded.restrictionIds[0], reason: 'Improved.', exceptional: false },
      },
      await as('officer'),
    );
    const requestId = requested.data!.requestDerestriction.id;
    await api.gql(
      `mutation($input: RecordConsultationInput!) { recordConsultation(input: $input) { id } }`,
      {
        input: {
          caseId: seeded.caseId,
          subject: 'DERESTRICTION',
          derestrictionRequestId: requestId,
          consultee: 'director',
          note: 'Agree to lift.',
        },
      },
      await as('director'),
    );
    const decided = await api.gql(
      `mutation($input: DecideDerestrictionInput!) { decideDerestriction(input: $input) { request { status } } }`,
      { input: await withCaseVersion(api, { requestId, grant: true, note: 'Lifted.' }) },
      await as('chief-executive'),
    );
    expect(decided.errors).toBeUndefined();

    expect((await register('CURRENT')).map((e) => e.caseId)).not.toContain(seeded.caseId);
    const kept = (await register('ALL')).find((e) => e.caseId === seeded.caseId);
    expect(kept).toMatchObject({ status: 'closed', closedAt: '2026-04-10T09:00:00.000Z' });
    expect(kept!.restrictionHistory).toEqual([
      {
        type: 'building-ban',
        status: 'lifted',
        startsAt: '2026-01-05T09:00:00.000Z',
        endsAt: '2026-07-05T09:00:00.000Z',
        endedAt: '2026-04-10T09:00:00.000Z',
      },
    ]);
  });
});
