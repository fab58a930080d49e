import fc from 'fast-check';
import { roleList } from '../schema/keys';
import type { Policy } from '../schema/policy';
import { findTransition } from '../schema/policy-lookup';
import { reviewDueDate } from '../dates/review-schedule';
import { addDays, addMonths } from '../dates/calendar';
import type { Actor, CaseState } from './case-state';
import {
  act,
  attest,
  logContact,
  openCase,
  propose,
  recordConsultation,
  Refused,
} from '../test-support/case-walk';
import { loadTenantPolicy, TENANT_SLUGS } from '../test-support/tenant-policy';

const policies = TENANT_SLUGS.map((slug) => loadTenantPolicy(slug));
const RESTRICTIVE = new Set(['restriction', 'additional-action']);

function sampleParameters(policy: Policy, type: string): Record<string, unknown> {
  const spec = policy.restrictionTypes[type]?.parameters ?? {};
  const value = (t: string): unknown =>
    ({
      officer: 'Named Officer',
      channel: Object.keys(policy.channels)[0],
      weekdays: ['tuesday'],
      'time-window': { from: '10:00', to: '12:00' },
      minutes: 10,
      count: 3,
      text: 'as agreed',
    })[t];
  return Object.fromEntries(Object.entries(spec).map(([name, s]) => [name, value(s.type)]));
}

const op = fc.record({
  // Weighted towards acts that move a case on, so walks do reach restriction stages.
  kind: fc.constantFrom(
    ...([
      'propose',
      'propose',
      'recommend',
      'recommend',
      'approve',
      'approve',
      'approve',
      'reject',
    ] as const),
    // Conduct is logged often: later moves need conduct since the previous decision.
    ...(['consult', 'consult', 'attest', 'attest', 'contact', 'contact', 'unavailable'] as const),
    // Diligent staff: record what the open proposal needs, or attest every check at once
    // (again after each decision: an attestation counts for one decision).
    ...(['consult-required', 'attest-all', 'attest-all'] as const),
  ),
  user: fc.nat(20),
  pick: fc.nat(50),
  months: fc.option(fc.integer({ min: 1, max: 24 }), { nil: undefined }),
  indefinite: fc.boolean(),
  severity: fc.constantFrom('low', 'medium', 'high', 'extreme'),
});

/** Runs random acts by random people, letting the engine refuse what it should. */
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function run(policy: Policy, users: Actor[], ops: Op[]): CaseState[] {
  const roles = Object.keys(policy.roles);
  const checks = Object.keys(policy.checks);
  const categories = Object.keys(policy.behaviourCategories);
  let state = openCase(policy, new Date(Date.UTC(2025, 0, 1)));
  const history = [state];
  ops.forEach((o, i) => {
    const at = addDays(new Date(Date.UTC(2025, 0, 1)), i);
    const who = users[o.user % users.length] as Actor;
    try {
      switch (o.kind) {
        case 'propose': {
          const ts = policy.stages[state.stage]?.transitions.filter((t) => !t.automatic) ?? [];
          const t = ts[o.pick % Math.max(ts.length, 1)];
          if (!t) return;
          const measures = policy.stages[t.to]?.measures ?? [];
          const type = measures[o.pick % Math.max(measures.length, 1)];
          const restrictions = type ? [{ type, parameters: sampleParameters(policy, type) }] : [];
          state = propose(
            policy,
            state,
            who,
            { toStage: t.to, restrictions, durationMonths: o.months, indefinite: o.indefinite },
            at,
          );
          break;
        }
        case 'recommend':
        case 'approve':
        case 'reject':
          state = act(policy, state, who, o.kind, at);
          break;
        case 'consult':
          if (state.openProposal)
            state = recordConsultation(state, roles[o.pick % roles.length] as string);
          break;
        case 'consult-required': {
          const needed =
            state.openProposal && findTransition(policy, state.openProposal.transitionKey);
          for (const role of needed ? needed.transition.consultations : [])
            state = recordConsultation(state, role);
          break;
        }
        case 'attest-all':
          state = attest(state, ...checks);
          break;
        case 'attest':
          if (checks.length > 0) state = attest(state, checks[o.pick % checks.length] as string);
          break;
        case 'contact':
          state = logContact(
            state,
            at,
            [categories[o.pick % categories.length] as string],
            o.severity,
          );
          break;
        case 'unavailable':
          if (state.openProposal)
            state = {
              ...state,
              openProposal: { ...state.openProposal, principalUnavailable: true },
            };
          break;
      }
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
    }
    history.push(state);
  });
  return history;
}

// One person per role, plus a few holding several roles (where self-approval could sneak in).
const usersFor = (policy: Policy) =>
  fc
    .array(fc.subarray(Object.keys(policy.roles), { minLength: 1, maxLength: 3 }), {
      minLength: 1,
      maxLength: 5,
    })
    .map((sets) => [...Object.keys(policy.roles).map((r) => [r]), ...sets])
    .map((sets) => sets.map((roles, i) => ({ userId: `user-${i}`, roles })));

