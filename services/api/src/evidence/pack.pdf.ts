import type { RequestContext } from '../request/context';
import { sessionOf } from '../casework/session';
import { type PdfBlock, renderPdf, ukDateTime } from '../documents/pdf';
import { loadSettings } from '../documents/settings.service';
import type { EvidencePackNode } from './pack.type';

/** The pack as a paginated PDF on the council's letterhead. */
export async function evidencePackPdf(
  ctx: RequestContext,
  pack: EvidencePackNode,
): Promise<Buffer> {
  const settings = await loadSettings(sessionOf(ctx).em);
  const blocks: PdfBlock[] = [
    { kind: 'heading', text: 'The customer' },
    { kind: 'paragraph', text: `Reference: ${pack.customer.reference}` },
    ...pack.customer.lines.map((l): PdfBlock => ({ kind: 'paragraph', text: l })),
    { kind: 'heading', text: 'Withheld from this pack' },
    ...(pack.withheld.length
      ? pack.withheld.map((w): PdfBlock => ({
          kind: 'paragraph',
          text: `${w.category === 'staff-name' ? 'Staff names' : 'Third-party personal data'} (${w.occurrences} ${w.occurrences === 1 ? 'place' : 'places'}): ${w.reason}`,
        }))
      : [{ kind: 'paragraph', text: 'Nothing was withheld.' } as PdfBlock]),
    { kind: 'heading', text: `Chronology (${pack.events.length} events)` },
  ];
  for (const e of pack.events) {
    blocks.push({ kind: 'rule' });
    blocks.push({
      kind: 'subheading',
      text: `${ukDateTime(e.at)}  ${e.title}${e.caseReference && pack.caseReferences.length > 1 ? ` [${e.caseReference}]` : ''}`,
    });
    if (e.actor) blocks.push({ kind: 'small', text: `By: ${e.actor}` });
    for (const l of e.lines) blocks.push({ kind: 'paragraph', text: l });
  }
  return renderPdf(
    {
      letterhead: settings.letterhead,
      title: `Evidence pack: ${pack.scope} ${pack.scope === 'case' ? pack.caseReferences.join(', ') : pack.customer.reference}`,
      meta: [
        `Generated: ${ukDateTime(pack.generatedAt)} (UK time)`,
        `Cases: ${pack.caseReferences.join(', ') || 'none'}`,
        'Prepared for the Local Government and Social Care Ombudsman or in answer to a subject access request.',
      ],
      blocks,
      footer: `Evidence pack ${pack.customer.reference}`,
      subject: 'Evidence pack',
    },
    pack.generatedAt,
  );
}
