import { Field, ObjectType } from 'type-graphql';
import { ManagedCase, Proposal } from '@conduct/db';
import { roleList } from '@conduct/policy';
import { notFound } from '@conduct/casework';
import type { RequestContext } from '../request/context';
import { accessibleWhere } from '../authorization/accessible-where';
import { audit, sessionOf } from '../casework/session';
import { policyOfCase } from '../cases/case.service';
import { customerNameOf } from '../decisions/decision.service';
import { planTransition } from '../decisions/transition-plan';
import { LetterSectionNode } from '../letters/letter.type';
import {
  enclosesPolicy,
  enclosuresOfLetter,
  type LetterContent,
  letterLayout,
  roleLabel,
  type Signatory,
} from './letter-pdf';
import { renderPdf } from './pdf';

@ObjectType({
  description:
    'The letter a decision on a proposal would send, as the decider would sign it (London §7: a draft of any letter they are asked to sign).',
})
export class LetterPreviewNode {
  @Field({ description: 'Template the decision would use.' }) templateKey: string;
  @Field({ description: 'The letter’s title.' }) title: string;
  @Field(() => [LetterSectionNode], { description: 'Its sections, filled in as of now.' })
  sections: LetterSectionNode[];
  @Field({ description: 'Who would sign it: the role that decides this step.' })
  signatoryRole: string;
  @Field({ description: 'Whether the council’s policy goes with the letter.' })
  enclosesPolicy: boolean;
  @Field(() => [String], {
    description:
      'What goes with the letter, as its Enclosures list names it ("policy document" for the council’s uploaded policy).',
  })
  enclosures: string[];
}

interface Preview {
  templateKey: string;
  content: LetterContent;
  theCase: ManagedCase;
  signatory: Signatory;
}

/**
 * What deciding the proposal now would write, by the same plan the decision
 * runs (dates from today). Null when the move sends no letter.
 */
async function previewOf(ctx: RequestContext, proposal: Proposal): Promise<Preview | null> {
  const { em } = sessionOf(ctx);
  const theCase = await em.findOne(ManagedCase, {
    where: { tenantId: em.tenantId, id: proposal.caseId },
  });
  if (!theCase) throw notFound('Proposal');
  const policy = await policyOfCase(ctx, theCase);
  const transition = policy.stages[proposal.fromStage]?.transitions.find(
    (t) => t.key === proposal.transitionKey,
  );
  if (!transition?.letter) return null;
  const planned = planTransition(policy, {
    toStage: proposal.toStage,
    transitionKey: proposal.transitionKey,
    letterTemplate: transition.letter,
    restrictions: proposal.restrictions,
    durationMonths: proposal.durationMonths,
    indefinite: proposal.indefinite,
    reasons: proposal.rationale,
    customerName: await customerNameOf(ctx, theCase),
    now: ctx.services.clock.now(),
  });
  if (!planned.ok || !planned.plan.letter) return null;
  const decider = transition.approval.at(-1);
  const roles = decider ? roleList(decider.role) : [];
  return {
    templateKey: transition.letter,
    content: planned.plan.letter,
    theCase,
    signatory: {
      name: null,
      role: roles.map((r) => roleLabel(policy, r)).join(' or ') || policy.name,
    },
  };
}

export async function letterPreview(
  ctx: RequestContext,
  proposal: Proposal,
): Promise<LetterPreviewNode | null> {
  const preview = await previewOf(ctx, proposal);
  if (!preview) return null;
  const policy = await policyOfCase(ctx, preview.theCase);
  const enclosures = enclosuresOfLetter(policy, preview.templateKey, preview.content);
  return {
    templateKey: preview.templateKey,
    title: preview.content.title,
    sections: preview.content.sections,
    signatoryRole: preview.signatory.role,
    enclosesPolicy: enclosesPolicy(enclosures),
    enclosures: enclosures.map((e) => ('title' in e ? e.title : 'policy document')),
  };
}

/** The preview as the PDF the decider would sign, marked as a draft for decision. Audited. */
export async function letterPreviewPdf(
  ctx: RequestContext,
  proposalId: string,
): Promise<{ pdf: Buffer; filename: string }> {
  const { em } = sessionOf(ctx);
  const where = accessibleWhere(ctx.ability, 'read', 'Case', 'p');
  const proposal = await em
    .createQueryBuilder(Proposal, 'p')
    .where(where.sql, where.params)
    .andWhere('p.id = :id', { id: proposalId })
    .getOne();
  if (!proposal) throw notFound('Proposal');
  const preview = await previewOf(ctx, proposal);
  if (!preview) throw notFound('Letter preview');
  const { spec } = await letterLayout(ctx, {
    content: preview.content,
    templateKey: preview.templateKey,
    theCase: preview.theCase,
    policy: await policyOfCase(ctx, preview.theCase),
    date: ctx.services.clock.now(),
    signatory: preview.signatory,
    banner: 'DRAFT for decision — not sent',
  });
  const pdf = await renderPdf(spec, ctx.services.clock.now());
  await audit(ctx, {
    action: 'letter.previewed',
    entityType: 'proposal',
    entityId: proposal.id,
    caseId: proposal.caseId,
    payload: { format: 'pdf', templateKey: preview.templateKey },
  });
  return { pdf, filename: `draft-letter-${preview.theCase.reference}.pdf` };
}