describe.each(policies.map((p) => [p.slug, p] as const))(
  'engine properties: %s',
  (_slug, policy) => {
    it('no sequence of acts reaches a restrictive stage without every approval in its chain, by distinct people holding the roles', () => {
      let reachedRestriction = 0;
      // The conditions make a restriction rare in a random walk (Southampton: a duration, five
      // checks, Legal, conduct since the local resolution): walk again, up to five rounds,
      // until one gets there; every walk of every round is checked.
      for (let round = 0; round < 5 && reachedRestriction === 0; round += 1)
        fc.assert(
          fc.property(
            usersFor(policy),
            fc.array(op, { minLength: 40, maxLength: 150 }),
            (users, ops) => {
              const history = run(policy, users, ops);
              const final = history[history.length - 1] as CaseState;
              for (const decision of final.decisions) {
                const found = findTransition(policy, decision.transitionKey ?? '');
                if (!found) throw new Error('decision without a transition');
                const chain = found.transition.approval;
                expect(decision.participants.map((p) => p.step)).toEqual(chain.map((s) => s.step));
                decision.participants.forEach((p, i) => {
                  const step = chain[i];
                  const user = users.find((u) => u.userId === p.userId) as Actor;
                  const allowed = [...roleList(step?.role), ...roleList(step?.deputy?.role)];
                  expect(allowed).toContain(p.role);
                  expect(user.roles).toContain(p.role);
                });
                if (!found.transition.decidedAlone)
                  expect(new Set(decision.participants.map((p) => p.userId)).size).toBe(
                    decision.participants.length,
                  );
                // Everything the transition needs was in place when it was decided.
                const at = history.findIndex((s) => s.decisions.includes(decision));
                const before = history[at - 1] as CaseState;
                // (a decider acting in a consulted role is not consulted by themselves)
                const decider = decision.participants.at(-1)?.role;
                expect(before.openProposal?.consultationsRecorded).toEqual(
                  expect.arrayContaining(
                    found.transition.consultations.filter((r) => r !== decider),
                  ),
                );
                // Each check attested after the previous decision: an attestation counts once.
                const previous = before.decisions.at(-1)?.decidedAt ?? new Date(0);
                expect(
                  (before.attestations ?? [])
                    .filter((a) => a.attestedAt > previous)
                    .map((a) => a.checkKey),
                ).toEqual(expect.arrayContaining(found.transition.checks));
                if (RESTRICTIVE.has(policy.stages[found.transition.to]?.kind ?? ''))
                  reachedRestriction++;
              }
              // Entering a restrictive stage only ever happens through such a decision.
              history.forEach((s, i) => {
                const prev = history[i - 1];
                if (
                  prev &&
                  s.stage !== prev.stage &&
                  RESTRICTIVE.has(policy.stages[s.stage]?.kind ?? '')
                ) {
                  expect(s.decisions.length).toBe(prev.decisions.length + 1);
                }
              });
            },
          ),
          { numRuns: 300 },
        );
      // The walk must actually get there sometimes, or the property says nothing.
      expect(reachedRestriction).toBeGreaterThan(0);
    });

    it('nobody approves or recommends their own proposal unless the policy names one decider', () => {
      const alone = (key: string) => findTransition(policy, key)?.transition.decidedAlone ?? false;
      fc.assert(
        fc.property(
          usersFor(policy),
          fc.array(op, { minLength: 40, maxLength: 150 }),
          (users, ops) => {
            const history = run(policy, users, ops);
            for (const s of history) {
              for (const d of s.decisions.filter((x) => !alone(x.transitionKey ?? ''))) {
                const proposer = d.participants.find((p) => p.step === 'propose')?.userId;
                expect(
                  d.participants.filter((p) => p.step !== 'propose').map((p) => p.userId),
                ).not.toContain(proposer);
              }
              const p = s.openProposal;
              if (p && !alone(p.transitionKey))
                expect(
                  p.steps.filter((x) => x.action !== 'propose').map((x) => x.userId),
                ).not.toContain(p.proposedBy);
            }
          },
        ),
        { numRuns: 150 },
      );
    });

    it('every computed review date is after the decision date', () => {
      const reviewed = Object.entries(policy.stages)
        .filter(([, s]) => s.review)
        .map(([k]) => k);
      fc.assert(
        fc.property(
          fc.constantFrom(...reviewed),
          fc.date({
            min: new Date('2000-01-01T00:00:00Z'),
            max: new Date('2090-12-31T00:00:00Z'),
            noInvalidDate: true,
          }),
          fc.option(fc.integer({ min: -400, max: 4000 }), { nil: null }),
          (stageKey, decidedAt, endOffsetDays) => {
            const endsAt = endOffsetDays === null ? null : addDays(decidedAt, endOffsetDays);
            expect(reviewDueDate(policy, stageKey, decidedAt, endsAt).getTime()).toBeGreaterThan(
              decidedAt.getTime(),
            );
          },
        ),
      );
    });
  },
);

describe('calendar months', () => {
  it('adding months moves forward and never overflows into the next month', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2090-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 1, max: 120 }),
        (d, n) => {
          const r = addMonths(d, n);
          expect(r.getTime()).toBeGreaterThan(d.getTime());
          expect(
            (r.getUTCFullYear() - d.getUTCFullYear()) * 12 + r.getUTCMonth() - d.getUTCMonth(),
          ).toBe(n);
        },
      ),
    );
  });

  it('clamps to the end of a shorter month', () => {
    expect(addMonths(new Date('2024-01-31T00:00:00Z'), 1).toISOString()).toBe(
      '2024-02-29T00:00:00.000Z',
    );
    expect(addMonths(new Date('2025-08-31T00:00:00Z'), 1).toISOString()).toBe(
      '2025-09-30T00:00:00.000Z',
    );
  });
});
