import { canLodgeAppeal } from '../engine/appeals';
import { canDecideDerestriction, canRequestDerestriction } from '../engine/derestriction';
import { canRecordReview } from '../engine/reviews';
import { restrictionEndDate, reviewDueDate } from '../dates/review-schedule';
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
import type { CaseState } from '../engine/case-state';

const policy = loadTenantPolicy('london-borough');
const officer = actor('ola', 'officer');
const directorA = actor('dan', 'director');
const directorB = actor('dee', 'director');
const ad = actor('ada', 'assistant-director');
const ce = actor('cecil', 'chief-executive');
const hce = actor('hana', 'head-of-customer-engagement');
const ALL_CHECKS = [
  'safeguarding-considered',
  'existing-support-contacted',
  'complaint-properly-handled',
  'alternatives-tried',
  'sufficient-examples-seen',
];
const restriction = {
  type: 'designated-contact-point',
  parameters: { contactPoint: 'contact@council.example' },
};

function warned(): CaseState {
  let c = attest(openCase(policy, utc('2025-01-06')), ...ALL_CHECKS);
  // §6: the senior manager sees examples of the conduct.
  c = logContact(c, utc('2025-01-06'), ['excessive-contact']);
  c = propose(policy, c, officer, { toStage: 'warning', restrictions: [] }, utc('2025-01-07'));
  // §6: a Director or Assistant Director decides the warning.
  expect(() => act(policy, c, actor('ollie', 'officer'), 'approve', utc('2025-01-08'))).toThrow(
    /WRONG_ROLE/,
  );
  c = act(policy, c, directorA, 'approve', utc('2025-01-08'));
  // §7: the behaviour "continues notwithstanding their receipt of a warning letter"; the checks
  // attested for the warning are spent, so they are attested again for the restriction.
  c = logContact(c, utc('2025-01-20'), ['excessive-contact']);
  return attest(c, ...ALL_CHECKS);
}

