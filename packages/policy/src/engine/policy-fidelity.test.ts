import { roleList } from '../schema/keys';
import type { Policy } from '../schema/policy';
import { loadTenantPolicy } from '../test-support/tenant-policy';
import { canActOnProposal } from './approval-chain';
import type { Actor, CaseState, ProposalState, Verdict } from './case-state';
import {
  canAttestCheck,
  canChangeLegalHold,
  canReadRegister,
  canRecordReferral,
} from './case-records';
import { measureReasons } from './measures';
import { findTransition } from '../schema/policy-lookup';
import { noticesForContact } from './staff-notifications';

const at = (iso: string) => new Date(`${iso}T09:00:00Z`);
const policies = {
  'london-borough': loadTenantPolicy('london-borough'),
  maidstone: loadTenantPolicy('maidstone'),
  'welwyn-hatfield': loadTenantPolicy('welwyn-hatfield'),
  southampton: loadTenantPolicy('southampton'),
  'cheshire-west-and-chester': loadTenantPolicy('cheshire-west-and-chester'),
};
type Slug = keyof typeof policies;

/**
 * A case that entered the transition's stage on 1 February by a decision whose
 * letter was not sent, with one contact logged before it, every check attested
 * and every consultation recorded for this decision, and an open proposal from
 * `proposer` citing no evidence. The tests then add what a condition needs.
 */
function caseBefore(policy: Policy, key: string, proposer: string) {
  const found = findTransition(policy, key)!;
  const entered = at('2025-02-01');
  const proposal: ProposalState = {
    id: 'p1',
    transitionKey: key,
    proposedBy: proposer,
    proposedAt: at('2025-03-01'),
    steps: [],
    consultationsRecorded: found.transition.consultations,
    evidenceContactIds: [],
  };
  const state: CaseState = {
    stage: found.from,
    openedAt: at('2025-01-01'),
    attestedChecks: [],
    attestations: found.transition.checks.map((checkKey) => ({
      checkKey,
      attestedAt: at('2025-02-15'),
    })),
    letters: [{ decisionId: 'd0', sentAt: null }],
    contacts: [
      { id: 'c0', occurredAt: at('2025-01-15'), behaviourCategories: [], severity: 'medium' },
    ],
    decisions: [
      {
        id: 'd0',
        kind: 'transition',
        toStage: found.from,
        decidedAt: entered,
        participants: [],
      },
    ],
    activeRestrictions: [],
    openProposal: proposal,
    lastActivityAt: entered,
  };
  return { state, transition: found.transition };
}

/** Someone else holding the role of every remaining step (a single-step chain: the decide step). */
function decider(policy: Policy, key: string): Actor {
  const chain = findTransition(policy, key)!.transition.approval;
  return { userId: 'decider', roles: chain.slice(1).flatMap((s) => roleList(s.role)) };
}

const reasonsOf = (v: Verdict) => (v.allowed ? [] : v.reasons);
const codes = (v: Verdict) => reasonsOf(v).map((r) => r.code);

describe('conditions on a transition, as each council words them', () => {
  const cases: [Slug, string, string[]][] = [
    [
      'maidstone',
      'apply-policy',
      ['EVIDENCE_INSUFFICIENT', 'NO_CONDUCT_SINCE_LAST_DECISION', 'PREVIOUS_LETTER_NOT_SENT'],
    ],
    ['london-borough', 'issue-warning', ['EVIDENCE_INSUFFICIENT']],
    [
      'london-borough',
      'restrict',
      ['EVIDENCE_INSUFFICIENT', 'NO_CONDUCT_SINCE_LAST_DECISION', 'PREVIOUS_LETTER_NOT_SENT'],
    ],
    [
      'london-borough',
      'additional-action',
      ['NO_CONDUCT_SINCE_LAST_DECISION', 'PREVIOUS_LETTER_NOT_SENT'],
    ],
    [
      'southampton',
      'impose-restrictions',
      ['EVIDENCE_INSUFFICIENT', 'NO_CONDUCT_SINCE_LAST_DECISION', 'PREVIOUS_LETTER_NOT_SENT'],
    ],
    ['welwyn-hatfield', 'service-manager-letter', ['NO_CONDUCT_SINCE_LAST_DECISION']],
    ['welwyn-hatfield', 'refuse-all-contact', ['NO_CONDUCT_SINCE_LAST_DECISION']],
    ['cheshire-west-and-chester', 'escalate-to-stage-2', ['NO_CONDUCT_SINCE_LAST_DECISION']],
    ['cheshire-west-and-chester', 'reintroduce-stage-1', ['NO_CONDUCT_SINCE_LAST_DECISION']],
    ['cheshire-west-and-chester', 'reintroduce-stage-2', ['NO_CONDUCT_SINCE_LAST_DECISION']],
  ];

  it.each(cases)(
    '%s %s: refused until the conditions hold, then allowed',
    (slug, key, expected) => {
      const policy = policies[slug];
      const { state } = caseBefore(policy, key, 'proposer');
      let proposal = state.openProposal!;
      // Walk any recommend steps first, by their own people.
      const chain = findTransition(policy, key)!.transition.approval;
      proposal = {
        ...proposal,
        steps: chain.slice(1, -1).map((s, i) => ({
          step: s.step,
          userId: `recommender-${i}`,
          role: roleList(s.role)[0]!,
          action: 'recommend' as const,
          at: at('2025-03-02'),
        })),
      };
      const who = { userId: 'decider', roles: roleList(chain.at(-1)!.role) };
      const before = canActOnProposal(
        policy,
        { ...state, openProposal: proposal },
        who,
        'approve',
        at('2025-03-03'),
      );
      expect(codes(before).sort()).toEqual([...expected].sort());

      const satisfied: CaseState = {
        ...state,
        letters: [{ decisionId: 'd0', sentAt: at('2025-02-02') }],
        contacts: [
          ...state.contacts,
          { id: 'c1', occurredAt: at('2025-02-20'), behaviourCategories: [], severity: 'medium' },
        ],
        openProposal: { ...proposal, evidenceContactIds: ['c0', 'c1'] },
      };
      expect(canActOnProposal(policy, satisfied, who, 'approve', at('2025-03-03'))).toMatchObject({
        allowed: true,
      });
    },
  );

  it('evidence counts only contacts logged on the case', () => {
    const policy = policies.maidstone;
    const { state } = caseBefore(policy, 'apply-policy', 'proposer');
    const s: CaseState = {
      ...state,
      letters: [{ decisionId: 'd0', sentAt: at('2025-02-02') }],
      contacts: [
        ...state.contacts,
        { id: 'c1', occurredAt: at('2025-02-20'), behaviourCategories: [], severity: 'low' },
      ],
      openProposal: { ...state.openProposal!, evidenceContactIds: ['not-a-contact'] },
    };
    expect(
      codes(
        canActOnProposal(policy, s, decider(policy, 'apply-policy'), 'approve', at('2025-03-03')),
      ),
    ).toEqual(['EVIDENCE_INSUFFICIENT']);
  });
});

