import { startTestApi, type GraphQLResponse, type TestApi } from '@conduct/api/testing/test-api';
import { withCaseVersion } from '@conduct/api/testing/case-version';
import {
  seedCouncilCase,
  seedRestrictedCase,
  userIdOf,
} from '@conduct/api/testing/reviews/restricted-case.fixture';

const CONSULT = `mutation($input: RecordConsultationInput!) {
  recordConsultation(input: $input) {
    id subject proposalId derestrictionRequestId reviewId consultee consultedUserId consultedName note recordedBy
  } }`;
const REVIEW = `mutation($input: RecordReviewInput!) {
  recordReview(input: $input) { review { id consultations } } }`;
const CASE_CONSULTATIONS = `query($id: ID!) { case(id: $id) {
  consultations { id subject consultee consultedUserId consultedName note reviewId } } }`;

interface Consulted {
  id: string;
  subject: string;
  proposalId: string | null;
  reviewId: string | null;
  consultee: string;
  consultedUserId: string | null;
  consultedName: string | null;
  note: string;
  recordedBy: string;
}

const at = (iso: string) => new Date(iso);
const err = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.extensions ?? {};
const reasonCodes = (res: GraphQLResponse<unknown>) =>
  ((err(res).reasons as { code: string }[] | undefined) ?? []).map((r) => r.code);

