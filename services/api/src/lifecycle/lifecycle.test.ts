import { startTestApi, type TestApi } from '../testing/test-api';
import {
  Casework,
  MARK_SENT,
  months,
  section,
  violation,
  type Outcome,
} from '../proposals/casework.testkit';

/**
 * Issue 4: for each council, the whole life of a case as its policy text
 * describes it — first contact, the stages with the people the policy names,
 * the letters, the review on the date the policy gives, the appeal (or its
 * refusal with the Ombudsman signposted), and closure — entirely over HTTP,
 * with the clock moved between steps.
 */

const LETTER_FIELDS = `id status templateKey title body sections { key heading text }`;

const RECORD_REVIEW = `mutation($input: RecordReviewInput!) {
  recordReview(input: $input) {
    review { id outcome fromStage toStage nextReviewDueAt reviewedBy reviewedAt letterId }
    decision { id kind outcome fromStage toStage participants { userId role step } }
    case { id stage status reviewDueAt closedAt }
    restrictions { id type startsAt endsAt status }
    letter { ${LETTER_FIELDS} }
  } }`;

const LODGE = `mutation($input: LodgeAppealInput!) {
  lodgeAppeal(input: $input) { id decisionId status lodgedAt lodgedBy } }`;

const DECIDE_APPEAL = `mutation($input: DecideAppealInput!) {
  decideAppeal(input: $input) {
    appeal { id status decidedBy decidedAt outcomeDecisionId }
    decision { id kind outcome participants { userId role step } }
    case { id stage status reviewDueAt }
    liftedRestrictions { id status }
  } }`;

const REQUEST_DERESTRICTION = `mutation($input: RequestDerestrictionInput!) {
  requestDerestriction(input: $input) { id status exceptional requestedAt } }`;

const DECIDE_DERESTRICTION = `mutation($input: DecideDerestrictionInput!) {
  decideDerestriction(input: $input) {
    request { id status decidedBy }
    decision { id kind outcome participants { userId role step } }
    case { id stage status reviewDueAt }
    liftedRestrictions { id type status }
  } }`;

const CASE_VIEW = `query($id: ID!) { case(id: $id) {
  stage status closedAt reviewDueAt
  contacts { id }
  letters { templateKey status }
  reviews { outcome nextReviewDueAt }
  appeals { status }
  restrictions { type status }
} }`;

const VERIFY_CHAIN = `query { verifyAuditChain { ok checked firstBrokenSeq } }`;

interface Letter {
  id: string;
  status: string;
  templateKey: string;
  title: string;
  body: string;
  sections: { key: string; heading: string; text: string }[];
}

interface Reviewed {
  review: {
    id: string;
    outcome: string;
    fromStage: string;
    toStage: string;
    nextReviewDueAt: string | null;
    reviewedBy: string;
    reviewedAt: string;
    letterId: string | null;
  };
  decision: {
    id: string;
    kind: string;
    outcome: string;
    fromStage: string;
    toStage: string;
    participants: { userId: string; role: string; step: string }[];
  };
  case: {
    id: string;
    stage: string;
    status: string;
    reviewDueAt: string | null;
    closedAt: string | null;
  };
  restrictions: { id: string; type: string; startsAt: string; endsAt: string | null }[];
  letter: Letter | null;
}

interface DecidedAppeal {
  appeal: { id: string; status: string; decidedBy: string; outcomeDecisionId: string };
  decision: { id: string; kind: string; outcome: string; participants: { role: string }[] };
  case: { stage: string; status: string; reviewDueAt: string | null };
  liftedRestrictions: { id: string; status: string }[];
}

interface CaseView {
  stage: string;
  status: string;
  closedAt: string | null;
  reviewDueAt: string | null;
  contacts: { id: string }[];
  letters: { templateKey: string; status: string }[];
  reviews: { outcome: string; nextReviewDueAt: string | null }[];
  appeals: { status: string }[];
  restrictions: { type: string; status: string }[];
}

const iso = (s: string) => new Date(s).toISOString();
const sectionOf = (letter: Letter | null, key: string): string =>
  letter?.sections.find((s) => s.key === key)?.text ?? '';

/** The testkit's casework steps plus reviews, appeals, derestriction and the case view. */
class Lifecycle extends Casework {
  async review(who: string, input: Record<string, unknown>): Promise<Reviewed> {
    return (await this.ok<{ recordReview: Reviewed }>(who, RECORD_REVIEW, { input })).recordReview;
  }

