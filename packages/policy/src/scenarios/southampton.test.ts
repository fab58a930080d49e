import { canDecideAppeal, canLodgeAppeal } from '../engine/appeals';
import { canRecordReview } from '../engine/reviews';
import { reviewDueDate } from '../dates/review-schedule';
import { retentionDueDate } from '../dates/retention';
import { renderLetter } from '../letters/render-letter';
import {
  act,
  actor,
  attest,
  lastDecision,
  logContact,
  openCase,
  propose,
  recordConsultation,
  utc,
} from '../test-support/case-walk';
import { loadTenantPolicy } from '../test-support/tenant-policy';

const policy = loadTenantPolicy('southampton');
const officer = actor('ona', 'officer');
const manager = actor('mia', 'service-manager');
const crm = actor('mark', 'complaints-resolution-manager');
const sd = actor('sian', 'service-director-legal');
const letterOnly = { type: 'single-channel', parameters: { channel: 'letter' } };

describe('Southampton: local resolution → referral → restriction by the CRM', () => {
  it('walks the policy', () => {
    let c = openCase(policy, utc('2025-01-06'));
    // Local resolution with a monitoring period; confirmed in writing.
    c = propose(
      policy,
      c,
      officer,
      {
        toStage: 'local-resolution',
        restrictions: [{ type: 'scheduled-contact', parameters: { frequency: 'fortnightly' } }],
        durationMonths: 3,
      },
      utc('2025-01-07'),
    );
    c = act(policy, c, manager, 'approve', utc('2025-01-08'));
    expect(c.stage).toBe('local-resolution');

    // The behaviour continued despite local resolution (log sheets kept).
    c = logContact(c, utc('2025-03-01'), ['excessive-demands']);
    // Referral by the service manager with evidence and log sheets.
    c = propose(
      policy,
      c,
      manager,
      { toStage: 'restriction', restrictions: [letterOnly], durationMonths: 12 },
      utc('2025-04-10'),
    );
    c = attest(
      c,
      'genuine-needs-distinguished',
      'local-resolution-attempted',
      'log-sheets-kept',
      'evidence-provided',
      'other-areas-identified',
    );
    // Only the CRM imposes restrictions, and only after consulting the Head of Service (recorded).
    expect(() =>
      act(policy, c, actor('x', 'service-manager'), 'approve', utc('2025-04-12')),
    ).toThrow(/WRONG_ROLE/);
    expect(() => act(policy, c, crm, 'approve', utc('2025-04-12'))).toThrow(/CONSULTATION_MISSING/);
    c = recordConsultation(c, 'head-of-service-legal');
    c = act(policy, c, crm, 'approve', utc('2025-04-12'));
    expect(c.stage).toBe('restriction');

    // Reviewed yearly by the CRM; extending needs the customer's comments invited.
    expect(reviewDueDate(policy, 'restriction', utc('2025-04-12'), utc('2026-04-12'))).toEqual(
      utc('2026-04-12'),
    );
    // Extending also needs "further ... behaviour ... exhibited during the review period".
    const quiet = canRecordReview(policy, c, crm, 'extend', utc('2026-04-12'));
    expect(quiet.allowed || quiet.reasons.map((r) => r.code)).toEqual([
      'NO_CONDUCT_SINCE_LAST_DECISION',
      'CUSTOMER_COMMENT_MISSING',
    ]);
    c = logContact(c, utc('2026-01-12'), ['excessive-demands']);
    const extend = canRecordReview(policy, c, crm, 'extend', utc('2026-04-12'));
    expect(extend.allowed || extend.reasons.map((r) => r.code)).toEqual([
      'CUSTOMER_COMMENT_MISSING',
    ]);
    expect(
      canRecordReview(
        policy,
        c,
        crm,
        { outcome: 'extend', customerInvitedToComment: true },
        utc('2026-04-12'),
      ).allowed,
    ).toBe(true);
    // Not writing after a review: with the Head of Service, reasons recorded.
    const silent = canRecordReview(
      policy,
      c,
      crm,
      { outcome: 'lift', noLetter: true },
      utc('2026-04-12'),
    );
    expect(silent.allowed || silent.reasons.map((r) => r.code).sort()).toEqual([
      'CONSULTATION_MISSING',
      'REASONS_MISSING',
    ]);
    expect(
      canRecordReview(
        policy,
        c,
        crm,
        {
          outcome: 'lift',
          noLetter: true,
          noLetterReasons: 'Writing could restart the behaviour',
          consultationsRecorded: ['head-of-service-legal'],
        },
        utc('2026-04-12'),
      ).allowed,
    ).toBe(true);

    // Appeal to the Service Director, Legal & Business Operations, independent of the decision.
    const decision = lastDecision(c);
    expect(canLodgeAppeal(policy, c, decision.id, utc('2025-05-01')).allowed).toBe(true);
    expect(canDecideAppeal(policy, c, sd, decision.id).allowed).toBe(true);
    expect(canDecideAppeal(policy, c, crm, decision.id).allowed).toBe(false);

    // Retention: duration of the restrictions plus 6 years, then destroyed.
    expect(
      retentionDueDate(policy, {
        restrictionEndedAt: utc('2026-04-12'),
        lastActivityAt: utc('2026-04-12'),
      }),
    ).toEqual({
      dueAt: utc('2032-04-12'),
      ruleId: 'restriction-end-plus-6-years',
      action: 'destroy',
    });
  });

  it('restriction letter gives the appeal route', () => {
    const letter = renderLetter(policy, 'restriction-letter', {
      customerName: 'Mr C',
      reasons: 'daily emails to many officers',
      restrictions: [letterOnly],
      startsAt: utc('2025-04-12'),
      endsAt: utc('2026-04-12'),
      reviewDue: utc('2026-04-12'),
      stageKey: 'restriction',
    });
    expect(letter.body).toContain('Service Director, Legal & Business Operations');
    expect(letter.body).toContain('Form of contact: Letter');
  });
});
