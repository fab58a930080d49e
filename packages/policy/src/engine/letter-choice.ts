import type { Policy } from '../schema/policy';
import type { ReviewOutcome } from '../schema/stages';
import type { Reason } from './case-state';
import { findTransition, stageLabel } from '../schema/policy-lookup';
import { reason } from './reasons';

/** A decision as far as choosing its letter goes. */
export type LetterOccasion =
  | { kind: 'transition' | 'automatic'; transitionKey: string }
  | { kind: 'review'; stage: string; outcome: ReviewOutcome; noLetter?: boolean }
  | { kind: 'appeal'; outcome: 'upheld' | 'varied' | 'dismissed' }
  | { kind: 'derestriction'; outcome: 'granted' | 'refused' }
  | { kind: 'expiry' }
  | { kind: 'monitoring-end' };

/** The template to write with, none (where the policy allows not writing), or why it cannot be decided. */
export type LetterChoice = { ok: true; template: string | null } | { ok: false; reasons: Reason[] };

const RESTRICTIVE = new Set(['restriction', 'additional-action']);

/**
 * Which of the council's letters a decision writes. The customer is told in
 * writing of every decision, save where the policy allows not writing for
 * that outcome (Southampton: a review finding the customer no longer
 * persistent) or the move does not touch them (a case going dormant).
 */
export function letterFor(policy: Policy, occasion: LetterOccasion): LetterChoice {
  switch (occasion.kind) {
    case 'transition':
    case 'automatic': {
      const t = findTransition(policy, occasion.transitionKey)?.transition;
      if (t?.letter) return { ok: true, template: t.letter };
      const target = t ? policy.stages[t.to] : undefined;
      if (occasion.kind === 'transition' && target && RESTRICTIVE.has(target.kind)) {
        return required(`a move to '${target.label}'`);
      }
      return { ok: true, template: null };
    }
    case 'review': {
      const rule = policy.stages[occasion.stage]?.review;
      if (occasion.outcome === 'escalate') return { ok: true, template: null }; // the proposal's decision writes
      if (occasion.noLetter) {
        return rule?.noLetterRequires?.outcomes.includes(occasion.outcome)
          ? { ok: true, template: null }
          : {
              ok: false,
              reasons: [
                reason(
                  'LETTER_REQUIRED',
                  `The outcome '${occasion.outcome}' of a review at '${stageLabel(policy, occasion.stage)}' must be written to the customer.`,
                ),
              ],
            };
      }
      const template = rule?.letters[occasion.outcome] ?? rule?.letter;
      return template
        ? { ok: true, template }
        : required(`a review at '${stageLabel(policy, occasion.stage)}'`);
    }
    case 'appeal':
    case 'derestriction': {
      const named =
        occasion.kind === 'appeal'
          ? policy.outcomeLetters.appeal[occasion.outcome]
          : policy.outcomeLetters.derestriction[occasion.outcome];
      if (named) return { ok: true, template: named };
      const outcome = `${occasion.kind}.${occasion.outcome}`;
      return (policy.outcomeLetters.notWritten as string[]).includes(outcome)
        ? { ok: true, template: null }
        : required(
            `an ${occasion.kind} decided ${occasion.outcome}`.replace(
              'an derestriction',
              'a derestriction',
            ),
          );
    }
    case 'expiry':
      if (policy.outcomeLetters.expiry) return { ok: true, template: policy.outcomeLetters.expiry };
      return policy.outcomeLetters.notWritten.includes('expiry')
        ? { ok: true, template: null }
        : required('measures reaching their end date');
    case 'monitoring-end':
      // Cheshire West §7: the customer is told the outcome of the review after the period, so
      // the period's end writes only where the policy names a letter for it.
      return { ok: true, template: policy.outcomeLetters.monitoringEnd ?? null };
  }
}

function required(what: string): LetterChoice {
  return {
    ok: false,
    reasons: [
      reason(
        'LETTER_REQUIRED',
        `The customer must be told in writing of ${what}, but the policy names no letter for it.`,
      ),
    ],
  };
}
