import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import {
  Casework,
  MARK_SENT,
  months,
  section,
  violation,
} from '@conduct/api/testing/proposals/casework.testkit';
import { withCaseVersion } from '@conduct/api/testing/case-version';

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
    letter { id templateKey status body }
  } }`;

const REQUEST_DERESTRICTION = `mutation($input: RequestDerestrictionInput!) {
  requestDerestriction(input: $input) { id status exceptional requestedAt } }`;

const DECIDE_DERESTRICTION = `mutation($input: DecideDerestrictionInput!) {
  decideDerestriction(input: $input) {
    request { id status decidedBy }
    decision { id kind outcome participants { userId role step } }
    case { id stage status reviewDueAt }
    liftedRestrictions { id type status }
    letter { id templateKey status body }
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
  letter: { id: string; templateKey: string; status: string; body: string } | null;
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
    return (
      await this.ok<{ recordReview: Reviewed }>(who, RECORD_REVIEW, {
        input: await withCaseVersion(this.api, input),
      })
    ).recordReview;
  }

  async tryReview(who: string, input: Record<string, unknown>) {
    return this.gql<{ recordReview: Reviewed }>(who, RECORD_REVIEW, {
      input: await withCaseVersion(this.api, input),
    });
  }

  lodge(who: string, decisionId: string, grounds = 'The customer disagrees with the decision.') {
    return this.gql<{ lodgeAppeal: { id: string; status: string; lodgedBy: string } }>(who, LODGE, {
      input: { decisionId, grounds },
    });
  }

  async decideAppeal(who: string, appealId: string, outcome: string, note: string) {
    return this.gql<{ decideAppeal: DecidedAppeal }>(who, DECIDE_APPEAL, {
      input: await withCaseVersion(this.api, { appealId, outcome, note }),
    });
  }

  /** Marks a drafted letter sent and checks who sent it. */
  async send(who: string, letterId: string): Promise<void> {
    const sent = await this.ok<{
      markLetterSent: { status: string; sentAt: string; sentBy: string };
    }>(who, MARK_SENT, { id: letterId });
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
function expectFourParts(letter: Pick<Letter, 'sections'> | null): void {
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
    const examples = [
      await cw.logContact('officer', ids, 'telephone', ['abuse-of-staff']),
      await cw.logContact('officer', ids, 'email', ['harassment', 'excessive-contact']),
      await cw.logContact('officer-2', ids, 'in-person', ['abuse-of-staff'], 'medium'),
    ];
    await cw.attest('officer', ids.caseId, 'safeguarding-considered');
    await cw.attest('director', ids.caseId, 'sufficient-examples-seen');

    // §6: staff raise the concern; the Director or Assistant Director decides the warning,
    // having seen sufficient examples of the conduct.
    const warning = await cw.propose('officer', {
      caseId: ids.caseId,
      toStage: 'warning',
      rationale: 'you have been abusive to staff on the telephone, by email and in person.',
      evidenceContactIds: examples,
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
    const continued = await cw.continued(ids, {
      conduct: { channel: 'telephone', categories: ['abuse-of-staff'] },
      attest: {
        by: 'assistant-director',
        checks: [
          'safeguarding-considered',
          'existing-support-contacted',
          'complaint-properly-handled',
          'alternatives-tried',
          'sufficient-examples-seen',
        ],
      },
    });
    const restrict = await cw.propose('assistant-director', {
      caseId: ids.caseId,
      toStage: 'restriction',
      rationale: 'the abusive calls continued after the warning of 5 January.',
      evidenceContactIds: [continued],
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
      input: {
        restrictionId: banId,
        reason: 'The customer wants to use the library.',
        exceptional: false,
      },
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
      {
        input: {
          restrictionId: banId,
          reason: 'Conduct at the library has been good.',
          exceptional: false,
        },
      },
    );
    expect(request.requestDerestriction.status).toBe('pending');
    const decideRequest = async (who: string) =>
      cw.gql<{
        decideDerestriction: {
          case: { stage: string };
          liftedRestrictions: unknown[];
          letter: { id: string; templateKey: string; body: string } | null;
        };
      }>(who, DECIDE_DERESTRICTION, {
        input: await withCaseVersion(api, {
          requestId: request.requestDerestriction.id,
          grant: true,
          note: 'Half the period has passed and the conduct has improved.',
        }),
      });
    await cw.consult('chief-executive', ids.caseId, 'director', {
      subject: 'DERESTRICTION',
      derestrictionRequestId: request.requestDerestriction.id,
    });
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
      // §9: the customer is told in writing, from the council's template.
      letter: { templateKey: 'derestriction-granted-letter' },
    });
    await cw.send('officer', granted.data!.decideDerestriction.letter!.id);

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
    expect(sectionOf(lifted.letter, 'what')).toContain(
      'every restriction on your contact has been lifted',
    );
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
      ['derestriction-granted-letter', 'sent'],
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

  it('Maidstone: warning, the policy applied for three months, review, appeal to the Director of Finance, lift (§6-8)', async () => {
    const cw = new Lifecycle(api, 'maidstone');
    api.clock.set(new Date('2026-01-05T09:00:00Z'));
    const ids = await cw.openCase('officer', 'Morgan Maidstone');
    const first = await cw.logContact('officer', ids, 'telephone', ['repeat-enquiries']);
    const second = await cw.logContact('officer', ids, 'email', [
      'scatter-gun',
      'excessive-demands',
    ]);
    await cw.logContact('officer-2', ids, 'face-to-face', ['swearing'], 'medium');

    // §6.1: a Manager asks; the Head of Policy, Communications and Governance decides.
    const warn = await cw.propose('manager', {
      caseId: ids.caseId,
      toStage: 'warning',
      rationale: 'you have raised the same enquiry forty times this month.',
      evidenceContactIds: [first, second],
    });
    const byHeadOfService = await cw.act('head-of-service', warn, 'APPROVE');
    expect(violation(byHeadOfService)).toEqual({
      code: 'POLICY_VIOLATION',
      reasons: ['WRONG_ROLE'],
    });
    const warned = await cw.approve('head-of-policy', warn);
    expect(warned.case).toMatchObject({ stage: 'warning', reviewDueAt: null });
    expect(warned.decision.participants.map((p) => `${p.step}:${p.role}`)).toEqual([
      'propose:manager',
      'decide:head-of-policy',
    ]);
    expect(warned.letter?.title).toBe('Your contact with the Council');
    expect(section(warned, 'why')).toContain('Dear Morgan Maidstone');
    expect(section(warned, 'appeal')).toContain(
      'You may appeal against this decision to the Director of Finance and Business Improvement',
    );
    await cw.send('officer', warned.letter!.id);

    // §6.2-6.4: the four things the Head of Policy must be satisfied of; an initial three months.
    api.clock.set(new Date('2026-01-12T09:00:00Z'));
    const appliedAt = new Date('2026-01-12T09:00:00Z');
    // §6.3: the contacts continued after the warning.
    const since = await cw.continued(ids, {
      conduct: { channel: 'telephone', categories: ['repeat-enquiries'] },
      attest: {
        by: 'head-of-policy',
        checks: [
          'investigated-properly',
          'communications-adequate',
          'no-significant-new-information',
          'clear-evidence-base',
        ],
      },
    });
    const apply = await cw.propose('head-of-service', {
      caseId: ids.caseId,
      toStage: 'policy-applied',
      rationale: 'the repeated enquiries continued after our warning of 5 January.',
      evidenceContactIds: [first, since],
      restrictions: [
        { type: 'single-point-of-contact', parameters: [{ name: 'officer', text: 'Jo Smith' }] },
        { type: 'call-time-limit', parameters: [{ name: 'minutes', number: 10 }] },
      ],
    });
    // The Head of Service who asked cannot also decide: §6.1 names the Head of Policy.
    const byRequester = await cw.act('head-of-service', apply, 'APPROVE');
    expect(violation(byRequester)).toEqual({ code: 'POLICY_VIOLATION', reasons: ['WRONG_ROLE'] });
    const applied = await cw.approve('head-of-policy', apply);
    expect(applied.case).toMatchObject({
      stage: 'policy-applied',
      reviewDueAt: months(appliedAt, 3),
    });
    expect(applied.restrictions.map((r) => r.endsAt)).toEqual([
      months(appliedAt, 3),
      months(appliedAt, 3),
    ]);
    expectFourParts(applied.letter);
    expect(section(applied, 'why')).toContain(
      'the Head of Policy, Communications and Governance has decided to apply the policy',
    );
    expect(section(applied, 'what')).toContain('Single point of contact (Officer: Jo Smith)');
    expect(section(applied, 'what')).toContain('(Minutes per call: 10)');
    expect(section(applied, 'how-long')).toBe(
      'The restrictions apply from 12 January 2026 until 12 April 2026. They are reviewed every three months.',
    );
    expect(section(applied, 'appeal')).toContain('Director of Finance and Business Improvement');
    expect(section(applied, 'appeal')).toContain('Local Government and Social Care Ombudsman');
    await cw.send('officer', applied.letter!.id);

    // §7.2: reviewed every three months by the Policy and Information team.
    api.clock.set(new Date(months(appliedAt, 3)));
    const extendBy = {
      caseId: ids.caseId,
      outcome: 'EXTEND',
      durationMonths: 3,
      note: 'Contact remains excessive.',
    };
    const byDecider = await cw.tryReview('head-of-policy', extendBy);
    expect(violation(byDecider)).toEqual({ code: 'POLICY_VIOLATION', reasons: ['WRONG_ROLE'] });
    const extended = await cw.review('policy-and-information-team', extendBy);
    expect(extended.review.nextReviewDueAt).toBe(iso('2026-07-12T09:00:00Z'));
    expect(extended.case).toMatchObject({
      stage: 'policy-applied',
      reviewDueAt: iso('2026-07-12T09:00:00Z'),
    });
    expect(extended.decision.participants).toEqual([
      {
        userId: await cw.userId('policy-and-information-team'),
        role: 'policy-and-information-team',
        step: 'review',
      },
    ]);
    expect(extended.restrictions.map((r) => r.endsAt)).toEqual([
      iso('2026-07-12T09:00:00Z'),
      iso('2026-07-12T09:00:00Z'),
    ]);
    expectFourParts(extended.letter);
    expect(sectionOf(extended.letter, 'how-long')).toBe(
      'They apply from 12 January 2026 until 12 July 2026.',
    );
    expect(sectionOf(extended.letter, 'appeal')).toContain(
      'Director of Finance and Business Improvement',
    );
    await cw.send('officer', extended.letter!.id);

    // §8.1: the customer appeals the decision to apply the policy; heard by the Director of Finance.
    api.clock.set(new Date('2026-04-20T09:00:00Z'));
    const lodged = await cw.lodge(
      'officer',
      applied.decision.id,
      'The customer says each enquiry raised a new point.',
    );
    expect(lodged.errors).toBeUndefined();
    expect(lodged.data!.lodgeAppeal).toMatchObject({
      status: 'lodged',
      lodgedBy: await cw.userId('officer'),
    });
    const appealId = lodged.data!.lodgeAppeal.id;
    const byHeadOfPolicy = await cw.decideAppeal('head-of-policy', appealId, 'DISMISSED', 'x');
    expect(violation(byHeadOfPolicy).code).toBe('POLICY_VIOLATION');
    expect(violation(byHeadOfPolicy).reasons.sort()).toEqual(['INDEPENDENCE', 'WRONG_ROLE']);
    api.clock.set(new Date('2026-05-04T09:00:00Z'));
    const heard = await cw.decideAppeal(
      'director-of-finance',
      appealId,
      'DISMISSED',
      'The evidence met §4.1 and the warning was given first (§6.3).',
    );
    expect(heard.errors).toBeUndefined();
    expect(heard.data!.decideAppeal).toMatchObject({
      appeal: { status: 'dismissed', decidedBy: await cw.userId('director-of-finance') },
      decision: {
        kind: 'appeal',
        outcome: 'dismissed',
        participants: [{ role: 'director-of-finance' }],
      },
      case: { stage: 'policy-applied', status: 'open', reviewDueAt: iso('2026-07-12T09:00:00Z') },
      liftedRestrictions: [],
      letter: { templateKey: 'appeal-dismissed-letter', status: 'draft' },
    });
    await cw.send('officer', heard.data!.decideAppeal.letter!.id);

    // The next three-monthly review lifts the measures and closes the case.
    api.clock.set(new Date('2026-07-12T09:00:00Z'));
    const lifted = await cw.review('policy-and-information-team', {
      caseId: ids.caseId,
      outcome: 'LIFT',
      note: 'Contact has been reasonable for three months.',
    });
    expect(lifted.case).toMatchObject({
      stage: 'closed',
      status: 'closed',
      reviewDueAt: null,
      closedAt: iso('2026-07-12T09:00:00Z'),
    });
    expect(sectionOf(lifted.letter, 'what')).toContain(
      'every restriction on your contact has been lifted',
    );
    await cw.send('officer', lifted.letter!.id);

    const view = await cw.view(ids.caseId);
    expect(view).toMatchObject({
      stage: 'closed',
      status: 'closed',
      closedAt: iso('2026-07-12T09:00:00Z'),
    });
    expect(view.letters.map((l) => l.templateKey)).toEqual([
      'warning-letter',
      'policy-applied-letter',
      'review-outcome-letter',
      'appeal-dismissed-letter',
      'review-outcome-letter',
    ]);
    expect(view.letters.every((l) => l.status === 'sent')).toBe(true);
    expect(view.reviews.map((r) => r.outcome)).toEqual(['EXTEND', 'LIFT']);
    expect(view.appeals).toEqual([{ status: 'dismissed' }]);
    expect(view.restrictions.every((r) => r.status === 'lifted')).toBe(true);
    await cw.chainIntact();
  });

  it('Welwyn Hatfield: moderate, service manager letter, restrictions, twelve-month review, Ombudsman only, lift (§7-11)', async () => {
    const cw = new Lifecycle(api, 'welwyn-hatfield');
    api.clock.set(new Date('2026-01-05T09:00:00Z'));
    const ids = await cw.openCase('officer', 'Wren Welwyn');
    await cw.logContact('officer', ids, 'email', ['unreasonable-persistence']);
    await cw.logContact('officer', ids, 'social-media', ['offensive-posts'], 'medium');
    await cw.logContact('officer-2', ids, 'telephone', ['abusive-language']);

    // §7.2.1: the employee or the service manager asks the customer to moderate (one decider).
    const moderate = await cw.propose('officer', {
      caseId: ids.caseId,
      toStage: 'request-to-moderate',
      rationale:
        'you have sent more than a hundred emails on one matter and posted abuse about staff.',
    });
    const moderated = await cw.approve('service-manager', moderate);
    expect(moderated.case.stage).toBe('request-to-moderate');
    expect(moderated.letter?.title).toBe('Your contact with the Council');
    expect(section(moderated, 'what')).toContain('Please moderate your behaviour');
    expect(section(moderated, 'appeal')).toContain('Housing Ombudsman');
    await cw.send('officer', moderated.letter!.id);

    // §7.2.2: the behaviour continues; the service manager writes about further actions.
    api.clock.set(new Date('2026-02-02T09:00:00Z'));
    await cw.logContact('officer', ids, 'email', ['unreasonable-persistence']);
    const further = await cw.propose('officer', {
      caseId: ids.caseId,
      toStage: 'service-manager-letter',
      rationale: 'the emails continued after we asked you to moderate them.',
    });
    const letterStage = await cw.approve('service-manager', further);
    expect(letterStage.case.stage).toBe('service-manager-letter');
    expect(section(letterStage, 'why')).toContain(
      'the behaviour we asked you to moderate has continued',
    );
    await cw.send('service-manager', letterStage.letter!.id);

    // §5.2, §7.1, §8.1: checks, then restrictions decided by a service manager or above — never by the proposer.
    api.clock.set(new Date('2026-03-02T09:00:00Z'));
    const imposedAt = new Date('2026-03-02T09:00:00Z');
    await cw.attest(
      'service-manager',
      ids.caseId,
      'staff-protection-considered',
      'vulnerability-considered',
      'complaint-process-followed',
    );
    const impose = await cw.propose('service-manager', {
      caseId: ids.caseId,
      toStage: 'restrictions',
      rationale: 'your emails continue at the same rate despite two letters.',
      restrictions: [
        { type: 'letter-only' },
        { type: 'single-named-officer', parameters: [{ name: 'officer', text: 'Pat Jones' }] },
      ],
      durationMonths: 12,
    });
    const selfApproved = await cw.act('service-manager', impose, 'APPROVE');
    expect(violation(selfApproved)).toEqual({
      code: 'POLICY_VIOLATION',
      reasons: ['SELF_APPROVAL'],
    });
    const restricted = await cw.approve('senior-management-team', impose);
    // §10.1: reviewed after twelve months — the end of the twelve-month period.
    expect(restricted.case).toMatchObject({
      stage: 'restrictions',
      reviewDueAt: months(imposedAt, 12),
    });
    expect(restricted.decision.participants.map((p) => `${p.step}:${p.role}`)).toEqual([
      'propose:service-manager',
      'decide:senior-management-team',
    ]);
    expectFourParts(restricted.letter);
    expect(section(restricted, 'what')).toContain('Correspondence by letter, not email');
    expect(section(restricted, 'what')).toContain('Officer: Pat Jones');
    expect(section(restricted, 'how-long')).toBe(
      'These restrictions apply from 2 March 2026 until 2 March 2027.',
    );
    expect(section(restricted, 'appeal')).toContain('no right of appeal');
    expect(section(restricted, 'appeal')).toContain('Housing Ombudsman');
    expect(restricted.disseminations.map((d) => d.audience).sort()).toEqual([
      'customer-transformation-team',
      'services',
    ]);
    await cw.send('officer', restricted.letter!.id);

    // §10.1: the service manager reviews after twelve months and may extend "if the contact has
    // continued during this period".
    api.clock.set(new Date(months(imposedAt, 12)));
    await cw.logContact('officer', ids, 'email', ['unreasonable-persistence']);
    const extendBy = {
      caseId: ids.caseId,
      outcome: 'EXTEND',
      durationMonths: 12,
      note: 'The emails continue.',
    };
    const bySmt = await cw.tryReview('senior-management-team', extendBy);
    expect(violation(bySmt)).toEqual({ code: 'POLICY_VIOLATION', reasons: ['WRONG_ROLE'] });
    const extended = await cw.review('service-manager', extendBy);
    expect(extended.review.nextReviewDueAt).toBe(iso('2028-03-02T09:00:00Z'));
    expect(extended.restrictions.map((r) => r.endsAt)).toEqual([
      iso('2028-03-02T09:00:00Z'),
      iso('2028-03-02T09:00:00Z'),
    ]);
    expectFourParts(extended.letter);
    expect(sectionOf(extended.letter, 'how-long')).toBe(
      'They apply from 2 March 2026 until 2 March 2028.',
    );
    expect(sectionOf(extended.letter, 'appeal')).toContain('Housing Ombudsman');
    await cw.send('officer', extended.letter!.id);

    // §11: no appeal within the Council — the refusal names the Ombudsmen.
    for (const decisionId of [restricted.decision.id, extended.decision.id]) {
      const refused = await cw.lodge('officer', decisionId);
      expect(violation(refused)).toEqual({
        code: 'POLICY_VIOLATION',
        reasons: ['NO_APPEAL_ROUTE'],
      });
      expect(JSON.stringify(refused.errors?.[0]?.extensions?.reasons)).toContain(
        'Housing Ombudsman',
      );
    }

    api.clock.set(new Date('2028-03-02T09:00:00Z'));
    const lifted = await cw.review('service-manager', {
      caseId: ids.caseId,
      outcome: 'LIFT',
      note: 'Contact has been appropriate for a year.',
    });
    expect(lifted.case).toMatchObject({
      stage: 'closed',
      status: 'closed',
      reviewDueAt: null,
      closedAt: iso('2028-03-02T09:00:00Z'),
    });
    await cw.send('officer', lifted.letter!.id);

    const view = await cw.view(ids.caseId);
    expect(view).toMatchObject({
      stage: 'closed',
      status: 'closed',
      closedAt: iso('2028-03-02T09:00:00Z'),
    });
    expect(view.letters.map((l) => l.templateKey)).toEqual([
      'moderate-letter',
      'further-actions-letter',
      'restriction-letter',
      'review-outcome-letter',
      'review-outcome-letter',
    ]);
    expect(view.appeals).toEqual([]);
    await cw.chainIntact();
  });

  it('Southampton: local resolution, restriction by the CRM with Legal, yearly review, appeal to the Service Director, lift', async () => {
    const cw = new Lifecycle(api, 'southampton');
    api.clock.set(new Date('2026-01-05T09:00:00Z'));
    const ids = await cw.openCase('officer', 'Sol Southampton');
    await cw.logContact('officer', ids, 'telephone', ['excessive-demands']);
    await cw.logContact('officer', ids, 'email', ['repeat-complaints', 'shifting-complaint']);
    await cw.logContact('officer-2', ids, 'web', ['scatter-gun'], 'medium');

    // "Dealing with...": local resolution by the manager of the service most affected, monitored for a set period.
    const local = await cw.propose('officer', {
      caseId: ids.caseId,
      toStage: 'local-resolution',
      rationale: 'the number of your calls is taking staff away from other residents.',
      restrictions: [{ type: 'scheduled-contact', parametersJson: '{"frequency":"fortnightly"}' }],
      durationMonths: 3,
    });
    const byCrm = await cw.act('complaints-resolution-manager', local, 'APPROVE');
    expect(violation(byCrm)).toEqual({ code: 'POLICY_VIOLATION', reasons: ['WRONG_ROLE'] });
    const resolved = await cw.approve('service-manager', local);
    expect(resolved.case).toMatchObject({
      stage: 'local-resolution',
      reviewDueAt: iso('2026-04-05T09:00:00Z'),
    });
    expectFourParts(resolved.letter);
    expect(section(resolved, 'how-long')).toBe(
      'This applies from 5 January 2026 until 5 April 2026.',
    );
    expect(section(resolved, 'appeal')).toContain('Service Director, Legal & Business Operations');
    await cw.send('service-manager', resolved.letter!.id);

    // The manager refers to the CRM, who decides in consultation with the Head of Service, Legal.
    api.clock.set(new Date('2026-04-01T09:00:00Z'));
    const restrictedAt = new Date('2026-04-01T09:00:00Z');
    // The customer continued despite the local resolution; the referral carries the evidence.
    const continued = await cw.continued(ids, {
      conduct: { channel: 'telephone', categories: ['excessive-demands'] },
      attest: {
        by: 'service-manager',
        checks: [
          'genuine-needs-distinguished',
          'local-resolution-attempted',
          'log-sheets-kept',
          'evidence-provided',
          'other-areas-identified',
        ],
      },
    });
    const refer = await cw.propose('service-manager', {
      caseId: ids.caseId,
      toStage: 'restriction',
      rationale: 'the calls continued throughout the monitoring period.',
      evidenceContactIds: [continued],
      restrictions: [
        { type: 'single-channel', parameters: [{ name: 'channel', text: 'letter' }] },
        { type: 'single-point-of-contact', parameters: [{ name: 'officer', text: 'A Officer' }] },
      ],
      durationMonths: 12,
    });
    const selfApproved = await cw.act('service-manager', refer, 'APPROVE');
    expect(violation(selfApproved).reasons).toContain('WRONG_ROLE');
    const unconsulted = await cw.act('complaints-resolution-manager', refer, 'APPROVE');
    expect(violation(unconsulted)).toEqual({
      code: 'POLICY_VIOLATION',
      reasons: ['CONSULTATION_MISSING'],
    });
    await cw.consult('complaints-resolution-manager', ids.caseId, 'head-of-service-legal');
    const restricted = await cw.approve('complaints-resolution-manager', refer);
    expect(restricted.case).toMatchObject({
      stage: 'restriction',
      reviewDueAt: months(restrictedAt, 12),
    });
    expect(restricted.decision.participants.map((p) => `${p.step}:${p.role}`)).toEqual([
      'propose:service-manager',
      'decide:complaints-resolution-manager',
    ]);
    expectFourParts(restricted.letter);
    expect(section(restricted, 'why')).toContain('the Complaints Resolution Manager has decided');
    expect(section(restricted, 'what')).toContain('Form of contact: Letter');
    expect(section(restricted, 'how-long')).toBe(
      'This action applies from 1 April 2026 until 1 April 2027. It will be reviewed by 1 April 2027.',
    );
    expect(section(restricted, 'appeal')).toContain(
      'You may appeal against this decision to the Service Director, Legal & Business Operations',
    );
    await cw.send('complaints-resolution-manager', restricted.letter!.id);

    // Review: yearly by the CRM; extending needs further behaviour during the review period and
    // the customer's comments invited first.
    api.clock.set(new Date(months(restrictedAt, 12)));
    await cw.logContact('officer', ids, 'telephone', ['excessive-demands']);
    const extendBy = {
      caseId: ids.caseId,
      outcome: 'EXTEND',
      durationMonths: 12,
      note: 'The calls persist; the customer’s comments were considered.',
    };
    const uninvited = await cw.tryReview('complaints-resolution-manager', extendBy);
    expect(violation(uninvited)).toEqual({
      code: 'POLICY_VIOLATION',
      reasons: ['CUSTOMER_COMMENT_MISSING'],
    });
    const byManager = await cw.tryReview('service-manager', {
      ...extendBy,
      customerInvitedToComment: true,
    });
    expect(violation(byManager).reasons).toEqual(['WRONG_ROLE']);
    const extended = await cw.review('complaints-resolution-manager', {
      ...extendBy,
      customerInvitedToComment: true,
    });
    expect(extended.review.nextReviewDueAt).toBe(iso('2028-04-01T09:00:00Z'));
    expect(extended.restrictions.map((r) => r.endsAt)).toEqual([
      iso('2028-04-01T09:00:00Z'),
      iso('2028-04-01T09:00:00Z'),
    ]);
    expect(extended.letter?.templateKey).toBe('restriction-letter');
    expectFourParts(extended.letter);
    expect(sectionOf(extended.letter, 'how-long')).toBe(
      'This action applies from 1 April 2026 until 1 April 2028. It will be reviewed by 1 April 2028.',
    );
    await cw.send('complaints-resolution-manager', extended.letter!.id);

    // Appeal: to the Service Director, Legal & Business Operations, who took no part.
    api.clock.set(new Date('2027-04-15T09:00:00Z'));
    const lodged = await cw.lodge(
      'officer',
      extended.decision.id,
      'The customer says the calls were about new matters.',
    );
    expect(lodged.errors).toBeUndefined();
    const appealId = lodged.data!.lodgeAppeal.id;
    const byReviewer = await cw.decideAppeal(
      'complaints-resolution-manager',
      appealId,
      'UPHELD',
      'x',
    );
    expect(violation(byReviewer).reasons.sort()).toEqual(['INDEPENDENCE', 'WRONG_ROLE']);
    const heard = await cw.decideAppeal(
      'service-director-legal',
      appealId,
      'DISMISSED',
      'The extension was proportionate and the customer was heard.',
    );
    expect(heard.errors).toBeUndefined();
    expect(heard.data!.decideAppeal).toMatchObject({
      appeal: { status: 'dismissed', decidedBy: await cw.userId('service-director-legal') },
      decision: { participants: [{ role: 'service-director-legal' }] },
      case: { stage: 'restriction', reviewDueAt: iso('2028-04-01T09:00:00Z') },
      liftedRestrictions: [],
      // Appeal: "in all cases the council will write to the customer".
      letter: { templateKey: 'appeal-dismissed-letter', status: 'draft' },
    });
    await cw.send('complaints-resolution-manager', heard.data!.decideAppeal.letter!.id);
    const again = await cw.lodge('officer', extended.decision.id);
    expect(violation(again).reasons).toEqual(['ALREADY_APPEALED']);

    api.clock.set(new Date('2028-04-01T09:00:00Z'));
    const lifted = await cw.review('complaints-resolution-manager', {
      caseId: ids.caseId,
      outcome: 'LIFT',
      note: 'Contact has been appropriate for a year.',
    });
    expect(lifted.case).toMatchObject({
      stage: 'closed',
      status: 'closed',
      reviewDueAt: null,
      closedAt: iso('2028-04-01T09:00:00Z'),
    });
    expect(lifted.letter!.body).toContain('every restriction on your contact has been lifted');
    // The lift has its own letter: it never says the council "decided to restrict".
    expect(lifted.letter!.templateKey).toBe('review-lift-letter');
    expect(lifted.letter!.body).not.toMatch(/decided to restrict/);
    await cw.send('complaints-resolution-manager', lifted.letter!.id);
    // Information Retention: the end of the restrictions plus six years.
    const [row] = (await api.owner.query(
      'select retention_due_at from managed_case where id = $1',
      [ids.caseId],
    )) as { retention_due_at: Date }[];
    expect(row!.retention_due_at.toISOString()).toBe(iso('2034-04-01T09:00:00Z'));

    const view = await cw.view(ids.caseId);
    expect(view).toMatchObject({
      stage: 'closed',
      status: 'closed',
      closedAt: iso('2028-04-01T09:00:00Z'),
    });
    expect(view.letters.map((l) => l.templateKey)).toEqual([
      'local-resolution-letter',
      'restriction-letter',
      'restriction-letter',
      'appeal-dismissed-letter',
      'review-lift-letter',
    ]);
    expect(view.appeals).toEqual([{ status: 'dismissed' }]);
    expect(view.restrictions.map((r) => [r.type, r.status]).sort()).toEqual([
      ['scheduled-contact', 'ended'],
      ['single-channel', 'lifted'],
      ['single-point-of-contact', 'lifted'],
    ]);
    await cw.chainIntact();
  });

  it('Cheshire West and Chester: stage 1, stage 2 on the CRT’s recommendation, six-monthly review, no appeal, closed (§5-7)', async () => {
    const cw = new Lifecycle(api, 'cheshire-west-and-chester');
    api.clock.set(new Date('2026-01-05T09:00:00Z'));
    const ids = await cw.openCase('officer', 'Chris Chester');
    await cw.logContact('officer', ids, 'telephone', ['rudeness']);
    await cw.logContact('officer', ids, 'email', ['high-volume', 'unreasonable-demands'], 'medium');
    await cw.logContact('officer-2', ids, 'face-to-face', ['verbal-abuse']);
    await cw.attest(
      'senior-manager',
      ids.caseId,
      'adjustments-considered',
      'service-advised-by-crt',
    );

    // §6, §6.1: stage 1 approved at least at senior manager level.
    const stage1 = await cw.propose('officer', {
      caseId: ids.caseId,
      toStage: 'stage-1',
      rationale: 'you have shouted at staff on several calls and in person.',
      restrictions: [
        { type: 'contact-agreement', parametersJson: '{"terms":"Calls end if you shout."}' },
      ],
    });
    const byColleague = await cw.act('officer-2', stage1, 'APPROVE');
    expect(violation(byColleague)).toEqual({ code: 'POLICY_VIOLATION', reasons: ['WRONG_ROLE'] });
    const first = await cw.approve('senior-manager', stage1);
    expect(first.case).toMatchObject({
      stage: 'stage-1',
      reviewDueAt: iso('2026-07-05T09:00:00Z'),
    });
    expectFourParts(first.letter);
    expect(section(first, 'how-long')).toBe(
      'We will monitor your contact from 5 January 2026 until 5 July 2026.',
    );
    expect(section(first, 'appeal')).toContain('As no appeal rights exist');
    await cw.send('officer', first.letter!.id);

    // §6.2: the Director's business case, the CRT's recommendation, the Director of Governance's decision.
    api.clock.set(new Date('2026-03-02T09:00:00Z'));
    const stage2At = new Date('2026-03-02T09:00:00Z');
    // §6.2: the conduct persisted; the checks are confirmed again for this decision.
    await cw.continued(ids, {
      conduct: { channel: 'telephone', categories: ['verbal-abuse'] },
      attest: { by: 'senior-manager', checks: ['adjustments-considered', 'final-position-given'] },
    });
    const stage2 = await cw.propose('director', {
      caseId: ids.caseId,
      toStage: 'stage-2',
      rationale: 'the shouting continued during the monitoring period.',
      restrictions: [
        { type: 'single-point-of-contact', parametersJson: '{"officer":"Sam Lee"}' },
        { type: 'designated-premises', parametersJson: '{"premises":"Wyvern House"}' },
      ],
    });
    const tooSoon = await cw.act('director-of-governance', stage2, 'APPROVE');
    expect(violation(tooSoon).reasons).toContain('WRONG_ROLE');
    const recommended = await cw.act('customer-relations-team', stage2, 'RECOMMEND');
    expect(recommended.errors).toBeUndefined();
    const second = await cw.approve('director-of-governance', stage2);
    expect(second.case).toMatchObject({ stage: 'stage-2', reviewDueAt: months(stage2At, 6) });
    expect(second.decision.participants.map((p) => `${p.step}:${p.role}`)).toEqual([
      'propose:director',
      'recommend:customer-relations-team',
      'decide:director-of-governance',
    ]);
    expectFourParts(second.letter);
    expect(section(second, 'what')).toContain('Premises: Wyvern House');
    expect(section(second, 'how-long')).toBe(
      'These arrangements apply from 2 March 2026 until 2 September 2026 and are reviewed at least every six months.',
    );
    expect(section(second, 'appeal')).toContain('As no appeal rights exist');
    expect(section(second, 'appeal')).toContain('Local Government and Social Care Ombudsman');
    await cw.send('officer', second.letter!.id);

    // §7: no right of appeal at either stage.
    for (const decisionId of [first.decision.id, second.decision.id]) {
      const refused = await cw.lodge('officer', decisionId);
      expect(violation(refused)).toEqual({
        code: 'POLICY_VIOLATION',
        reasons: ['NO_APPEAL_ROUTE'],
      });
      expect(JSON.stringify(refused.errors?.[0]?.extensions?.reasons)).toContain(
        'Local Government and Social Care Ombudsman',
      );
    }

    // §7: reviewed by the Customer Relations Manager and a Senior Manager, no later than every
    // six months, in consultation with the Directors.
    api.clock.set(new Date(months(stage2At, 6)));
    const extendBy = {
      caseId: ids.caseId,
      outcome: 'EXTEND',
      durationMonths: 6,
      note: 'Behaviour continues.',
      consultations: ['director'],
    };
    await cw.consult('director', ids.caseId, 'director', { subject: 'REVIEW' });
    const byDirector = await cw.tryReview('director', extendBy);
    expect(violation(byDirector)).toEqual({ code: 'POLICY_VIOLATION', reasons: ['WRONG_ROLE'] });
    const extended = await cw.review('customer-relations-manager', extendBy);
    expect(extended.review.nextReviewDueAt).toBe(iso('2027-03-02T09:00:00Z'));
    expect(extended.restrictions.map((r) => r.endsAt)).toEqual([
      iso('2027-03-02T09:00:00Z'),
      iso('2027-03-02T09:00:00Z'),
    ]);
    expectFourParts(extended.letter);
    expect(sectionOf(extended.letter, 'how-long')).toBe(
      'They apply from 2 March 2026 until 2 March 2027.',
    );
    expect(sectionOf(extended.letter, 'appeal')).toContain('As no appeal rights exist');
    await cw.send('officer', extended.letter!.id);
    expect(violation(await cw.lodge('officer', extended.decision.id)).reasons).toEqual([
      'NO_APPEAL_ROUTE',
    ]);

    // §7: "marked 'Closed'" at the next review.
    api.clock.set(new Date('2027-03-02T09:00:00Z'));
    await cw.consult('director', ids.caseId, 'director', { subject: 'REVIEW' });
    const closed = await cw.review('senior-manager', {
      caseId: ids.caseId,
      outcome: 'LIFT',
      note: 'No incidents since the last review.',
      consultations: ['director'],
    });
    expect(closed.case).toMatchObject({
      stage: 'closed',
      status: 'closed',
      reviewDueAt: null,
      closedAt: iso('2027-03-02T09:00:00Z'),
    });
    await cw.send('officer', closed.letter!.id);

    const view = await cw.view(ids.caseId);
    expect(view).toMatchObject({
      stage: 'closed',
      status: 'closed',
      closedAt: iso('2027-03-02T09:00:00Z'),
    });
    expect(view.letters.map((l) => l.templateKey)).toEqual([
      'stage-1-letter',
      'stage-2-letter',
      'review-outcome-letter',
      'review-outcome-letter',
    ]);
    expect(view.restrictions.map((r) => [r.type, r.status]).sort()).toEqual([
      ['contact-agreement', 'ended'],
      ['designated-premises', 'lifted'],
      ['single-point-of-contact', 'lifted'],
    ]);
    await cw.chainIntact();
  });
});