describe('consultations record who was consulted and what they advised', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ now: at('2026-01-05T09:00:00Z') });
  });
  afterAll(() => api.close());

  const as = async (slug: string, role: string) => api.token(slug, `${role}@${slug}.example`);
  const consult = async (slug: string, role: string, input: Record<string, unknown>) =>
    api.gql<{ recordConsultation: Consulted }>(CONSULT, { input }, await as(slug, role));

  describe('Southampton: the CRM considers the referral in consultation with Legal (a proposal)', () => {
    const slug = 'southampton';
    let caseId: string;
    beforeAll(async () => {
      const seeded = await seedRestrictedCase(api, {
        slug,
        openedBy: 'officer@southampton.example',
        stage: 'local-resolution',
        transitionKey: 'start-local-resolution',
        fromStage: 'concern',
        decidedAt: at('2026-01-05T09:00:00Z'),
        participants: [
          { email: 'service-manager@southampton.example', role: 'service-manager', step: 'decide' },
        ],
        restrictions: [],
        reviewDueAt: null,
      });
      caseId = seeded.caseId;
      // The service manager's referral, open on the case.
      await api.owner.query(
        `insert into proposal (tenant_id, case_id, transition_key, from_stage, to_stage, rationale,
           evidence_contact_ids, restrictions, duration_months, indefinite, exceptional,
           principal_unavailable, status, proposed_by, proposed_at)
         values ($1, $2, 'impose-restrictions', 'local-resolution', 'restriction', 'Referral',
           '{}', '[]', 6, false, false, false, 'open', $3, now())`,
        [
          api.tenants[slug],
          caseId,
          await userIdOf(api, slug, 'service-manager@southampton.example'),
        ],
      );
    });

    it('refuses someone neither consulted nor taking the decision, writing nothing', async () => {
      const res = await consult(slug, 'officer', {
        caseId,
        consultee: 'head-of-service-legal',
        consultedName: 'Legal',
        note: 'Proceed.',
      });
      expect(err(res).code).toBe('POLICY_VIOLATION');
      expect(reasonCodes(res)).toEqual(['NOT_CONSULTATION_RECORDER']);
      const [{ n }] = await api.owner.query(
        `select count(*)::int n from consultation where case_id = $1`,
        [caseId],
      );
      expect(n).toBe(0);
    });

    it('the decider must say who was consulted; a named user must hold the role', async () => {
      const anonymous = await consult(slug, 'complaints-resolution-manager', {
        caseId,
        consultee: 'head-of-service-legal',
        note: 'Proceed.',
      });
      expect(err(anonymous)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.consultedName',
      });
      const wrongPerson = await consult(slug, 'complaints-resolution-manager', {
        caseId,
        consultee: 'head-of-service-legal',
        consultedUserId: await userIdOf(api, slug, 'officer@southampton.example'),
        note: 'Proceed.',
      });
      expect(err(wrongPerson)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.consultedUserId',
      });
    });

    it('records who and what: named by the decider, or by the person consulted', async () => {
      const legalId = await userIdOf(api, slug, 'head-of-service-legal@southampton.example');
      const byDecider = await consult(slug, 'complaints-resolution-manager', {
        caseId,
        consultee: 'head-of-service-legal',
        consultedUserId: legalId,
        note: 'The evidence supports restriction; keep one channel open.',
      });
      expect(byDecider.errors).toBeUndefined();
      expect(byDecider.data!.recordConsultation).toMatchObject({
        subject: 'PROPOSAL',
        consultee: 'head-of-service-legal',
        consultedUserId: legalId,
        note: 'The evidence supports restriction; keep one channel open.',
      });
      expect(byDecider.data!.recordConsultation.proposalId).not.toBeNull();
      // Listed oldest first: the second is recorded a minute later.
      api.clock.set(new Date(api.clock.now().getTime() + 60_000));
      const bySelf = await consult(slug, 'head-of-service-legal', {
        caseId,
        consultee: 'head-of-service-legal',
        note: 'Agreed.',
      });
      expect(bySelf.data!.recordConsultation).toMatchObject({
        consultedUserId: legalId,
        consultedName: null,
        recordedBy: legalId,
      });
      const listed = await api.gql<{ case: { consultations: Consulted[] } }>(
        CASE_CONSULTATIONS,
        { id: caseId },
        await as(slug, 'officer'),
      );
      expect(listed.data!.case.consultations.map((c) => c.note)).toEqual([
        'The evidence supports restriction; keep one channel open.',
        'Agreed.',
      ]);
      // The audit names ids and the role, never the advice.
      const rows = await api.owner.query(
        `select payload::text p from audit_event where action = 'consultation.recorded' and case_id = $1`,
        [caseId],
      );
      expect(rows).toHaveLength(2);
      for (const r of rows) expect(r.p).not.toContain('evidence supports');
    });
  });

  describe('Cheshire West §7: reviews in consultation with the Directors', () => {
    const slug = 'cheshire-west-and-chester';
    let caseId: string;
    beforeAll(async () => {
      api.clock.set(at('2026-01-05T09:00:00Z'));
      const seeded = await seedCouncilCase(api, slug, {
        decidedAt: at('2026-01-05T09:00:00Z'),
        restrictions: [
          {
            type: 'call-time-limit',
            parameters: { minutes: 15 },
            endsAt: at('2026-07-05T09:00:00Z'),
          },
        ],
        reviewDueAt: at('2026-07-05T09:00:00Z'),
      });
      caseId = seeded.caseId;
    });

    const review = async () =>
      api.gql<{ recordReview: { review: { id: string; consultations: string[] } } }>(
        REVIEW,
        {
          input: await withCaseVersion(api, {
            caseId,
            outcome: 'CONTINUE',
            note: 'Monitoring continues.',
          }),
        },
        await as(slug, 'customer-relations-manager'),
      );

    it('refuses a review until the consultation is recorded with who and what', async () => {
      api.clock.set(at('2026-06-20T09:00:00Z'));
      expect(reasonCodes(await review())).toEqual(['CONSULTATION_MISSING']);
      const byOfficer = await consult(slug, 'officer', {
        caseId,
        subject: 'REVIEW',
        consultee: 'director',
        consultedName: 'Director of Housing',
        note: 'Continue.',
      });
      expect(reasonCodes(byOfficer)).toEqual(['NOT_CONSULTATION_RECORDER']);
    });

    it('a reviewer records the Director’s advice; it counts for that review only', async () => {
      const recorded = await consult(slug, 'customer-relations-manager', {
        caseId,
        subject: 'REVIEW',
        consultee: 'director',
        consultedName: 'Director of Housing',
        note: 'Continue for another six months.',
      });
      expect(recorded.errors).toBeUndefined();
      const done = await review();
      expect(done.errors).toBeUndefined();
      expect(done.data!.recordReview.review.consultations).toEqual(['director']);
      const listed = await api.gql<{ case: { consultations: Consulted[] } }>(
        CASE_CONSULTATIONS,
        { id: caseId },
        await as(slug, 'officer'),
      );
      expect(listed.data!.case.consultations).toEqual([
        expect.objectContaining({
          subject: 'REVIEW',
          consultedName: 'Director of Housing',
          note: 'Continue for another six months.',
          reviewId: done.data!.recordReview.review.id,
        }),
      ]);
      api.clock.set(at('2026-12-20T09:00:00Z'));
      expect(reasonCodes(await review())).toEqual(['CONSULTATION_MISSING']);
    });
  });

  describe('London §9: the Chief Executive consults such staff as he considers appropriate', () => {
    const slug = 'london-borough';
    it('refuses the decision until a consultation is recorded for the request', async () => {
      api.clock.set(at('2026-01-05T09:00:00Z'));
      const seeded = await seedCouncilCase(api, slug, {
        decidedAt: at('2026-01-05T09:00:00Z'),
        restrictions: [
          { type: 'building-ban', parameters: { buildings: 'Civic Centre' }, endsAt: null },
        ],
        reviewDueAt: at('2027-01-05T09:00:00Z'),
      });
      api.clock.set(at('2027-01-10T09:00:00Z'));
      const requested = await api.gql<{ requestDerestriction: { id: string } }>(
        `mutation($input: RequestDerestrictionInput!) { requestDerestriction(input: $input) { id } }`,
        {
          input: {
            restrictionId: seeded.restrictionIds[0],
            reason: 'Conduct improved.',
            exceptional: false,
          },
        },
        await as(slug, 'officer'),
      );
      const requestId = requested.data!.requestDerestriction.id;
      const decide = async () =>
        api.gql(
          `mutation($input: DecideDerestrictionInput!) { decideDerestriction(input: $input) { request { status } } }`,
          { input: await withCaseVersion(api, { requestId, grant: true, note: 'Lifted.' }) },
          await as(slug, 'chief-executive'),
        );
      const refused = await decide();
      expect(reasonCodes(refused)).toEqual(['CONSULTATION_MISSING']);
      const consulted = await consult(slug, 'chief-executive', {
        caseId: seeded.caseId,
        subject: 'DERESTRICTION',
        derestrictionRequestId: requestId,
        consultee: 'head-of-customer-engagement',
        consultedName: 'Head of Customer Engagement',
        note: 'No incidents for a year.',
      });
      expect(consulted.data!.recordConsultation).toMatchObject({
        subject: 'DERESTRICTION',
        derestrictionRequestId: requestId,
      });
      const granted = await decide();
      expect(granted.errors).toBeUndefined();
    });
  });
});