  tryReview(who: string, input: Record<string, unknown>) {
    return this.gql<{ recordReview: Reviewed }>(who, RECORD_REVIEW, { input });
  }

  lodge(who: string, decisionId: string, grounds = 'The customer disagrees with the decision.') {
    return this.gql<{ lodgeAppeal: { id: string; status: string; lodgedBy: string } }>(
      who,
      LODGE,
      { input: { decisionId, grounds } },
    );
  }

  decideAppeal(who: string, appealId: string, outcome: string, note: string) {
    return this.gql<{ decideAppeal: DecidedAppeal }>(who, DECIDE_APPEAL, {
      input: { appealId, outcome, note },
    });
  }

  /** Marks a drafted letter sent and checks who sent it. */
  async send(who: string, letterId: string): Promise<void> {
    const sent = await this.ok<{
      markLetterSent: { status: string; sentAt: string; sentBy: string };
    }>(
      who,
      MARK_SENT,
      { id: letterId },
    );
    expect(sent.markLetterSent).toMatchObject({
      status: 'sent',
      sentAt: this.api.clock.now().toISOString(),
      sentBy: await this.userId(who),
    });
  }

  async view(caseId: string): Promise<CaseView> {
    return (await this.ok<{ case: CaseView }>('officer', CASE_VIEW, { id: caseId })).case;
  }

  /** The council's own audit chain, verified over GraphQL and past the API. */
  async chainIntact(who = 'officer'): Promise<void> {
    const res = await this.ok<{ verifyAuditChain: { ok: boolean; checked: number } }>(
      who,
      VERIFY_CHAIN,
      {},
    );
    expect(res.verifyAuditChain).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect(res.verifyAuditChain.checked).toBeGreaterThan(10);
    await this.auditChainOk();
  }
}

/** A letter that restricts says why, what, how long, and the appeal route (or none, and the Ombudsman). */
function expectFourParts(letter: Letter | null): void {
  expect(letter?.sections.map((s) => s.key)).toEqual(['why', 'what', 'how-long', 'appeal']);
  for (const s of letter!.sections) expect(s.text.trim()).not.toBe('');
}

