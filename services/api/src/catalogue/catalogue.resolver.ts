import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { REVIEW_OUTCOMES, SEVERITIES, roleList, type Policy, type Stage } from '@conduct/policy';
import type { RequestContext } from '../request/context';
import { sessionOf } from '../casework/session';
import { LetterChannel } from '../letters/letter.type';
import { type CatalogueReviewNode, PolicyCatalogueNode } from './catalogue.type';

const entries = (record: Record<string, { label: string }>) =>
  Object.entries(record).map(([key, v]) => ({ key, label: v.label }));

/** The active policy's vocabulary in the council's words: clients build forms from it, never from hard-coded lists. */
export function policyCatalogue(policy: Policy): PolicyCatalogueNode {
  return {
    roles: entries(policy.roles),
    channels: entries(policy.channels),
    behaviourCategories: entries(policy.behaviourCategories),
    severities: [...SEVERITIES],
    checks: entries(policy.checks),
    measures: Object.entries(policy.restrictionTypes).map(([key, t]) => ({
      key,
      label: t.label,
      parameters: Object.entries(t.parameters).map(([name, p]) => ({
        name,
        type: p.type,
        label: p.label,
        required: p.required,
      })),
    })),
    stages: Object.entries(policy.stages).map(([key, s]) => ({
      key,
      label: s.label,
      kind: s.kind,
      measures: s.measures ?? [],
      indefiniteAllowed: s.duration?.indefiniteAllowed ?? false,
      maxMonths: s.duration?.maxMonths ?? null,
      defaultMonths: s.duration?.defaultMonths ?? null,
      review: reviewOf(policy, s),
    })),
    derestriction: policy.derestriction
      ? {
          decidedBy: roleList(policy.derestriction.decidedBy),
          consultations: policy.derestriction.consultations,
          minConsultations: policy.derestriction.minConsultations,
          exceptionalCircumstancesOverride: policy.derestriction.exceptionalCircumstancesOverride,
        }
      : null,
    electedMembers: {
      arrangement: policy.dissemination.electedMembers.arrangement,
      perCustomer: policy.dissemination.electedMembers.perCustomer,
    },
    letterSending: {
      channels: letterChannels(policy.letterSending.defaultChannels),
      markedSentBy: policy.letterSending.markedSentBy
        ? roleList(policy.letterSending.markedSentBy)
        : [],
    },
  };
}

const LETTER_CHANNEL_WORDS: Record<LetterChannel, string> = {
  [LetterChannel.POST]: 'Post',
  [LetterChannel.RECORDED_DELIVERY]: 'Recorded delivery',
  [LetterChannel.EMAIL]: 'Email',
  [LetterChannel.HAND]: 'By hand',
};

/** Every channel a letter may go by, in words, the council's usual ones first. */
function letterChannels(usual: readonly string[]) {
  const all = Object.values(LetterChannel).map((channel) => ({
    channel,
    label: LETTER_CHANNEL_WORDS[channel],
    usual: usual.includes(channel),
  }));
  return [...all.filter((c) => c.usual), ...all.filter((c) => !c.usual)];
}

/** The review rule as a form needs it: outcomes, consultations and the letter each outcome writes. */
function reviewOf(policy: Policy, stage: Stage): CatalogueReviewNode | null {
  const r = stage.review;
  if (!r) return null;
  return {
    outcomes: REVIEW_OUTCOMES.filter((o) => r.outcomes.includes(o)),
    reviewers: roleList(r.reviewers),
    consultations: r.consultations,
    letters: r.outcomes.flatMap((outcome) => {
      const letter = r.letters[outcome] ?? r.letter;
      return letter ? [{ outcome, letter, title: policy.letters[letter]?.title ?? letter }] : [];
    }),
    noLetterOutcomes: r.noLetterRequires?.outcomes ?? [],
    noLetterConsultations: r.noLetterRequires?.consultations ?? [],
    extendRequiresCustomerComment: r.extendRequiresCustomerComment,
    escalateTo: r.escalateTo ?? null,
    adjustableCadence: r.adjustableCadence
      ? {
          setBy: roleList(r.adjustableCadence.setBy ?? r.reviewers),
          minDays: r.adjustableCadence.minDays,
          maxMonths: r.adjustableCadence.maxMonths,
        }
      : null,
  };
}

@Resolver()
export class PolicyCatalogueResolver {
  // The policy's vocabulary, not case data: every signed-in member of staff (a tenant admin too).
  @Authorized()
  @Query(() => PolicyCatalogueNode, {
    description:
      'Your council’s active policy as a catalogue for forms: channels, behaviours, measures with their parameters, stages, checks and roles.',
  })
  policyCatalogue(@Ctx() ctx: RequestContext): PolicyCatalogueNode {
    return policyCatalogue(sessionOf(ctx).policy);
  }
}
