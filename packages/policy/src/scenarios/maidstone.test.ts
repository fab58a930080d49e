import { canDecideAppeal, canLodgeAppeal } from '../engine/appeals';
import { canRecordReview } from '../engine/reviews';
import { canWithdrawProposal } from '../engine/approval-chain';
import { canPropose } from '../engine/proposals';
import { reviewDueDate, restrictionEndDate } from '../dates/review-schedule';
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
  utc,
} from '../test-support/case-walk';
import { loadTenantPolicy } from '../test-support/tenant-policy';

const policy = loadTenantPolicy('maidstone');
const manager = actor('mo', 'manager');
const hop = actor('hope', 'head-of-policy');
const pit = actor('pia', 'policy-and-information-team');
const dfbi = actor('fin', 'director-of-finance');
const spoc = { type: 'single-point-of-contact', parameters: { officer: 'Pat Jones' } };

describe('Maidstone: warning → policy applied, Head of Policy decides', () => {
  it('walks §6-8', () => {
    let c = openCase(policy, utc('2025-01-06'));
    // §6.3: no direct route to applying the policy without a warning.
    expect(
      canPropose(
        policy,
        c,
        manager,
        { toStage: 'policy-applied', restrictions: [spoc] },
        utc('2025-01-06'),
      ).allowed,
    ).toBe(false);
    c = propose(policy, c, manager, { toStage: 'warning', restrictions: [] }, utc('2025-01-07'));
    // The proposer alone may withdraw it; the decider refuses it instead.
    expect(canWithdrawProposal(c, manager)).toEqual({ allowed: true });
    expect(canWithdrawProposal(c, hop)).toMatchObject({
      allowed: false,
      reasons: [{ code: 'NOT_PROPOSER' }],
    });
    c = act(policy, c, hop, 'approve', utc('2025-01-08'));
    expect(c.stage).toBe('warning');
    expect(canWithdrawProposal(c, manager)).toMatchObject({
      allowed: false,
      reasons: [{ code: 'NO_PROPOSAL' }],
    });

    // §6.3: only if contacts continue after the warning, with a clear evidence base (§6.2).
    c = logContact(c, utc('2025-01-20'), ['repeat-enquiries']);
    // §6.1: a Manager requests; the Head of Policy decides.
    c = propose(
      policy,
      c,
      manager,
      { toStage: 'policy-applied', restrictions: [spoc] },
      utc('2025-02-01'),
    );
    expect(() =>
      act(policy, c, actor('m2', 'manager', 'head-of-service'), 'approve', utc('2025-02-02')),
    ).toThrow(/WRONG_ROLE/);
    // §6.2: all four pre-checks before the decision.
    let refused = '';
    try {
      act(policy, c, hop, 'approve', utc('2025-02-02'));
    } catch (e) {
      refused = (e as Error).message;
    }
    expect(refused.match(/CHECK_MISSING/g)).toHaveLength(4);
    expect(refused).not.toMatch(/NO_CONDUCT_SINCE_LAST_DECISION|EVIDENCE_INSUFFICIENT/);
    c = attest(
      c,
      'investigated-properly',
      'communications-adequate',
      'no-significant-new-information',
      'clear-evidence-base',
    );
    c = act(policy, c, hop, 'approve', utc('2025-02-02'));
    expect(c.stage).toBe('policy-applied');

    // §6.4: initial three months; §7.2: reviewed every three months.
    const endsAt = restrictionEndDate(policy, 'policy-applied', utc('2025-02-02'));
    expect(endsAt).toEqual(utc('2025-05-02'));
    expect(reviewDueDate(policy, 'policy-applied', utc('2025-02-02'), endsAt)).toEqual(
      utc('2025-05-02'),
    );
    expect(reviewDueDate(policy, 'policy-applied', utc('2025-05-02'), utc('2025-08-02'))).toEqual(
      utc('2025-08-02'),
    );
    expect(canRecordReview(policy, c, pit, 'extend', utc('2025-05-02')).allowed).toBe(true);
    expect(canRecordReview(policy, c, manager, 'extend', utc('2025-05-02')).allowed).toBe(false);
    // Longer than the initial three months is refused at decision time.
    const tooLong = canPropose(
      policy,
      { ...c, stage: 'warning' },
      manager,
      { toStage: 'policy-applied', restrictions: [spoc], durationMonths: 6 },
      utc('2025-02-01'),
    );
    expect(tooLong.allowed || tooLong.reasons.map((r) => r.code)).toEqual(['DURATION_TOO_LONG']);

    // §8.1: appeals to the Director of Finance and Business Improvement, who took no part.
    const decision = lastDecision(c);
    expect(canLodgeAppeal(policy, c, decision.id, utc('2026-02-02')).allowed).toBe(true);
    expect(canDecideAppeal(policy, c, dfbi, decision.id).allowed).toBe(true);
    expect(canDecideAppeal(policy, c, hop, decision.id).allowed).toBe(false);
    const both = canDecideAppeal(
      policy,
      c,
      actor('hope', 'head-of-policy', 'director-of-finance'),
      decision.id,
    );
    expect(both.allowed || both.reasons.map((r) => r.code)).toEqual(['INDEPENDENCE']);

    // §7.2: no retention period stated, so nothing is scheduled for destruction automatically.
    expect(
      retentionDueDate(policy, { closedAt: utc('2025-08-02'), lastActivityAt: utc('2025-08-02') }),
    ).toBeNull();
  });

  it('letter explains why, what, how long and how to have it reviewed (§6.3)', () => {
    const letter = renderLetter(policy, 'policy-applied-letter', {
      customerName: 'Ms B',
      reasons: 'repeated calls to several departments about the same issue',
      restrictions: [spoc, { type: 'single-channel', parameters: { channel: 'email' } }],
      startsAt: utc('2025-02-02'),
      endsAt: utc('2025-05-02'),
      stageKey: 'policy-applied',
    });
    expect(letter.body).toContain('Director of Finance and Business Improvement');
    expect(letter.body).toContain('Method of contact: Email');
    expect(() =>
      renderLetter(policy, 'policy-applied-letter', {
        customerName: 'Ms B',
        reasons: '',
        restrictions: [spoc],
        startsAt: utc('2025-02-02'),
        endsAt: utc('2025-05-02'),
        stageKey: 'policy-applied',
      }),
    ).toThrow(/reasons/);
  });
});
