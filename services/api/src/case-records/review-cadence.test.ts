import { startTestApi, type GraphQLResponse, type TestApi } from '@conduct/api/testing/test-api';
import { seedRestrictedCase } from '@conduct/api/testing/reviews/restricted-case.fixture';

const SET = `mutation($input: SetNextReviewInput!) {
  setNextReview(input: $input) { id reviewDueAt records { kind body } } }`;

const at = (iso: string) => new Date(iso);
const err = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.extensions ?? {};
const reasonCodes = (res: GraphQLResponse<unknown>) =>
  ((err(res).reasons as { code: string }[] | undefined) ?? []).map((r) => r.code);

describe('per-case review cadence', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ now: at('2026-01-05T09:00:00Z') });
  });
  afterAll(() => api.close());

  const set = async (slug: string, role: string, input: Record<string, unknown>) =>
    api.gql<{ setNextReview: { reviewDueAt: string; records: { kind: string; body: string }[] } }>(
      SET,
      { input },
      await api.token(slug, `${role}@${slug}.example`),
    );
  const dueAt = async (caseId: string) =>
    (
      (await api.owner.query(`select review_due_at from managed_case where id = $1`, [caseId])) as {
        review_due_at: Date;
      }[]
    )[0]!.review_due_at.toISOString();

  describe('Southampton: "the review period will be adjusted given the personal circumstances"', () => {
    const slug = 'southampton';
    let caseId: string;
    beforeAll(async () => {
      const seeded = await seedRestrictedCase(api, {
        slug,
        openedBy: `officer@${slug}.example`,
        stage: 'restriction',
        transitionKey: 'impose-restrictions',
        fromStage: 'local-resolution',
        decidedAt: at('2026-01-05T09:00:00Z'),
        participants: [
          {
            email: `complaints-resolution-manager@${slug}.example`,
            role: 'complaints-resolution-manager',
            step: 'decide',
          },
        ],
        restrictions: [{ type: 'significant-queries-only', endsAt: at('2027-01-05T09:00:00Z') }],
        reviewDueAt: at('2027-01-05T09:00:00Z'),
      });
      caseId = seeded.caseId;
    });

    it('refuses anyone but the reviewer, and dates outside the limits, writing nothing', async () => {
      const byOfficer = await set(slug, 'officer', {
        caseId,
        dueAt: '2026-04-05T09:00:00Z',
        reasons: 'Carer’s illness.',
      });
      expect(reasonCodes(byOfficer)).toEqual(['WRONG_ROLE']);
      for (const date of ['2027-02-06T09:00:00Z', '2026-01-05T10:00:00Z']) {
        const res = await set(slug, 'complaints-resolution-manager', {
          caseId,
          dueAt: date,
          reasons: 'Later.',
        });
        expect(reasonCodes(res)).toEqual(['REVIEW_DATE_OUT_OF_RANGE']);
      }
      const empty = await set(slug, 'complaints-resolution-manager', {
        caseId,
        dueAt: '2026-04-05T09:00:00Z',
        reasons: ' ',
      });
      expect(err(empty)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reasons' });
      expect(await dueAt(caseId)).toBe('2027-01-05T09:00:00.000Z');
    });

    it('the CRM brings the review forward with reasons; recorded on the case, audited by id', async () => {
      const res = await set(slug, 'complaints-resolution-manager', {
        caseId,
        dueAt: '2026-04-05T09:00:00Z',
        reasons: 'The restrictions bear hard on the customer’s care needs.',
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!.setNextReview.reviewDueAt).toBe('2026-04-05T09:00:00.000Z');
      expect(res.data!.setNextReview.records).toContainEqual({
        kind: 'review-rescheduled',
        body: 'The restrictions bear hard on the customer’s care needs.',
      });
      expect(await dueAt(caseId)).toBe('2026-04-05T09:00:00.000Z');
      const [event] = await api.owner.query(
        `select payload::text p from audit_event where action = 'case.review-rescheduled' and case_id = $1`,
        [caseId],
      );
      expect(event.p).not.toContain('care needs');
    });
  });

  it('Maidstone: a fixed three-monthly review cannot be moved case by case', async () => {
    const slug = 'maidstone';
    const seeded = await seedRestrictedCase(api, {
      slug,
      openedBy: `officer@${slug}.example`,
      stage: 'policy-applied',
      transitionKey: 'apply-policy',
      fromStage: 'warning',
      decidedAt: at('2026-01-05T09:00:00Z'),
      participants: [
        { email: `head-of-policy@${slug}.example`, role: 'head-of-policy', step: 'decide' },
      ],
      restrictions: [{ type: 'call-time-limit', parameters: { minutes: 10 }, endsAt: null }],
      reviewDueAt: at('2026-04-05T09:00:00Z'),
    });
    const res = await set(slug, 'policy-and-information-team', {
      caseId: seeded.caseId,
      dueAt: '2026-03-05T09:00:00Z',
      reasons: 'Sooner.',
    });
    expect(reasonCodes(res)).toEqual(['CADENCE_FIXED']);
  });
});
