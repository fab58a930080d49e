import { startTestApi, type GraphQLResponse, type TestApi } from '@conduct/api/testing/test-api';
import {
  countRows,
  seedCouncilCase,
  seedRestrictedCase,
  type SeededCase,
} from '@conduct/api/testing/reviews/restricted-case.fixture';
import { withCaseVersion } from '@conduct/api/testing/case-version';

const RECORD_REVIEW = `mutation($input: RecordReviewInput!) {
  recordReview(input: $input) {
    review { id outcome fromStage toStage nextReviewDueAt letterId noLetter noLetterReasons consultations customerCommentInvited }
    decision { id kind outcome fromStage toStage }
    case { id stage status reviewDueAt decisions { id } restrictions { id endsAt } }
    restrictions { id type endsAt status parametersJson }
    letter { id status templateKey title body }
  }
}`;

interface Recorded {
  recordReview: {
    review: {
      id: string;
      outcome: string;
      fromStage: string;
      toStage: string;
      nextReviewDueAt: string | null;
      letterId: string | null;
      noLetter: boolean;
      noLetterReasons: string | null;
      consultations: string[];
      customerCommentInvited: boolean;
    };
    decision: { id: string; kind: string; outcome: string; fromStage: string; toStage: string };
    case: {
      id: string;
      stage: string;
      status: string;
      reviewDueAt: string | null;
      decisions: { id: string }[];
      restrictions: { id: string; endsAt: string | null }[];
    };
    restrictions: {
      id: string;
      type: string;
      endsAt: string | null;
      status: string;
      parametersJson: string;
    }[];
    letter: { id: string; status: string; templateKey: string; title: string; body: string } | null;
  };
}

const at = (iso: string) => new Date(iso);
const codeOf = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.extensions?.code;
const reasonCodes = (res: GraphQLResponse<unknown>) =>
  ((res.errors?.[0]?.extensions?.reasons as { code: string }[] | undefined) ?? []).map(
    (r) => r.code,
  );

