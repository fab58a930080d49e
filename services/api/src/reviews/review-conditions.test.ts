import { startTestApi, type GraphQLResponse, type TestApi } from '@conduct/api/testing/test-api';
import { withCaseVersion } from '@conduct/api/testing/case-version';
import {
  seedRestrictedCase,
  type SeededCase,
} from '@conduct/api/testing/reviews/restricted-case.fixture';

const REVIEW = `mutation($input: RecordReviewInput!) {
  recordReview(input: $input) { review { outcome } restrictions { endsAt } } }`;
const LOG = `mutation($input: LogContactInput!) { logContact(input: $input) { id } }`;

const at = (iso: string) => new Date(iso);
const reasonCodes = (res: GraphQLResponse<unknown>) =>
  ((res.errors?.[0]?.extensions?.reasons as { code: string }[] | undefined) ?? []).map(
    (r) => r.code,
  );

/** Conditions the policy puts on a review outcome, checked by the engine. */
describe('conditions on review outcomes', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ now: at('2026-01-05T09:00:00Z') });
  });
  afterAll(() => api.close());

  const as = (slug: string, role: string) => api.token(slug, `${role}@${slug}.example`);
  const review = async (slug: string, role: string, input: Record<string, unknown>) =>
    api.gql(REVIEW, { input: await withCaseVersion(api, input) }, await as(slug, role));
  const logContact = async (slug: string, seeded: SeededCase, channel: string) => {
    const res = await api.gql(
      LOG,
      {
        input: {
          customerId: seeded.customerId,
          caseId: seeded.caseId,
          occurredAt: api.clock.now().toISOString(),
          channel,
          behaviourCategories: [],
          severity: 'medium',
          description: 'Contact continued.',
        },
      },
      await as(slug, 'officer'),
    );
    expect(res.errors).toBeUndefined();
  };
  const seed = (slug: string, stage: string, type: string, decider: string) =>
    seedRestrictedCase(api, {
      slug,
      openedBy: `officer@${slug}.example`,
      stage,
      transitionKey: 'impose-restrictions',
      fromStage: 'concern',
      decidedAt: at('2026-01-05T09:00:00Z'),
      participants: [{ email: `${decider}@${slug}.example`, role: decider, step: 'decide' }],
      restrictions: [{ type, endsAt: at('2027-01-05T09:00:00Z') }],
      reviewDueAt: at('2027-01-05T09:00:00Z'),
    });

  it('Welwyn Hatfield §10.1: extended only "if the contact has continued during this period"', async () => {
    const slug = 'welwyn-hatfield';
    api.clock.set(at('2026-01-05T09:00:00Z'));
    const seeded = await seed(slug, 'restrictions', 'letter-only', 'service-manager');
    api.clock.set(at('2027-01-04T09:00:00Z'));
    const extend = { caseId: seeded.caseId, outcome: 'EXTEND', durationMonths: 12, note: 'x' };
    const refused = await review(slug, 'service-manager', extend);
    expect(reasonCodes(refused)).toEqual(['NO_CONDUCT_SINCE_LAST_DECISION']);
    // The condition is on extending only: continuing needs no new contact.
    const continued = await review(slug, 'service-manager', {
      caseId: seeded.caseId,
      outcome: 'CONTINUE',
      note: 'Reviewed.',
    });
    expect(continued.errors).toBeUndefined();
    api.clock.set(at('2027-01-04T10:00:00Z'));
    // Conduct before the continue does not count: it is since the previous decision.
    expect(reasonCodes(await review(slug, 'service-manager', extend))).toEqual([
      'NO_CONDUCT_SINCE_LAST_DECISION',
    ]);
    await logContact(slug, seeded, 'email');
    api.clock.set(at('2027-01-04T11:00:00Z'));
    const extended = await review(slug, 'service-manager', extend);
    expect(extended.errors).toBeUndefined();
  });

  it('Southampton: extended only if further behaviour was exhibited during the review period', async () => {
    const slug = 'southampton';
    api.clock.set(at('2026-01-05T09:00:00Z'));
    const seeded = await seed(
      slug,
      'restriction',
      'significant-queries-only',
      'complaints-resolution-manager',
    );
    api.clock.set(at('2026-12-20T09:00:00Z'));
    const extend = {
      caseId: seeded.caseId,
      outcome: 'EXTEND',
      durationMonths: 12,
      note: 'The calls persist.',
      customerInvitedToComment: true,
    };
    const refused = await review(slug, 'complaints-resolution-manager', extend);
    expect(reasonCodes(refused)).toEqual(['NO_CONDUCT_SINCE_LAST_DECISION']);
    await logContact(slug, seeded, 'telephone');
    api.clock.set(at('2026-12-20T10:00:00Z'));
    const extended = await review(slug, 'complaints-resolution-manager', extend);
    expect(extended.errors).toBeUndefined();
  });
});