describe('a check attested for one decision', () => {
  it('does not count again for the next (Maidstone §6.2 checks before applying the policy)', () => {
    const policy = policies.maidstone;
    const { state } = caseBefore(policy, 'apply-policy', 'proposer');
    const spent: CaseState = {
      ...state,
      letters: [{ decisionId: 'd0', sentAt: at('2025-02-02') }],
      contacts: [
        ...state.contacts,
        { id: 'c1', occurredAt: at('2025-02-20'), behaviourCategories: [], severity: 'low' },
      ],
      openProposal: { ...state.openProposal!, evidenceContactIds: ['c1'] },
      attestations: state.attestations!.map((a) => ({ ...a, attestedAt: at('2025-01-20') })),
    };
    const verdict = canActOnProposal(
      policy,
      spent,
      decider(policy, 'apply-policy'),
      'approve',
      at('2025-03-03'),
    );
    expect(codes(verdict)).toEqual(Array(4).fill('CHECK_MISSING'));
    expect(reasonsOf(verdict)[0]?.message).toContain('made before the previous decision');
    // A check never attested is simply missing: nothing was spent.
    const never = canActOnProposal(
      policy,
      {
        ...spent,
        attestations: spent.attestations!.filter((a) => a.checkKey !== 'investigated-properly'),
      },
      decider(policy, 'apply-policy'),
      'approve',
      at('2025-03-03'),
    );
    expect(reasonsOf(never)[0]?.message).toBe(
      'Before deciding, someone must confirm: The issue is being or has been investigated properly.',
    );
  });

  it.each([
    ['maidstone', 'clear-evidence-base', 'manager', 'head-of-policy'],
    ['london-borough', 'sufficient-examples-seen', 'officer', 'chief-executive'],
  ] as const)(
    '%s: %s is attested only by the roles the check names',
    (slug, check, wrong, right) => {
      const policy = policies[slug];
      expect(codes(canAttestCheck(policy, { userId: 'u', roles: [wrong] }, check))).toEqual([
        'WRONG_ROLE',
      ]);
      expect(canAttestCheck(policy, { userId: 'u', roles: [right] }, check).allowed).toBe(true);
    },
  );
});

describe('a single decider where the text names one person', () => {
  it.each([
    ['southampton', 'start-local-resolution', 'service-manager'],
    ['welwyn-hatfield', 'ask-to-moderate', 'officer'],
  ] as const)('%s %s: the proposer may decide alone', (slug, key, role) => {
    const policy = policies[slug];
    const { state } = caseBefore(policy, key, 'me');
    const me = { userId: 'me', roles: [role] };
    expect(canActOnProposal(policy, state, me, 'approve', at('2025-03-03'))).toMatchObject({
      allowed: true,
      completes: true,
    });
  });

  it('four eyes stay the default (Southampton: closing after local resolution)', () => {
    const policy = policies.southampton;
    const { state } = caseBefore(policy, 'resolved-locally', 'me');
    const me = { userId: 'me', roles: ['service-manager'] };
    expect(codes(canActOnProposal(policy, state, me, 'approve', at('2025-03-03')))).toEqual([
      'SELF_APPROVAL',
    ]);
  });
});