describe('reviews', () => {
  let api: TestApi;
  const writes = () =>
    Promise.all(
      ['review', 'decision', 'letter', 'restriction', 'audit_event'].map((t) => countRows(api, t)),
    );

  beforeAll(async () => {
    api = await startTestApi({ now: at('2026-01-05T09:00:00Z') });
  });
  afterAll(() => api.close());

  async function review(slug: string, email: string, input: Record<string, unknown>) {
    return api.gql<Recorded>(
      RECORD_REVIEW,
      { input: await withCaseVersion(api, input) },
      await api.token(slug, email),
    );
  }

  /** The consulted person records their advice for the next review (who and what). */
  async function consultedForReview(slug: string, role: string, caseId: string) {
    const res = await api.gql(
      `mutation($input: RecordConsultationInput!) { recordConsultation(input: $input) { id } }`,
      { input: { caseId, consultee: role, subject: 'REVIEW', note: 'Advice given.' } },
      await api.token(slug, `${role}@${slug}.example`),
    );
    expect(res.errors).toBeUndefined();
  }

  describe('Maidstone: every three months by the Policy and Information team (§7.2)', () => {
    let seeded: SeededCase;
    const team = 'policy-and-information-team@maidstone.example';

    beforeAll(async () => {
      api.clock.set(at('2026-01-05T09:00:00Z'));
      seeded = await seedCouncilCase(api, 'maidstone', {
        fullName: 'Morgan Maidstone',
        decidedAt: at('2026-01-05T09:00:00Z'),
        restrictions: [
          {
            type: 'single-point-of-contact',
            parameters: { officer: 'J Smith' },
            endsAt: at('2026-04-05T09:00:00Z'),
          },
        ],
        reviewDueAt: at('2026-04-05T09:00:00Z'),
      });
    });

    it('refuses a reviewer the policy does not name, writing nothing', async () => {
      api.clock.set(at('2026-04-01T09:00:00Z'));
      const before = await writes();
      const res = await review('maidstone', 'officer@maidstone.example', {
        caseId: seeded.caseId,
        outcome: 'CONTINUE',
        note: 'Conduct unchanged.',
      });
      expect(codeOf(res)).toBe('POLICY_VIOLATION');
      expect(reasonCodes(res)).toEqual(['WRONG_ROLE']);
      expect(await writes()).toEqual(before);
    });

    it('refuses outcomes the stage does not allow and a review with no letter', async () => {
      const escalate = await review('maidstone', team, {
        caseId: seeded.caseId,
        outcome: 'ESCALATE',
        note: 'Escalate.',
      });
      expect(reasonCodes(escalate)).toEqual(['OUTCOME_NOT_ALLOWED']);
      const silent = await review('maidstone', team, {
        caseId: seeded.caseId,
        outcome: 'CONTINUE',
        note: 'Continue.',
        noLetter: true,
        noLetterReasons: 'Customer asked not to be written to.',
      });
      expect(reasonCodes(silent)).toEqual(['LETTER_REQUIRED']);
    });

    it('extends by three months; the next review is three months on, and the letter is drafted', async () => {
      const res = await review('maidstone', team, {
        caseId: seeded.caseId,
        outcome: 'EXTEND',
        note: 'Contact remains excessive; the arrangements are extended.',
        durationMonths: 3,
      });
      expect(res.errors).toBeUndefined();
      const out = res.data!.recordReview;
      expect(out.decision).toMatchObject({
        kind: 'review',
        outcome: 'extend',
        fromStage: 'policy-applied',
        toStage: 'policy-applied',
      });
      expect(out.restrictions).toEqual([
        expect.objectContaining({
          type: 'single-point-of-contact',
          endsAt: '2026-07-05T09:00:00.000Z',
          status: 'active',
        }),
      ]);
      expect(out.review.nextReviewDueAt).toBe('2026-07-01T09:00:00.000Z');
      expect(out.case.reviewDueAt).toBe('2026-07-01T09:00:00.000Z');
      // The payload's case is read after the review: its lists hold what the review wrote.
      expect(out.case.decisions.map((d) => d.id)).toContain(out.decision.id);
      expect(out.case.restrictions).toContainEqual({
        id: out.restrictions[0]!.id,
        endsAt: '2026-07-05T09:00:00.000Z',
      });
      expect(out.letter).toMatchObject({ status: 'draft', templateKey: 'review-outcome-letter' });
      expect(out.letter!.body).toContain('Morgan Maidstone');
      expect(out.letter!.body).toContain('5 July 2026');
      expect(out.letter!.body).toContain('Director of Finance and Business Improvement');
      const [row] = await api.owner.query(`select review_due_at from managed_case where id = $1`, [
        seeded.caseId,
      ]);
      expect(row.review_due_at.toISOString()).toBe('2026-07-01T09:00:00.000Z');
    });

    it('a later review continues; the end of the period comes first', async () => {
      api.clock.set(at('2026-07-01T09:00:00Z'));
      const res = await review('maidstone', team, {
        caseId: seeded.caseId,
        outcome: 'CONTINUE',
        note: 'No change.',
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!.recordReview.review.nextReviewDueAt).toBe('2026-07-05T09:00:00.000Z');
    });

    it('varies the measures: parameters checked against the catalogue, the period kept', async () => {
      api.clock.set(at('2026-07-02T09:00:00Z'));
      const bad = await review('maidstone', team, {
        caseId: seeded.caseId,
        outcome: 'VARY',
        note: 'Add a call limit.',
        restrictions: [{ type: 'call-time-limit', parametersJson: '{"minutes":-5}' }],
      });
      expect(codeOf(bad)).toBe('POLICY_VIOLATION');
      expect(reasonCodes(bad)).toEqual(['RESTRICTION_PARAMETERS']);
      const res = await review('maidstone', team, {
        caseId: seeded.caseId,
        outcome: 'VARY',
        note: 'New single point of contact and a call limit.',
        restrictions: [
          { type: 'single-point-of-contact', parametersJson: '{"officer":"K Jones"}' },
          { type: 'call-time-limit', parametersJson: '{"minutes":10}' },
        ],
      });
      expect(res.errors).toBeUndefined();
      const restrictions = res.data!.recordReview.restrictions;
      expect(restrictions.map((r) => [r.type, JSON.parse(r.parametersJson), r.endsAt])).toEqual([
        ['single-point-of-contact', { officer: 'K Jones' }, '2026-07-05T09:00:00.000Z'],
        ['call-time-limit', { minutes: 10 }, '2026-07-05T09:00:00.000Z'],
      ]);
    });

    it('lifts: every measure lifted, the case closed, no further review', async () => {
      api.clock.set(at('2026-07-03T09:00:00Z'));
      const res = await review('maidstone', team, {
        caseId: seeded.caseId,
        outcome: 'LIFT',
        note: 'Contact has been reasonable for three months.',
      });
      expect(res.errors).toBeUndefined();
      const out = res.data!.recordReview;
      expect(out.case).toMatchObject({ stage: 'closed', status: 'closed', reviewDueAt: null });
      expect(out.restrictions).toEqual([]);
      expect(out.review.nextReviewDueAt).toBeNull();
      expect(out.letter!.body).toContain('lifted');
      const rows = await api.owner.query(
        `select status, ended_at from restriction where case_id = $1`,
        [seeded.caseId],
      );
      expect(rows.every((r: { status: string }) => r.status === 'lifted')).toBe(true);
    });

    it('lists the reviews on the case and audits each with ids and codes only', async () => {
      const officer = await api.token('maidstone', 'officer@maidstone.example');
      const res = await api.gql<{ case: { reviews: { outcome: string }[] } }>(
        `query($id: ID!) { case(id: $id) { reviews { outcome nextReviewDueAt } } }`,
        { id: seeded.caseId },
        officer,
      );
      expect(res.data!.case.reviews.map((r) => r.outcome)).toEqual([
        'EXTEND',
        'CONTINUE',
        'VARY',
        'LIFT',
      ]);
      const trail = await api.gql<{ auditTrail: { action: string; payload: string }[] }>(
        `query($id: ID!) { auditTrail(caseId: $id) { seq action payload } }`,
        { id: seeded.caseId },
        officer,
      );
      const recorded = trail.data!.auditTrail.filter((e) => e.action === 'review.recorded');
      expect(recorded).toHaveLength(4);
      for (const e of recorded) {
        expect(e.payload).not.toMatch(/Morgan|reasonable|K Jones|J Smith/);
      }
      expect(JSON.parse(recorded[3]!.payload)).toMatchObject({
        outcome: 'lift',
        toStage: 'closed',
      });
    });
  });

  describe('Cheshire West and Chester: at most every six months (§7)', () => {
    it('extends stage 2; the next review is six months after the review', async () => {
      api.clock.set(at('2026-01-05T09:00:00Z'));
      const seeded = await seedRestrictedCase(api, {
        slug: 'cheshire-west-and-chester',
        openedBy: 'officer@cheshire-west-and-chester.example',
        stage: 'stage-2',
        transitionKey: 'escalate-to-stage-2',
        fromStage: 'stage-1',
        decidedAt: at('2026-01-05T09:00:00Z'),
        participants: [
          {
            email: 'director@cheshire-west-and-chester.example',
            role: 'director',
            step: 'propose',
          },
          {
            email: 'customer-relations-team@cheshire-west-and-chester.example',
            role: 'customer-relations-team',
            step: 'recommend',
          },
          {
            email: 'director-of-governance@cheshire-west-and-chester.example',
            role: 'director-of-governance',
            step: 'decide',
          },
        ],
        restrictions: [
          {
            type: 'designated-premises',
            parameters: { premises: 'Wyvern House' },
            endsAt: at('2026-07-05T09:00:00Z'),
          },
        ],
        reviewDueAt: at('2026-07-05T09:00:00Z'),
      });
      api.clock.set(at('2026-07-01T09:00:00Z'));
      await consultedForReview('cheshire-west-and-chester', 'director', seeded.caseId);
      const res = await review(
        'cheshire-west-and-chester',
        'senior-manager@cheshire-west-and-chester.example',
        {
          caseId: seeded.caseId,
          outcome: 'EXTEND',
          note: 'Behaviour continues.',
          durationMonths: 6,
          // §7: "in consultation with the relevant senior managers/Directors".
          consultations: ['director'],
        },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.recordReview.restrictions[0]!.endsAt).toBe('2027-01-05T09:00:00.000Z');
      expect(res.data!.recordReview.review.nextReviewDueAt).toBe('2027-01-01T09:00:00.000Z');
    });

    it('an escalation from stage 1 is referred to the Director: stage 2 needs its own chain (§6.2, §7)', async () => {
      api.clock.set(at('2026-01-05T09:00:00Z'));
      const seeded = await seedCouncilCase(api, 'cheshire-west-and-chester', {
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
      api.clock.set(at('2026-06-20T09:00:00Z'));
      await consultedForReview('cheshire-west-and-chester', 'director', seeded.caseId);
      const res = await review(
        'cheshire-west-and-chester',
        'customer-relations-manager@cheshire-west-and-chester.example',
        {
          caseId: seeded.caseId,
          outcome: 'ESCALATE',
          note: 'No improvement during monitoring.',
          consultations: ['director'],
        },
      );
      expect(res.errors).toBeUndefined();
      // The reviewer cannot make the move: only the Director's business case starts it.
      expect(res.data!.recordReview.case).toMatchObject({ stage: 'stage-1' });
      expect(res.data!.recordReview.decision).toMatchObject({
        outcome: 'escalate',
        fromStage: 'stage-1',
        toStage: 'stage-1',
      });
      expect(res.data!.recordReview.letter).toBeNull();
      const notices = (await api.owner.query(
        `select n.role from notification n where n.case_id = $1 and n.kind = 'escalation-referred'`,
        [seeded.caseId],
      )) as { role: string }[];
      expect(notices.map((n) => n.role)).toContain('director');
    });
  });

  describe('Welwyn Hatfield: after twelve months, by the service manager (§10.1)', () => {
    it('continues; the next review is twelve months on', async () => {
      api.clock.set(at('2026-01-05T09:00:00Z'));
      const seeded = await seedCouncilCase(api, 'welwyn-hatfield', {
        decidedAt: at('2026-01-05T09:00:00Z'),
        restrictions: [{ type: 'letter-only', endsAt: at('2028-01-05T09:00:00Z') }],
        reviewDueAt: at('2027-01-05T09:00:00Z'),
      });
      api.clock.set(at('2026-12-20T09:00:00Z'));
      const wrong = await review(
        'welwyn-hatfield',
        'senior-management-team@welwyn-hatfield.example',
        {
          caseId: seeded.caseId,
          outcome: 'CONTINUE',
          note: 'Continue.',
        },
      );
      expect(reasonCodes(wrong)).toEqual(['WRONG_ROLE']);
      const res = await review('welwyn-hatfield', 'service-manager@welwyn-hatfield.example', {
        caseId: seeded.caseId,
        outcome: 'CONTINUE',
        note: 'Continue.',
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!.recordReview.review.nextReviewDueAt).toBe('2027-12-20T09:00:00.000Z');
    });
  });

  describe('Southampton: yearly by the Complaints Resolution Manager (Review)', () => {
    let seeded: SeededCase;
    const crm = 'complaints-resolution-manager@southampton.example';

    beforeAll(async () => {
      api.clock.set(at('2026-01-05T09:00:00Z'));
      seeded = await seedRestrictedCase(api, {
        slug: 'southampton',
        openedBy: 'officer@southampton.example',
        fullName: 'Sol Southampton',
        stage: 'restriction',
        transitionKey: 'impose-restrictions',
        fromStage: 'local-resolution',
        decidedAt: at('2026-01-05T09:00:00Z'),
        participants: [
          {
            email: 'service-manager@southampton.example',
            role: 'service-manager',
            step: 'propose',
          },
          {
            email: 'complaints-resolution-manager@southampton.example',
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
      // Review: extending needs "further ... behaviour ... exhibited during the review period".
      api.clock.set(at('2026-06-01T09:00:00Z'));
      const logged = await api.gql(
        `mutation($input: LogContactInput!) { logContact(input: $input) { id } }`,
        {
          input: {
            customerId: seeded.customerId,
            caseId: seeded.caseId,
            occurredAt: '2026-06-01T09:00:00Z',
            channel: 'telephone',
            severity: 'medium',
            description: 'Calls continue.',
          },
        },
        await api.token('southampton', 'officer@southampton.example'),
      );
      expect(logged.errors).toBeUndefined();
    });

    it('will not extend until the customer has been invited to comment', async () => {
      api.clock.set(at('2026-12-20T09:00:00Z'));
      const before = await writes();
      const res = await review('southampton', crm, {
        caseId: seeded.caseId,
        outcome: 'EXTEND',
        note: 'Behaviour persists.',
        durationMonths: 12,
      });
      expect(codeOf(res)).toBe('POLICY_VIOLATION');
      expect(reasonCodes(res)).toEqual(['CUSTOMER_COMMENT_MISSING']);
      expect(await writes()).toEqual(before);
    });

    it('extends once the customer was invited to comment; reviewed yearly', async () => {
      const res = await review('southampton', crm, {
        caseId: seeded.caseId,
        outcome: 'EXTEND',
        note: 'Behaviour persists; the customer’s comments were considered.',
        durationMonths: 12,
        customerInvitedToComment: true,
      });
      expect(res.errors).toBeUndefined();
      const out = res.data!.recordReview;
      expect(out.review.customerCommentInvited).toBe(true);
      expect(out.restrictions[0]!.endsAt).toBe('2028-01-05T09:00:00.000Z');
      expect(out.review.nextReviewDueAt).toBe('2027-12-20T09:00:00.000Z');
      expect(out.letter).toMatchObject({ templateKey: 'restriction-letter', status: 'draft' });
      expect(out.letter!.body).toContain('20 December 2027');
    });

    it('not writing is only for a customer no longer deemed persistent (a lift), never alongside a continue', async () => {
      api.clock.set(at('2026-12-21T09:00:00Z'));
      const missing = await review('southampton', crm, {
        caseId: seeded.caseId,
        outcome: 'LIFT',
        note: 'No longer persistent.',
        noLetter: true,
      });
      expect(reasonCodes(missing).sort()).toEqual(['CONSULTATION_MISSING', 'REASONS_MISSING']);
      const before = await writes();
      const res = await review('southampton', crm, {
        caseId: seeded.caseId,
        outcome: 'CONTINUE',
        note: 'No change.',
        noLetter: true,
        noLetterReasons: 'A letter would provoke further contact.',
        consultations: ['head-of-service-legal'],
      });
      expect(codeOf(res)).toBe('POLICY_VIOLATION');
      expect(reasonCodes(res)).toEqual(['LETTER_REQUIRED']);
      expect(await writes()).toEqual(before);
    });
    it('a lift is written to the customer and closes the case', async () => {
      api.clock.set(at('2027-02-01T09:00:00Z'));
      const res = await review('southampton', crm, {
        caseId: seeded.caseId,
        outcome: 'LIFT',
        note: 'Contact has been appropriate for a year.',
      });
      expect(res.errors).toBeUndefined();
      const out = res.data!.recordReview;
      expect(out.case).toMatchObject({ stage: 'closed', status: 'closed', reviewDueAt: null });
      expect(out.letter!.body).toContain('every restriction on your contact has been lifted');
      expect(out.letter!.body).toContain('Sol Southampton');
      const [row] = await api.owner.query(
        `select retention_due_at from managed_case where id = $1`,
        [seeded.caseId],
      );
      // Information Retention: restriction end + 6 years.
      expect(row.retention_due_at.toISOString()).toBe('2033-02-01T09:00:00.000Z');
    });
  });

  describe('London Borough: at the end of the period, or annually if indefinite (§9)', () => {
    const seedLondon = (endsAt: Date | null) =>
      seedCouncilCase(api, 'london-borough', {
        decidedAt: at('2026-01-05T09:00:00Z'),
        restrictions: [{ type: 'building-ban', parameters: { buildings: 'Civic Centre' }, endsAt }],
        reviewDueAt: endsAt ?? at('2027-01-05T09:00:00Z'),
      });

    it('reviews a fixed period at its end', async () => {
      api.clock.set(at('2026-01-05T09:00:00Z'));
      const seeded = await seedLondon(at('2026-07-05T09:00:00Z'));
      api.clock.set(at('2026-03-01T09:00:00Z'));
      const res = await review(
        'london-borough',
        'head-of-customer-engagement@london-borough.example',
        {
          caseId: seeded.caseId,
          outcome: 'CONTINUE',
          note: 'Summary considered with the Chief Executive.',
        },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.recordReview.review.nextReviewDueAt).toBe('2026-07-05T09:00:00.000Z');
    });

    it('reviews indefinite restrictions a year on, and escalates to additional action', async () => {
      api.clock.set(at('2026-01-05T09:00:00Z'));
      const seeded = await seedLondon(null);
      api.clock.set(at('2026-03-01T09:00:00Z'));
      const res = await review('london-borough', 'chief-executive@london-borough.example', {
        caseId: seeded.caseId,
        outcome: 'CONTINUE',
        note: 'Continue.',
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!.recordReview.review.nextReviewDueAt).toBe('2027-03-01T09:00:00.000Z');
      const escalated = await review('london-borough', 'chief-executive@london-borough.example', {
        caseId: seeded.caseId,
        outcome: 'ESCALATE',
        note: 'Conduct continued after the letter (§8).',
      });
      expect(escalated.errors).toBeUndefined();
      // §8 uses the restriction chain: a Director refers, the Chief Executive decides.
      expect(escalated.data!.recordReview.case).toMatchObject({ stage: 'restriction' });
      const notices = (await api.owner.query(
        `select role from notification where case_id = $1 and kind = 'escalation-referred'`,
        [seeded.caseId],
      )) as { role: string }[];
      expect(notices.length).toBeGreaterThan(0);
    });
  });

  describe('input and tenancy', () => {
    let seeded: SeededCase;
    beforeAll(async () => {
      api.clock.set(at('2026-01-05T09:00:00Z'));
      seeded = await seedCouncilCase(api, 'maidstone', {
        decidedAt: at('2026-01-05T09:00:00Z'),
        restrictions: [
          {
            type: 'single-channel',
            parameters: { channel: 'email' },
            endsAt: at('2026-04-05T09:00:00Z'),
          },
        ],
        reviewDueAt: at('2026-04-05T09:00:00Z'),
      });
    });

    it.each([
      [{ outcome: 'VARY', note: 'Vary.' }, 'input.restrictions'],
      [{ outcome: 'CONTINUE', note: '   ' }, 'input.note'],
      [{ outcome: 'CONTINUE', note: 'x', durationMonths: 3 }, 'input.durationMonths'],
      [
        {
          outcome: 'VARY',
          note: 'x',
          restrictions: [{ type: 'single-channel', parametersJson: 'not json' }],
        },
        'input.restrictions.0.parametersJson',
      ],
      [{ outcome: 'CONTINUE', note: 'x', consultations: ['Not A Key'] }, 'input.consultations.0'],
      [{ outcome: 'CONTINUE', note: 'x', caseId: 'not-a-uuid' }, 'input.caseId'],
    ])('rejects malformed input %j at %s and writes nothing', async (input, field) => {
      const before = await writes();
      const res = await review('maidstone', 'policy-and-information-team@maidstone.example', {
        caseId: seeded.caseId,
        ...input,
      });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await writes()).toEqual(before);
    });

    it('rejects a consultation with a role the policy does not have', async () => {
      const res = await review('maidstone', 'policy-and-information-team@maidstone.example', {
        caseId: seeded.caseId,
        outcome: 'CONTINUE',
        note: 'x',
        consultations: ['chief-executive'],
      });
      expect(res.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.consultations',
      });
    });

    it('answers another council’s case id exactly like a missing one', async () => {
      const before = await writes();
      const foreign = await review(
        'southampton',
        'complaints-resolution-manager@southampton.example',
        {
          caseId: seeded.caseId,
          outcome: 'CONTINUE',
          note: 'x',
        },
      );
      const missing = await review(
        'southampton',
        'complaints-resolution-manager@southampton.example',
        {
          caseId: '00000000-0000-4000-8000-000000000000',
          outcome: 'CONTINUE',
          note: 'x',
        },
      );
      expect(codeOf(foreign)).toBe('NOT_FOUND');
      expect(foreign.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
      expect(await writes()).toEqual(before);
    });

    it('refuses anonymous callers and roles without casework permission', async () => {
      const anon = await api.gql(RECORD_REVIEW, {
        input: { caseId: seeded.caseId, outcome: 'CONTINUE', note: 'x', expectedCaseVersion: 0 },
      });
      expect(codeOf(anon)).toBe('UNAUTHENTICATED');
      const admin = await review('maidstone', 'admin@maidstone.example', {
        caseId: seeded.caseId,
        outcome: 'CONTINUE',
        note: 'x',
      });
      expect(codeOf(admin)).toBe('FORBIDDEN');
    });
  });
});
