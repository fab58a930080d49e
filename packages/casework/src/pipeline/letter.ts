import { Customer, Letter, type ManagedCase, type Restriction } from '@conduct/db';
import { renderLetter, type Letter as RenderedLetter, type LetterFacts } from '@conduct/policy';
import type { CaseContext } from '../case-context';
import { recordEvent } from '../audit/vocabulary';
import { policyViolation } from '../errors';
import { periodEnd, type MeasureEffects } from './measures';

/** How a letter greets a customer whose name is not recorded (or was purged). */
const NAMELESS = 'Sir or Madam';

/** The customer's name for the letter's greeting. */
export async function customerName(ctx: CaseContext, theCase: ManagedCase): Promise<string> {
  const customer = await ctx.em.findOne(Customer, {
    where: { tenantId: theCase.tenantId, id: theCase.customerId },
  });
  return (!customer?.purgedAt && customer?.fullName?.trim()) || NAMELESS;
}

const shown = (rows: Restriction[]) =>
  rows.map((r) => ({ type: r.type, parameters: r.parameters }));
const earliestStart = (rows: Restriction[], now: Date) =>
  rows.length ? new Date(Math.min(...rows.map((r) => r.startsAt.getTime()))) : now;

/**
 * What a letter about a decision other than a stage move says: the measures in
 * force after it, or, when none remain, that they were lifted (or ended). A
 * letter never has a gap: when nothing applies it says so in words.
 */
export function outcomeFacts(
  kind: 'review' | 'appeal' | 'derestriction' | 'expiry' | 'monitoring-end',
  fx: MeasureEffects,
  base: {
    customerName: string;
    reasons: string;
    stageKey: string;
    reviewDue: Date | null;
    now: Date;
    deciderRole?: string;
    outcome?: string;
  },
): LetterFacts {
  const who = { deciderRole: base.deciderRole, outcome: base.outcome };
  // Measures that ran their course (their end date, or the monitoring period's end) are stated as ended.
  if ((kind === 'expiry' || kind === 'monitoring-end') && fx.ended.length > 0) {
    const ends = fx.ended.map((r) => (r.endsAt ?? base.now).getTime());
    return {
      customerName: base.customerName,
      reasons: base.reasons,
      restrictions: shown(fx.ended),
      startsAt: earliestStart(fx.ended, base.now),
      endsAt: new Date(Math.max(...ends)),
      stageKey: base.stageKey,
      ...who,
    };
  }
  const lifting = fx.lifted.length > 0 && fx.after.length === 0;
  const restrictions = lifting
    ? [{ type: 'None: every restriction on your contact has been lifted.', parameters: {} }]
    : fx.after.length
      ? shown(fx.after)
      : [
          {
            type: 'No special measures apply; your contact continues to be monitored.',
            parameters: {},
          },
        ];
  const endsAt = lifting
    ? base.now
    : fx.after.some((r) => r.endsAt === null)
      ? null
      : (periodEnd(fx.after) ?? base.reviewDue ?? base.now);
  return {
    customerName: base.customerName,
    reasons: base.reasons,
    restrictions,
    startsAt: earliestStart(lifting ? fx.lifted : fx.after, base.now),
    endsAt,
    // Nothing left to review after a lift: the decision being recorded is the last one.
    reviewDue: base.reviewDue ?? base.now,
    // The decided stage: its move in carries the appeal route the letter states.
    stageKey: base.stageKey,
    ...who,
  };
}

/** Renders the council's template; a letter that cannot be completed refuses the decision. */
export function render(ctx: CaseContext, templateKey: string, facts: LetterFacts): RenderedLetter {
  try {
    return renderLetter(ctx.policy, templateKey, facts);
  } catch (err) {
    throw policyViolation([
      {
        code: 'LETTER_INCOMPLETE',
        message: `The letter to the customer cannot be written: ${(err as Error).message}.`,
      },
    ]);
  }
}

/** Stores the rendered letter as a draft linked to its decision; audited. */
export async function storeLetter(
  ctx: CaseContext,
  caseId: string,
  decisionId: string,
  templateKey: string,
  rendered: RenderedLetter,
): Promise<Letter> {
  const row = await ctx.em.save(
    ctx.em.create(Letter, {
      tenantId: ctx.em.tenantId,
      caseId,
      decisionId,
      templateKey,
      title: rendered.title,
      body: rendered.body,
      sections: rendered.sections,
      status: 'draft',
      createdAt: ctx.now,
      sentAt: null,
      sentBy: null,
    }),
  );
  await recordEvent(
    ctx,
    'letter.drafted',
    { entityId: row.id, caseId },
    { decisionId, templateKey, sections: rendered.sections.map((s) => s.key) },
  );
  return row;
}
