import { dueAutomaticTransition } from '../engine/available-transitions';
import { canLodgeAppeal } from '../engine/appeals';
import { canRecordReview, reviewOutcomeStage } from '../engine/reviews';
import { reminderDate, restrictionEndDate, reviewDueDate } from '../dates/review-schedule';
import { retentionDueDate } from '../dates/retention';
import { renderLetter } from '../letters/render-letter';
import { availableTransitions } from '../engine/available-transitions';
import {
  act,
  actor,
  attest,
  lastDecision,
  logContact,
  openCase,
  propose,
  Refused,
  utc,
} from '../test-support/case-walk';
import { loadTenantPolicy } from '../test-support/tenant-policy';

const policy = loadTenantPolicy('cheshire-west-and-chester');
const officer = actor('olive', 'officer');
const seniorManager = actor('sam', 'senior-manager');
const director = actor('dina', 'director');
const crt = actor('cora', 'customer-relations-team');
const crm = actor('carl', 'customer-relations-manager');
const dog = actor('vanessa', 'director-of-governance');
const spoc = { type: 'single-point-of-contact', parameters: { officer: 'Olive Officer' } };

describe('Cheshire West and Chester: stage 1, stage 2, closed, dormant, deleted', () => {
  it('walks the whole process as §6-7 describe', () => {
    let c = openCase(policy, utc('2025-01-06'));
    c = attest(c, 'adjustments-considered', 'service-advised-by-crt');

    // §6: stage 1 approved at senior manager level at least; an officer cannot approve.
    c = propose(
      policy,
      c,
      officer,
      { toStage: 'stage-1', restrictions: [spoc] },
      utc('2025-01-07'),
    );
    expect(() => act(policy, c, actor('oscar', 'officer'), 'approve', utc('2025-01-08'))).toThrow(
      Refused,
    );
    c = act(policy, c, seniorManager, 'approve', utc('2025-01-08'));
    expect(c.stage).toBe('stage-1');

    // §6.1: default monitoring 6 months; §7 review no later than six months from the decision.
    const endsAt = restrictionEndDate(policy, 'stage-1', utc('2025-01-08'));
    expect(endsAt).toEqual(utc('2025-07-08'));
    expect(reviewDueDate(policy, 'stage-1', utc('2025-01-08'), endsAt)).toEqual(utc('2025-07-08'));
    expect(reminderDate(policy, 'stage-1', utc('2025-07-08'))).toEqual(utc('2025-06-10'));

    // §6.2: stage 2 = Director's business case → CRT recommends → Director of Governance decides.
    // §6.2: escalated if the conduct is persistent; the checks are attested for this decision.
    c = logContact(c, utc('2025-02-20'), ['high-volume']);
    c = attest(c, 'adjustments-considered', 'final-position-given');
    expect(() =>
      propose(
        policy,
        c,
        seniorManager,
        { toStage: 'stage-2', restrictions: [spoc] },
        utc('2025-03-01'),
      ),
    ).toThrow(/Director of the service affected/);
    c = propose(
      policy,
      c,
      director,
      { toStage: 'stage-2', restrictions: [spoc] },
      utc('2025-03-01'),
    );
    const dogTooEarly = availableTransitions(policy, c, dog, utc('2025-03-02'));
    expect(dogTooEarly[0]).toMatchObject({ allowed: false, nextStep: 'recommend' });
    expect(() => act(policy, c, dog, 'approve', utc('2025-03-02'))).toThrow(Refused);
    // The CRT records a recommendation (for or against); only the decider refuses.
    expect(() => act(policy, c, crt, 'reject', utc('2025-03-02'))).toThrow(/recommendation/);
    c = act(policy, c, crt, 'recommend', utc('2025-03-02'));
    c = act(policy, c, dog, 'approve', utc('2025-03-03'));
    expect(c.stage).toBe('stage-2');
    expect(lastDecision(c).participants.map((p) => p.step)).toEqual([
      'propose',
      'recommend',
      'decide',
    ]);

    // §7: reviews every 6 months by the CRM and Senior Manager.
    const due = reviewDueDate(policy, 'stage-2', utc('2025-03-03'), utc('2025-09-03'));
    expect(due).toEqual(utc('2025-09-03'));
    expect(canRecordReview(policy, c, officer, 'continue', due).allowed).toBe(false);
    // §7: "in consultation with the relevant senior managers/Directors".
    expect(canRecordReview(policy, c, crm, 'lift', due)).toMatchObject({
      allowed: false,
      reasons: [{ code: 'CONSULTATION_MISSING' }],
    });
    expect(
      canRecordReview(policy, c, crm, { outcome: 'lift', consultationsRecorded: ['director'] }, due)
        .allowed,
    ).toBe(true);
    expect(reviewOutcomeStage(policy, 'stage-2', 'lift')).toBe('closed');

    // §7: no right of appeal at either stage; the refusal signposts the LGSCO.
    const appeal = canLodgeAppeal(policy, c, lastDecision(c).id, utc('2025-03-05'));
    expect(appeal.allowed).toBe(false);
    if (!appeal.allowed) {
      expect(appeal.reasons[0]?.code).toBe('NO_APPEAL_ROUTE');
      expect(appeal.reasons[0]?.message).toMatch(/no right of appeal/i);
      expect(appeal.reasons[0]?.message).toContain('www.lgo.org.uk');
    }

    // §7: closed → dormant; deleted 12 months after dormancy if no further activity.
    c = { ...c, stage: 'closed', closedAt: utc('2025-09-04') };
    expect(dueAutomaticTransition(policy, c, utc('2025-09-04'), utc('2025-09-04'))).toEqual({
      transitionKey: 'move-to-dormant',
      to: 'dormant',
    });
    c = { ...c, stage: 'dormant', dormantAt: utc('2025-09-04'), lastActivityAt: utc('2025-09-04') };
    expect(retentionDueDate(policy, c)).toEqual({
      dueAt: utc('2026-09-04'),
      ruleId: 'dormant-plus-12-months',
      action: 'destroy',
    });
    // Further activity restarts the 12 months.
    expect(retentionDueDate(policy, { ...c, lastActivityAt: utc('2026-01-10') })?.dueAt).toEqual(
      utc('2027-01-10'),
    );
  });

  it('goes straight to stage 2 only for extreme conduct (§6, §6.2)', () => {
    let c = attest(openCase(policy, utc('2025-01-06')), 'adjustments-considered');
    const input = { toStage: 'stage-2', restrictions: [spoc] };
    expect(() => propose(policy, c, director, input, utc('2025-01-07'))).toThrow(
      /SKIP_NOT_JUSTIFIED/,
    );
    c = logContact(c, utc('2025-01-07'), ['threats'], 'high');
    c = propose(policy, c, director, input, utc('2025-01-07'));
    c = act(policy, c, crt, 'recommend', utc('2025-01-08'));
    c = act(policy, c, dog, 'approve', utc('2025-01-09'));
    expect(c.stage).toBe('stage-2');
  });

  it('writes a stage 2 letter that signposts the Ombudsman instead of an appeal', () => {
    const letter = renderLetter(policy, 'stage-2-letter', {
      customerName: 'Mr A',
      reasons: 'You have repeatedly shouted at staff.',
      restrictions: [spoc],
      startsAt: utc('2025-03-03'),
      endsAt: utc('2025-09-03'),
      stageKey: 'stage-2',
    });
    expect(letter.sections.map((s) => s.key)).toEqual(['why', 'what', 'how-long', 'appeal']);
    expect(letter.body).toContain('no right of appeal');
    expect(letter.body).toContain('3 September 2025');
  });
});