describe('records outside the stage model', () => {
  it.each([
    ['maidstone', 'head-of-policy', 'manager'],
    ['london-borough', 'head-of-customer-engagement', 'director'],
    ['southampton', 'complaints-resolution-manager', 'service-manager'],
    ['welwyn-hatfield', 'assistant-director-customer-transformation', 'service-manager'],
    ['cheshire-west-and-chester', 'director-of-governance', 'senior-manager'],
  ] as const)('%s: legal holds are placed and released by %s only', (slug, holder, other) => {
    const policy = policies[slug];
    const h = { userId: 'h', roles: [holder] };
    expect(canChangeLegalHold(policy, h, true, false).allowed).toBe(true);
    expect(canChangeLegalHold(policy, h, false, true).allowed).toBe(true);
    expect(codes(canChangeLegalHold(policy, h, true, true))).toEqual(['ALREADY_HELD']);
    expect(codes(canChangeLegalHold(policy, { userId: 'o', roles: [other] }, true, false))).toEqual(
      ['WRONG_ROLE'],
    );
  });

  it.each([
    [
      'london-borough',
      ['police', 'monitoring-officer', 'safeguarding-duty-team', 'civil-proceedings'],
    ],
    ['southampton', ['police', 'legal-action', 'safe-working-incident-list']],
    ['welwyn-hatfield', ['police', 'staff-protection', 'emergency-services', 'legal-action']],
    ['cheshire-west-and-chester', ['police', 'legal-action']],
  ] as const)('%s lists the referrals its text names', (slug, keys) => {
    const policy = policies[slug];
    expect(Object.keys(policy.referrals).sort()).toEqual([...keys].sort());
    expect(codes(canRecordReferral(policy, 'astrology'))).toEqual(['NO_SUCH_REFERRAL']);
  });

  it('London §3: the register is read by those who need it, not every officer', () => {
    const policy = policies['london-borough'];
    expect(codes(canReadRegister(policy, { userId: 'o', roles: ['officer'] }))).toEqual([
      'WRONG_ROLE',
    ]);
    expect(
      canReadRegister(policy, { userId: 'h', roles: ['head-of-customer-engagement'] }).allowed,
    ).toBe(true);
    expect(canReadRegister(policies.maidstone, { userId: 'o', roles: ['officer'] }).allowed).toBe(
      true,
    );
  });
});

describe('staff notifications the policies name', () => {
  it('Welwyn Hatfield §5.4.2: abusive contact is brought to the service manager at once', () => {
    const policy = policies['welwyn-hatfield'];
    expect(
      noticesForContact(policy, {
        behaviourCategories: ['abusive-language'],
        severity: 'medium',
        caseStageKind: 'open',
      }),
    ).toEqual([expect.objectContaining({ event: 'contact-logged', roles: ['service-manager'] })]);
    expect(
      noticesForContact(policy, {
        behaviourCategories: ['unreasonable-persistence'],
        severity: 'high',
        caseStageKind: 'open',
      }),
    ).toEqual([]);
  });

  it('Cheshire §7: new contact on a closed or dormant case goes to the Customer Relations Team', () => {
    const policy = policies['cheshire-west-and-chester'];
    for (const kind of ['closed', 'dormant'] as const)
      expect(
        noticesForContact(policy, {
          behaviourCategories: [],
          severity: 'low',
          caseStageKind: kind,
        }),
      ).toEqual([
        expect.objectContaining({
          event: 'contact-while-inactive',
          roles: ['customer-relations-team', 'customer-relations-manager'],
        }),
      ]);
    expect(
      noticesForContact(policy, {
        behaviourCategories: [],
        severity: 'low',
        caseStageKind: 'warning',
      }),
    ).toEqual([]);
  });
});

describe('stage measures are binding (issue 12), as each text lists them', () => {
  const codes = (slug: Slug, stage: string, type: string, parameters: unknown, roles: string[]) =>
    measureReasons(policies[slug], stage, [{ type, parameters }], roles).map((r) => r.code);

  it('maidstone: a warning imposes no measures (§6.3; measures come with the applied policy, §6.4)', () => {
    expect(
      codes('maidstone', 'warning', 'call-time-limit', { minutes: 10 }, ['head-of-service']),
    ).toEqual(['MEASURE_NOT_AT_STAGE']);
    expect(
      codes('maidstone', 'policy-applied', 'call-time-limit', { minutes: 10 }, ['head-of-policy']),
    ).toEqual([]);
  });

  it('london-borough: a restriction cannot impose an additional action (§7 vs §8)', () => {
    expect(
      codes('london-borough', 'restriction', 'all-contact-refused', {}, ['chief-executive']),
    ).toEqual(['MEASURE_NOT_AT_STAGE']);
    expect(
      codes('london-borough', 'additional-action', 'all-contact-refused', {}, ['chief-executive']),
    ).toEqual([]);
  });
});