describe('London Borough: warning → restriction → additional action', () => {
  it('restriction is decided by the Chief Executive after the DCS has been given the information', () => {
    let c = warned();
    expect(c.stage).toBe('warning');
    c = propose(
      policy,
      c,
      ad,
      { toStage: 'restriction', restrictions: [restriction], durationMonths: 12 },
      utc('2025-02-01'),
    );
    // §7: the Director of Corporate Services gets the same information before the decision.
    expect(() => act(policy, c, ce, 'approve', utc('2025-02-03'))).toThrow(/CONSULTATION_MISSING/);
    c = recordConsultation(c, 'director-of-corporate-services');
    c = act(policy, c, ce, 'approve', utc('2025-02-03'));
    expect(c.stage).toBe('restriction');

    // §9: reviewed at the end of the period set in the CE's letter.
    const endsAt = restrictionEndDate(policy, 'restriction', utc('2025-02-03'), 12);
    expect(reviewDueDate(policy, 'restriction', utc('2025-02-03'), endsAt)).toEqual(
      utc('2026-02-03'),
    );
    expect(canRecordReview(policy, c, hce, 'escalate', utc('2026-02-03')).allowed).toBe(true);

    // No internal appeal: the LGSCO is signposted.
    const appeal = canLodgeAppeal(policy, c, lastDecision(c).id, utc('2025-02-04'));
    expect(appeal.allowed || appeal.reasons[0]?.code).toBe('NO_APPEAL_ROUTE');

    // §8: additional action follows the CE's letter, if the conduct continues.
    c = logContact(c, utc('2025-05-20'), ['harassment']);
    c = attest(c, ...ALL_CHECKS);
    c = propose(
      policy,
      c,
      directorB,
      {
        toStage: 'additional-action',
        restrictions: [{ type: 'all-contact-refused', parameters: {} }],
        indefinite: true,
      },
      utc('2025-06-01'),
    );
    c = recordConsultation(c, 'director-of-corporate-services');
    c = act(policy, c, ce, 'approve', utc('2025-06-02'));
    expect(c.stage).toBe('additional-action');
    // §9: indefinite measures are reviewed annually.
    expect(reviewDueDate(policy, 'additional-action', utc('2025-06-02'), null)).toEqual(
      utc('2026-06-02'),
    );
  });

  it('a Director may decide for an absent CE only if not involved in the warning (§7)', () => {
    let c = warned();
    const input = { toStage: 'restriction', restrictions: [restriction], durationMonths: 6 };
    c = propose(policy, c, ad, input, utc('2025-02-01'), { principalUnavailable: false });
    c = recordConsultation(c, 'director-of-corporate-services');
    // CE not recorded as unavailable: a Director cannot stand in.
    expect(() => act(policy, c, directorB, 'approve', utc('2025-02-02'))).toThrow(
      /DEPUTY_NOT_ALLOWED/,
    );
    c = { ...c, openProposal: c.openProposal && { ...c.openProposal, principalUnavailable: true } };
    // Director A decided the warning: not independent.
    expect(() => act(policy, c, directorA, 'approve', utc('2025-02-02'))).toThrow(/INDEPENDENCE/);
    c = act(policy, c, directorB, 'approve', utc('2025-02-02'));
    expect(c.stage).toBe('restriction');
    expect(lastDecision(c).participants).toContainEqual({
      userId: 'dee',
      role: 'director',
      step: 'decide',
    });
  });

  it('goes straight to restriction only for threats or violence (§5, §6)', () => {
    let c = attest(openCase(policy, utc('2025-01-06')), ...ALL_CHECKS);
    const input = { toStage: 'restriction', restrictions: [restriction], durationMonths: 6 };
    expect(() => propose(policy, c, directorA, input, utc('2025-01-07'))).toThrow(
      /SKIP_NOT_JUSTIFIED/,
    );
    c = logContact(c, utc('2025-01-07'), ['threats-or-violence'], 'high');
    c = propose(policy, c, directorA, input, utc('2025-01-07'));
    c = recordConsultation(c, 'director-of-corporate-services');
    c = act(policy, c, ce, 'approve', utc('2025-01-08'));
    expect(c.stage).toBe('restriction');
  });

  it('derestriction: not before half the period, or a year if indefinite, unless exceptional (§9)', () => {
    const state: CaseState = {
      ...openCase(policy, utc('2025-01-01')),
      stage: 'restriction',
      activeRestrictions: [
        {
          id: 'fixed',
          type: 'building-ban',
          startsAt: utc('2025-01-01'),
          endsAt: utc('2025-07-01'),
        },
        { id: 'forever', type: 'building-ban', startsAt: utc('2025-01-01'), endsAt: null },
      ],
    };
    const early = canRequestDerestriction(policy, state, 'fixed', utc('2025-03-15'), false);
    expect(early.allowed || early.reasons[0]?.code).toBe('DERESTRICTION_TOO_EARLY');
    expect(canRequestDerestriction(policy, state, 'fixed', utc('2025-04-02'), false).allowed).toBe(
      true,
    );
    expect(canRequestDerestriction(policy, state, 'fixed', utc('2025-03-15'), true).allowed).toBe(
      true,
    );
    expect(
      canRequestDerestriction(policy, state, 'forever', utc('2025-12-31'), false).allowed,
    ).toBe(false);
    expect(
      canRequestDerestriction(policy, state, 'forever', utc('2026-01-01'), false).allowed,
    ).toBe(true);
    // §9: "The Chief Executive will consult with such staff as he considers appropriate".
    const unconsulted = canDecideDerestriction(policy, state, ce);
    expect(unconsulted.allowed || unconsulted.reasons.map((r) => r.code)).toEqual([
      'CONSULTATION_MISSING',
    ]);
    expect(canDecideDerestriction(policy, state, ce, ['head-of-customer-engagement']).allowed).toBe(
      true,
    );
    expect(canDecideDerestriction(policy, state, directorA).allowed).toBe(false);
  });
});
