import { AppUser, Customer, Decision, Letter, ManagedCase, type PolicyDocument } from '@conduct/db';
import { enclosuresOf, type LetterEnclosure, type Policy, salutationOf } from '@conduct/policy';
import { notFound } from '@conduct/casework';
import type { RequestContext } from '../request/context';
import { accessibleWhere } from '../authorization/accessible-where';
import { audit, sessionOf } from '../casework/session';
import { policyOfCase } from '../cases/case.service';
import { type PdfBlock, type PdfDocumentSpec, renderPdf, ukDate } from './pdf';
import { loadPolicyDocument } from './policy-document';
import { loadSettings } from './settings.service';

export interface LetterContent {
  title: string;
  sections: { key: string; heading: string; text: string }[];
}

export interface Signatory {
  name: string | null;
  role: string;
}

/** Councils' templates that open their first section with "Dear {{customerName}}," (written before the letter layout had a salutation). */
const OPENING_SALUTATION = /^(Dear [^,\n]{1,200}),\s*/;

/**
 * The salutation, and the sections with any salutation their first section
 * opened with taken out (it goes above the body, where a letter has it).
 */
export function splitSalutation(
  sections: LetterContent['sections'],
  customerName: string,
): { salutation: string; sections: LetterContent['sections'] } {
  const [first, ...rest] = sections;
  const match = first ? OPENING_SALUTATION.exec(first.text) : null;
  if (!first || !match) return { salutation: `Dear ${customerName},`, sections };
  const remainder = first.text.slice(match[0].length);
  const text = remainder.charAt(0).toUpperCase() + remainder.slice(1);
  return { salutation: `${match[1]},`, sections: [{ ...first, text }, ...rest] };
}

/** What goes with the letter: its template's enclosures (or the policy, when an older template's text promises a copy). */
export const enclosuresOfLetter = (
  policy: Policy,
  templateKey: string | null,
  content: LetterContent,
): LetterEnclosure[] =>
  enclosuresOf(templateKey ? policy.letters[templateKey] : undefined, [
    content.title,
    ...content.sections.map((s) => s.text),
  ]);

/** Whether the letter encloses the council's policy. */
export const enclosesPolicy = (enclosures: LetterEnclosure[]) =>
  enclosures.some((e) => 'policyDocument' in e);

/** The enclosure list as printed: the uploaded policy by its title (it is attached), others by name. */
function enclosureLines(
  policy: Policy,
  enclosures: LetterEnclosure[],
  policyDocument: PolicyDocument | null,
): string[] {
  return enclosures.map((e) =>
    'title' in e
      ? e.title
      : policyDocument
        ? `${policyDocument.title} (attached to this letter as ${policyDocument.filename})`
        : `A copy of the council’s policy (${policy.name})`,
  );
}

/** The addressee block: name, then the postal address on file, one line per part. */
function addressee(customer: Customer | null): string[] {
  if (!customer || customer.purgedAt) return ['The customer'];
  const address = (customer.address ?? '')
    .split(/\n|,\s*/)
    .map((l) => l.trim())
    .filter(Boolean);
  return [customer.fullName?.trim() || 'The customer', ...address];
}

/** A role's label in the policy, e.g. "Head of Policy, Communications and Governance". */
export const roleLabel = (policy: Policy, role: string) => policy.roles[role]?.label ?? role;

export interface LetterLayoutInput {
  content: LetterContent;
  /** The council's template the letter came from: its salutation and enclosures. */
  templateKey: string | null;
  theCase: ManagedCase;
  policy: Policy;
  date: Date;
  signatory: Signatory;
  /** Printed in red under the title. */
  banner?: string;
}

/**
 * A letter as the council posts it: letterhead, "Private and confidential",
 * the addressee's name and postal address, date and reference, the subject,
 * salutation, body sections, sign-off with the signatory's name and role, and
 * the enclosures listed (the policy attached to the PDF when uploaded).
 */