describe('the full lifecycle of a case, council by council (issue 4)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ now: new Date('2026-01-05T09:00:00Z') });
  });
  afterAll(() => api.close());

  it('London Borough: warning, restriction by the Chief Executive, no appeal, derestriction, review and lift (§3-9)', async () => {
    const cw = new Lifecycle(api, 'london-borough');
    api.clock.set(new Date('2026-01-05T09:00:00Z'));
    const ids = await cw.openCase('officer', 'Lee London');
    await cw.logContact('officer', ids, 'telephone', ['abuse-of-staff']);
    await cw.logContact('officer', ids, 'email', ['harassment', 'excessive-contact']);
    await cw.logContact('officer-2', ids, 'in-person', ['abuse-of-staff'], 'medium');
    await cw.attest('officer', ids.caseId, 'safeguarding-considered', 'sufficient-examples-seen');

    // §6: staff raise the concern; the Director or Assistant Director decides the warning.
    const warning = await cw.propose('officer', {
      caseId: ids.caseId,
      toStage: 'warning',
      rationale: 'you have been abusive to staff on the telephone, by email and in person.',
    });
    const byStaff = await cw.act('officer-2', warning, 'APPROVE');
    expect(violation(byStaff)).toEqual({ code: 'POLICY_VIOLATION', reasons: ['WRONG_ROLE'] });
    const warned = await cw.approve('director', warning);
    expect(warned.case).toMatchObject({ stage: 'warning', status: 'open', reviewDueAt: null });
    expect(warned.decision.participants).toEqual([
      { userId: await cw.userId('officer'), role: 'officer', step: 'propose' },
      { userId: await cw.userId('director'), role: 'director', step: 'decide' },
    ]);
    expect(warned.letter?.title).toBe('Formal warning about your contact with the Council');
    expect(section(warned, 'why')).toContain('Dear Lee London');
    expect(section(warned, 'appeal')).toMatch(/no right of appeal.*Ombudsman/s);
    await cw.send('officer', warned.letter!.id);

    // §7: the conduct continues; an Assistant Director refers it to the Chief Executive.
    api.clock.set(new Date('2026-02-02T10:00:00Z'));
    await cw.logContact('officer', ids, 'telephone', ['abuse-of-staff']);
    await cw.attest(
      'officer',
      ids.caseId,
      'existing-support-contacted',
      'complaint-properly-handled',
      'alternatives-tried',
    );
    const restrict = await cw.propose('assistant-director', {
      caseId: ids.caseId,
      toStage: 'restriction',
      rationale: 'the abusive calls continued after the warning of 5 January.',
      restrictions: [
        {
          type: 'designated-contact-point',
          parametersJson: JSON.stringify({ contactPoint: 'contact@council.example' }),
        },
        { type: 'building-ban', parametersJson: JSON.stringify({ buildings: 'Civic Centre' }) },
      ],
      durationMonths: 12,
    });
    // The Director who sent the warning may not decide: only the Chief Executive (the deputy only when the CE is unavailable).
    const byDirector = await cw.act('director', restrict, 'APPROVE');
    expect(violation(byDirector)).toEqual({
      code: 'POLICY_VIOLATION',
      reasons: ['DEPUTY_NOT_ALLOWED', 'CONSULTATION_MISSING'],
    });
    // §7: the Director of Corporate Services has the information before the decision.
    const unconsulted = await cw.act('chief-executive', restrict, 'APPROVE');
    expect(violation(unconsulted).reasons).toEqual(['CONSULTATION_MISSING']);
    await cw.consult('assistant-director', ids.caseId, 'director-of-corporate-services');
    api.clock.set(new Date('2026-02-03T10:00:00Z'));
    const decidedAt = new Date('2026-02-03T10:00:00Z');
    const restricted = await cw.approve('chief-executive', restrict);
    expect(restricted.case).toMatchObject({
      stage: 'restriction',
      status: 'open',
      reviewDueAt: months(decidedAt, 12),
    });
    expect(restricted.decision.participants.map((p) => `${p.step}:${p.role}`)).toEqual([
      'propose:assistant-director',
      'decide:chief-executive',
    ]);
    expectFourParts(restricted.letter);
    expect(section(restricted, 'why')).toContain('the Chief Executive has decided');
    expect(section(restricted, 'what')).toContain('contact@council.example');
    expect(section(restricted, 'what')).toContain('Buildings: Civic Centre');
    expect(section(restricted, 'how-long')).toBe(
      'These measures apply from 3 February 2026 until 3 February 2027.',
    );
    expect(section(restricted, 'appeal')).toContain(
      'There is no right of appeal against this decision',
    );
    expect(section(restricted, 'appeal')).toContain('Local Government & Social Care Ombudsman');
    await cw.send('officer', restricted.letter!.id);

    // §7, §9: no internal appeal; the refusal signposts the Ombudsman and writes nothing.
    const appeal = await cw.lodge('officer', restricted.decision.id);
    expect(violation(appeal)).toEqual({ code: 'POLICY_VIOLATION', reasons: ['NO_APPEAL_ROUTE'] });
    expect(appeal.errors?.[0]?.extensions?.reasons).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('Local Government & Social Care Ombudsman'),
      }),
    ]);

    // §9: a request to be derestricted, not before half the period has passed.
    const banId = restricted.restrictions.find((r) => r.type === 'building-ban')!.id;
    api.clock.set(new Date('2026-05-01T09:00:00Z'));
    const early = await cw.gql('officer', REQUEST_DERESTRICTION, {
      input: { restrictionId: banId, reason: 'The customer wants to use the library.', exceptional: false },
    });
    expect(violation(early)).toEqual({
      code: 'POLICY_VIOLATION',
      reasons: ['DERESTRICTION_TOO_EARLY'],
    });
    expect(JSON.stringify(early.errors?.[0]?.extensions?.reasons)).toContain('2026-08-04');
    api.clock.set(new Date('2026-08-10T09:00:00Z'));
    const request = await cw.ok<{ requestDerestriction: { id: string; status: string } }>(
      'officer',
      REQUEST_DERESTRICTION,
      { input: { restrictionId: banId, reason: 'Conduct at the library has been good.', exceptional: false } },
    );
    expect(request.requestDerestriction.status).toBe('pending');
    const decideRequest = (who: string) =>
      cw.gql<{ decideDerestriction: { case: { stage: string }; liftedRestrictions: unknown[] } }>(
        who,
        DECIDE_DERESTRICTION,
        {
          input: {
            requestId: request.requestDerestriction.id,
            grant: true,
            note: 'Half the period has passed and the conduct has improved.',
          },
        },
      );
    const byHead = await decideRequest('head-of-customer-engagement');
    expect(violation(byHead)).toEqual({ code: 'POLICY_VIOLATION', reasons: ['WRONG_ROLE'] });
    const granted = await decideRequest('chief-executive');
    expect(granted.errors).toBeUndefined();
    expect(granted.data!.decideDerestriction).toMatchObject({
      request: { status: 'granted', decidedBy: await cw.userId('chief-executive') },
      decision: { kind: 'derestriction', outcome: 'granted' },
      // One measure remains, so the case stays restricted and its review stands.
      case: { stage: 'restriction', status: 'open', reviewDueAt: months(decidedAt, 12) },
      liftedRestrictions: [{ id: banId, type: 'building-ban', status: 'lifted' }],
    });

    // §9: reviewed at the end of the period in the CE's letter, by the Head of CE&C with the CE.
    api.clock.set(new Date(months(decidedAt, 12)));
    const reviewInput = {
      caseId: ids.caseId,
      outcome: 'EXTEND',
      durationMonths: 6,
      note: 'Contact is still excessive; the designated contact point continues for six months.',
    };
    const byOfficer = await cw.tryReview('officer', reviewInput);
    expect(violation(byOfficer)).toEqual({ code: 'POLICY_VIOLATION', reasons: ['WRONG_ROLE'] });
    const extended = await cw.review('head-of-customer-engagement', reviewInput);
    expect(extended.review).toMatchObject({
      outcome: 'EXTEND',
      fromStage: 'restriction',
      toStage: 'restriction',
      reviewedBy: await cw.userId('head-of-customer-engagement'),
      nextReviewDueAt: iso('2027-08-03T10:00:00Z'),
    });
    expect(extended.case.reviewDueAt).toBe(iso('2027-08-03T10:00:00Z'));
    expect(extended.restrictions.map((r) => [r.type, r.endsAt])).toEqual([
      ['designated-contact-point', iso('2027-08-03T10:00:00Z')],
    ]);
    expectFourParts(extended.letter);
    expect(extended.letter!.templateKey).toBe('review-outcome-letter');
    expect(sectionOf(extended.letter, 'why')).toContain('Dear Lee London');
    expect(sectionOf(extended.letter, 'how-long')).toBe(
      'These measures apply from 3 February 2026 until 3 August 2027.',
    );
    expect(sectionOf(extended.letter, 'appeal')).toContain('no right of appeal');
    await cw.send('officer', extended.letter!.id);
    const reviewAppeal = await cw.lodge('officer', extended.decision.id);
    expect(violation(reviewAppeal).reasons).toEqual(['NO_APPEAL_ROUTE']);

    // The next review lifts what remains: the case is closed.
    api.clock.set(new Date('2027-08-03T10:00:00Z'));
    const lifted = await cw.review('chief-executive', {
      caseId: ids.caseId,
      outcome: 'LIFT',
      note: 'Contact has been reasonable for six months.',
    });
    expect(lifted.case).toMatchObject({
      stage: 'closed',
      status: 'closed',
      reviewDueAt: null,
      closedAt: iso('2027-08-03T10:00:00Z'),
    });
    expect(lifted.review.nextReviewDueAt).toBeNull();
    expect(lifted.restrictions).toEqual([]);
    expect(sectionOf(lifted.letter, 'what')).toContain('every restriction on your contact has been lifted');
    await cw.send('officer', lifted.letter!.id);

    const view = await cw.view(ids.caseId);
    expect(view).toMatchObject({
      stage: 'closed',
      status: 'closed',
      closedAt: iso('2027-08-03T10:00:00Z'),
      reviewDueAt: null,
    });
    expect(view.contacts).toHaveLength(4);
    expect(view.letters.map((l) => [l.templateKey, l.status])).toEqual([
      ['warning-letter', 'sent'],
      ['restriction-letter', 'sent'],
      ['review-outcome-letter', 'sent'],
      ['review-outcome-letter', 'sent'],
    ]);
    expect(view.reviews.map((r) => r.outcome)).toEqual(['EXTEND', 'LIFT']);
    expect(view.appeals).toEqual([]);
    expect(view.restrictions.map((r) => [r.type, r.status]).sort()).toEqual([
      ['building-ban', 'lifted'],
      ['designated-contact-point', 'lifted'],
    ]);
    await cw.chainIntact();
  });
});
