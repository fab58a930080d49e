import { canLodgeAppeal } from '../engine/appeals';
import { canRecordReview } from '../engine/reviews';
import { canPropose } from '../engine/proposals';
import { reviewDueDate } from '../dates/review-schedule';
import { retentionDueDate } from '../dates/retention';
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

const policy = loadTenantPolicy('welwyn-hatfield');
const officer = actor('otto', 'officer');
const sm = actor('sue', 'service-manager');
const sm2 = actor('sid', 'service-manager');
const smt = actor('tess', 'senior-management-team');
const checks = [
  'staff-protection-considered',
  'vulnerability-considered',
  'complaint-process-followed',
];
const namedOfficer = { type: 'single-named-officer', parameters: { officer: 'Sue Smith' } };

describe('Welwyn Hatfield: moderate → service manager letter → restrictions → refuse all contact', () => {
  it('walks §7-11', () => {
    let c = attest(openCase(policy, utc('2025-01-06')), ...checks);
    // §7.2.1: ask the customer to moderate their behaviour.
    c = propose(
      policy,
      c,
      officer,
      { toStage: 'request-to-moderate', restrictions: [] },
      utc('2025-01-07'),
    );
    c = act(policy, c, sm, 'approve', utc('2025-01-07'));
    // §7.2.2: "If the disruptive behaviour continues", the service manager writes about further actions.
    c = logContact(c, utc('2025-01-20'), ['abusive-language']);
    c = propose(
      policy,
      c,
      sm,
      { toStage: 'service-manager-letter', restrictions: [] },
      utc('2025-02-01'),
    );
    expect(() => act(policy, c, sm, 'approve', utc('2025-02-01'))).toThrow(/SELF_APPROVAL/);
    c = act(policy, c, sm2, 'approve', utc('2025-02-01'));
    // §7.3, §8.1: restrictions, advised for a period (no indefinite).
    const indefinite = canPropose(
      policy,
      c,
      sm,
      { toStage: 'restrictions', restrictions: [namedOfficer], indefinite: true },
      utc('2025-03-01'),
    );
    expect(indefinite.allowed || indefinite.reasons.map((r) => r.code)).toEqual([
      'INDEFINITE_NOT_ALLOWED',
    ]);
    c = attest(c, ...checks);
    c = propose(
      policy,
      c,
      sm,
      { toStage: 'restrictions', restrictions: [namedOfficer], durationMonths: 12 },
      utc('2025-03-01'),
    );
    c = act(policy, c, sm2, 'approve', utc('2025-03-02'));
    expect(c.stage).toBe('restrictions');

    // §10.1: reviewed by the service manager after 12 months.
    expect(reviewDueDate(policy, 'restrictions', utc('2025-03-02'), utc('2027-03-02'))).toEqual(
      utc('2026-03-02'),
    );
    // §10.1: extended only "if the contact has continued during this period".
    const quiet = canRecordReview(policy, c, sm, 'extend', utc('2026-03-02'));
    expect(quiet.allowed || quiet.reasons.map((r) => r.code)).toEqual([
      'NO_CONDUCT_SINCE_LAST_DECISION',
    ]);
    c = logContact(c, utc('2025-12-02'), ['unreasonable-persistence']);
    expect(canRecordReview(policy, c, sm, 'extend', utc('2026-03-02')).allowed).toBe(true);

    // §8.2: refusing all contact needs a Senior Management Team member in consultation with the AD,
    // "where a customer continues to behave" unacceptably.
    c = logContact(c, utc('2025-05-20'), ['abusive-language']);
    c = attest(c, ...checks);
    c = propose(
      policy,
      c,
      sm,
      {
        toStage: 'all-contact-refused',
        restrictions: [{ type: 'all-contact-refused', parameters: {} }],
        durationMonths: 12,
      },
      utc('2025-06-01'),
    );
    expect(() => act(policy, c, sm2, 'approve', utc('2025-06-02'))).toThrow(/WRONG_ROLE/);
    expect(() => act(policy, c, smt, 'approve', utc('2025-06-02'))).toThrow(
      /Assistant Director \(Customer and Transformation\)/,
    );
    c = recordConsultation(c, 'assistant-director-customer-transformation');
    c = act(policy, c, smt, 'approve', utc('2025-06-02'));
    expect(c.stage).toBe('all-contact-refused');

    // §11: only the Ombudsman.
    const appeal = canLodgeAppeal(policy, c, lastDecision(c).id, utc('2025-06-03'));
    expect(appeal.allowed).toBe(false);
    if (!appeal.allowed) expect(appeal.reasons[0]?.message).toMatch(/Ombudsman/);
    expect(
      retentionDueDate(policy, {
        restrictionEndedAt: utc('2026-06-02'),
        lastActivityAt: utc('2026-06-02'),
      }),
    ).toBeNull();
  });

  it('serious incidents allow restrictions without prior warning (§6.1, §8.3)', () => {
    let c = attest(openCase(policy, utc('2025-01-06')), ...checks);
    const input = { toStage: 'restrictions', restrictions: [namedOfficer], durationMonths: 6 };
    expect(canPropose(policy, c, officer, input, utc('2025-01-06')).allowed).toBe(false);
    c = logContact(c, utc('2025-01-06'), ['threats-or-violence'], 'extreme');
    c = propose(policy, c, officer, input, utc('2025-01-06'));
    c = act(policy, c, sm, 'approve', utc('2025-01-06'));
    expect(c.stage).toBe('restrictions');
  });
});