export async function letterLayout(
  ctx: RequestContext,
  input: LetterLayoutInput,
): Promise<{ spec: PdfDocumentSpec; policyDocument: PolicyDocument | null }> {
  const { em } = sessionOf(ctx);
  const [customer, settings] = await Promise.all([
    em.findOne(Customer, { where: { tenantId: em.tenantId, id: input.theCase.customerId } }),
    loadSettings(em),
  ]);
  const name = (!customer?.purgedAt && customer?.fullName?.trim()) || 'Sir or Madam';
  const split = splitSalutation(input.content.sections, name);
  const template = input.templateKey ? input.policy.letters[input.templateKey] : undefined;
  const salutation =
    salutationOf(template, { customerName: name, councilName: input.policy.name }) ??
    split.salutation;
  const sections = split.sections;
  const enclosures = enclosuresOfLetter(input.policy, input.templateKey, input.content);
  const policyDocument = enclosesPolicy(enclosures) ? await loadPolicyDocument(em) : null;
  const blocks: PdfBlock[] = [
    { kind: 'paragraph', text: salutation },
    ...sections.flatMap((s): PdfBlock[] => [
      { kind: 'heading', text: s.heading },
      ...s.text.split(/\n{2,}/).map((t): PdfBlock => ({ kind: 'paragraph', text: t })),
    ]),
    { kind: 'space', lines: 1 },
    {
      kind: 'lines',
      lines: [
        'Yours sincerely',
        '',
        '',
        input.signatory.name ?? '[name of the decider]',
        input.signatory.role,
        settings.letterhead.name,
      ],
      bold: [false, false, false, true],
    },
  ];
  if (enclosures.length) {
    blocks.push(
      { kind: 'subheading', text: enclosures.length > 1 ? 'Enclosures' : 'Enclosure' },
      { kind: 'list', items: enclosureLines(input.policy, enclosures, policyDocument) },
    );
  }
  return {
    spec: {
      letterhead: settings.letterhead,
      title: input.content.title,
      marking: 'Private and confidential',
      addressee: addressee(customer),
      meta: [`Date: ${ukDate(input.date)}`, `Our reference: ${input.theCase.reference}`],
      banner: input.banner,
      blocks,
      footer: `${settings.letterhead.name} — ${input.theCase.reference}`,
      attachments: policyDocument
        ? [
            {
              name: policyDocument.filename,
              data: policyDocument.data,
              description: policyDocument.title,
            },
          ]
        : undefined,
    },
    policyDocument,
  };
}

/** Who signs a decided letter: the decider, in the role they decided in. */
async function signatoryOf(
  ctx: RequestContext,
  policy: Policy,
  decisionId: string | null,
): Promise<Signatory> {
  const { em } = sessionOf(ctx);
  const decision = decisionId
    ? await em.findOne(Decision, { where: { tenantId: em.tenantId, id: decisionId } })
    : null;
  // No decision, or one the system made (an expiry): the council signs.
  if (!decision || decision.decidedBy === null) return { name: null, role: policy.name };
  const user = await em.findOne(AppUser, {
    where: { tenantId: em.tenantId, id: decision.decidedBy },
  });
  const role = decision.participants.find((p) => p.userId === decision.decidedBy)?.role;
  return {
    name: user?.displayName ?? null,
    role: role ? roleLabel(policy, role) : policy.name,
  };
}

/** One letter as a PDF on the council's letterhead, exactly as stored (as sent, or marked as a draft). Audited. */
export async function letterPdf(
  ctx: RequestContext,
  letterId: string,
): Promise<{ pdf: Buffer; filename: string }> {
  const { em } = sessionOf(ctx);
  const where = accessibleWhere(ctx.ability, 'read', 'Case', 'l');
  const letter = await em
    .createQueryBuilder(Letter, 'l')
    .where(where.sql, where.params)
    .andWhere('l.id = :id', { id: letterId })
    .getOne();
  if (!letter) throw notFound('Letter');
  const theCase = await em.findOne(ManagedCase, {
    where: { tenantId: em.tenantId, id: letter.caseId },
  });
  if (!theCase) throw notFound('Letter');
  const policy = await policyOfCase(ctx, theCase);
  const content: LetterContent = letter.sections.length
    ? { title: letter.title, sections: letter.sections }
    : {
        title: letter.title,
        sections: [{ key: 'body', heading: letter.title, text: letter.body }],
      };
  const { spec, policyDocument } = await letterLayout(ctx, {
    content,
    templateKey: letter.templateKey,
    theCase,
    policy,
    date: letter.sentAt ?? letter.createdAt,
    signatory: await signatoryOf(ctx, policy, letter.decisionId),
    banner: letter.status === 'draft' ? 'DRAFT — not sent' : undefined,
  });
  const pdf = await renderPdf(spec, ctx.services.clock.now());
  await audit(ctx, {
    action: 'letter.rendered',
    entityType: 'letter',
    entityId: letter.id,
    caseId: letter.caseId,
    payload: {
      format: 'pdf',
      status: letter.status,
      enclosure: policyDocument ? policyDocument.sha256 : null,
    },
  });
  return { pdf, filename: `letter-${theCase.reference}-${letter.id.slice(0, 8)}.pdf` };
}
