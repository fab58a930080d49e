import { appealRouteText } from '../engine/appeals';
import { findTransition, stageOf } from '../schema/policy-lookup';
import type { Policy } from '../schema/policy';
import { fillTemplate, placeholdersIn, templateProblems } from '../schema/letter-template';
import { describeRestrictions, longDate } from './letter-wording';

export interface LetterFacts {
  customerName: string;
  reasons: string;
  restrictions: { type: string; parameters: unknown }[];
  startsAt: Date;
  endsAt: Date | null;
  reviewDue?: Date;
  stageKey: string;
  /** The decision the letter reports; picks its appeal route. Defaults to the first move into the stage. */
  transitionKey?: string;
  /** The role key of whoever decided; absent for a system decision (the council signs). */
  deciderRole?: string;
  /** The decision's outcome key (review, appeal, derestriction); absent for a stage move. */
  outcome?: string;
}

const OUTCOME_WORDS: Record<string, string> = {
  continue: 'continued',
  vary: 'varied',
  extend: 'extended',
  escalate: 'escalated',
  lift: 'lifted',
  upheld: 'upheld',
  varied: 'varied',
  dismissed: 'dismissed',
  granted: 'granted',
  refused: 'refused',
  'end-date-reached': 'ended on their end date',
};

export interface Letter {
  title: string;
  sections: { key: string; heading: string; text: string }[];
  body: string;
}

const REQUIRED = ['why', 'what', 'how-long', 'appeal'] as const;
const RESTRICTIVE = new Set(['restriction', 'additional-action']);

/**
 * Fills a council's template (Handlebars). A letter that restricts must say
 * why, what, how long and how to appeal (or that there is no appeal and the
 * Ombudsman route); rather than send a letter with a gap, this throws.
 */
export function renderLetter(policy: Policy, templateKey: string, facts: LetterFacts): Letter {
  const template = policy.letters[templateKey];
  if (!template)
    throw new Error(`'${templateKey}' is not a letter template of policy '${policy.slug}'`);
  const stage = stageOf(policy, facts.stageKey);

  if (RESTRICTIVE.has(stage.kind) || facts.restrictions.length > 0) {
    const missing = REQUIRED.filter((p) => !template.sections.some((s) => s.purpose === p));
    if (missing.length > 0) {
      throw new Error(`Letter '${templateKey}' has no section for: ${missing.join(', ')}`);
    }
  }

  const values = placeholderValues(policy, facts);
  const sections = template.sections.map((s) => {
    const [problem] = templateProblems(s.text);
    if (problem) throw new Error(`Letter '${templateKey}', section '${s.heading}' ${problem}`);
    // A fact the text states unconditionally must have something to say.
    const empty = placeholdersIn(s.text).find(
      (u) => !u.conditional && values[u.name]?.trim() === '',
    );
    if (empty) {
      throw new Error(
        `Letter '${templateKey}', section '${s.heading}': nothing to say for {{${empty.name}}}`,
      );
    }
    const text = fillTemplate(s.text, values).trim();
    if (text === '')
      throw new Error(`Letter '${templateKey}', section '${s.heading}' would be empty`);
    return { key: s.key, heading: s.heading, text };
  });
  const title = fillTemplate(template.title, values);
  const body = [title, ...sections.map((s) => `${s.heading}\n\n${s.text}`)].join('\n\n');
  return { title, sections, body };
}

function placeholderValues(policy: Policy, facts: LetterFacts): Record<string, string> {
  const transition = facts.transitionKey
    ? findTransition(policy, facts.transitionKey)?.transition
    : Object.values(policy.stages)
        .flatMap((s) => s.transitions)
        .find((t) => t.to === facts.stageKey && !t.automatic);
  const period =
    facts.endsAt !== null
      ? `from ${longDate(facts.startsAt)} until ${longDate(facts.endsAt)}`
      : facts.reviewDue
        ? `from ${longDate(facts.startsAt)} with no fixed end date; they will be reviewed by ${longDate(facts.reviewDue)}`
        : '';
  return {
    councilName: policy.name,
    customerName: facts.customerName,
    reasons: facts.reasons,
    restrictions: describeRestrictions(policy, facts.restrictions),
    startsAt: longDate(facts.startsAt),
    endsAt: facts.endsAt ? longDate(facts.endsAt) : '',
    period,
    reviewDue: facts.reviewDue ? longDate(facts.reviewDue) : '',
    stage: stageOf(policy, facts.stageKey).label,
    decidedBy: facts.deciderRole
      ? (policy.roles[facts.deciderRole]?.label ?? facts.deciderRole)
      : policy.name,
    outcome: facts.outcome
      ? (OUTCOME_WORDS[facts.outcome] ?? facts.outcome)
      : `moved to ${stageOf(policy, facts.stageKey).label}`,
    appealRoute: appealRouteText(policy, transition?.appeal),
  };
}
