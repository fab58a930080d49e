import {
  countRows,
  seedRestrictedCase,
  userIdOf,
} from '@conduct/api/testing/reviews/restricted-case.fixture';
import { withCaseVersion } from '@conduct/api/testing/case-version';
import { startTestApi, type GraphQLResponse, type TestApi } from '@conduct/api/testing/test-api';

/**
 * A designated officer linked to a staff account must be an active member of staff of the
 * council on every path that sets measures, not only on a proposal: a review that varies the
 * measures and an appeal decided VARIED go through the same check in the decision pipeline.
 */
const SLUG = 'southampton';
const at = (iso: string) => new Date(iso);
const NOBODY = '6f1c2a4e-0b7d-4c1e-9a51-3d2f8e7b6c10';

const REVIEW = `mutation($input: RecordReviewInput!) {
  recordReview(input: $input) { restrictions { type parametersJson } } }`;
const LODGE = `mutation($input: LodgeAppealInput!) { lodgeAppeal(input: $input) { id } }`;
const DECIDE = `mutation($input: DecideAppealInput!) {
  decideAppeal(input: $input) { appeal { status } restrictions { type parametersJson } } }`;

const spoc = (officerUser: string) => [
  {
    type: 'single-point-of-contact',
    parametersJson: JSON.stringify({ officer: 'B Officer', officerUser }),
  },
];
const field = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.extensions;

describe('Southampton: a linked single point of contact on every path that sets measures', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ now: at('2026-01-05T09:00:00Z') });
  });
  afterAll(() => api.close());

  const as = (who: string) => api.token(SLUG, `${who}@${SLUG}.example`);
  const writes = () =>
    Promise.all(['decision', 'restriction', 'letter', 'audit_event'].map((t) => countRows(api, t)));
  const seed = () =>
    seedRestrictedCase(api, {
      slug: SLUG,
      openedBy: `officer@${SLUG}.example`,
      stage: 'restriction',
      transitionKey: 'impose-restrictions',
      fromStage: 'local-resolution',
      decidedAt: at('2026-01-05T09:00:00Z'),
      participants: [
        { email: `service-manager@${SLUG}.example`, role: 'service-manager', step: 'propose' },
        {
          email: `complaints-resolution-manager@${SLUG}.example`,
          role: 'complaints-resolution-manager',
          step: 'decide',
        },
      ],
      restrictions: [
        {
          type: 'single-point-of-contact',
          parameters: { officer: 'A Officer' },
          endsAt: at('2027-01-05T09:00:00Z'),
        },
      ],
      reviewDueAt: at('2027-01-05T09:00:00Z'),
    });

  it('review VARY: refuses a link to someone not on the staff, writing nothing; links a member of staff', async () => {
    api.clock.set(at('2026-01-05T09:00:00Z'));
    const seeded = await seed();
    api.clock.set(at('2026-06-01T09:00:00Z'));
    const review = async (officerUser: string) =>
      api.gql<{ recordReview: { restrictions: { type: string; parametersJson: string }[] } }>(
        REVIEW,
        {
          input: await withCaseVersion(api, {
            caseId: seeded.caseId,
            outcome: 'VARY',
            note: 'A new single point of contact.',
            restrictions: spoc(officerUser),
          }),
        },
        await as('complaints-resolution-manager'),
      );
    const before = await writes();
    const bad = await review(NOBODY);
    expect(field(bad)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.restrictions.0.parameters.officerUser',
    });
    expect(await writes()).toEqual(before);
    const officer = await userIdOf(api, SLUG, `officer@${SLUG}.example`);
    const ok = await review(officer);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.recordReview.restrictions.map((r) => JSON.parse(r.parametersJson))).toEqual([
      { officer: 'B Officer', officerUser: officer },
    ]);
  });

  it('appeal VARIED: refuses a link to someone not on the staff, writing nothing; links a member of staff', async () => {
    api.clock.set(at('2026-01-10T09:00:00Z'));
    const seeded = await seed();
    const lodged = await api.gql<{ lodgeAppeal: { id: string } }>(
      LODGE,
      { input: { decisionId: seeded.decisionId, grounds: 'Disagrees.' } },
      await as('officer'),
    );
    expect(lodged.errors).toBeUndefined();
    const decide = async (officerUser: string) =>
      api.gql<{ decideAppeal: { restrictions: { parametersJson: string }[] } }>(
        DECIDE,
        {
          input: await withCaseVersion(api, {
            appealId: lodged.data!.lodgeAppeal.id,
            outcome: 'VARIED',
            note: 'A different officer.',
            restrictions: spoc(officerUser),
          }),
        },
        await as('service-director-legal'),
      );
    const before = await Promise.all([writes(), countRows(api, 'appeal')]);
    const bad = await decide(NOBODY);
    expect(field(bad)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.restrictions.0.parameters.officerUser',
    });
    expect(await Promise.all([writes(), countRows(api, 'appeal')])).toEqual(before);
    const [{ status }] = await api.owner.query(`select status from appeal where id = $1`, [
      lodged.data!.lodgeAppeal.id,
    ]);
    expect(status).toBe('lodged');
    const officer = await userIdOf(api, SLUG, `officer@${SLUG}.example`);
    const ok = await decide(officer);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.decideAppeal.restrictions.map((r) => JSON.parse(r.parametersJson))).toEqual([
      { officer: 'B Officer', officerUser: officer },
    ]);
  });
});
