import { Letter } from '@conduct/db';
import type { RequestContext } from '../context';
import { accessibleWhere } from '../authorization/accessible-where';
import { audit, sessionOf } from '../casework/session';
import { notFound } from '../graphql/errors';
import { type PdfBlock, renderPdf, ukDate } from './pdf';
import { loadSettings } from './settings.service';

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
  const [c] = (await em.query(
    `select reference from managed_case where tenant_id = $1 and id = $2`,
    [em.tenantId, letter.caseId],
  )) as { reference: string }[];
  const settings = await loadSettings(em);
  const blocks: PdfBlock[] = letter.sections.length
    ? letter.sections.flatMap((s): PdfBlock[] => [
        { kind: 'heading', text: s.heading },
        ...s.text.split(/\n{2,}/).map((t): PdfBlock => ({ kind: 'paragraph', text: t })),
      ])
    : letter.body.split(/\n{2,}/).map((t): PdfBlock => ({ kind: 'paragraph', text: t }));
  const dated = letter.sentAt ?? letter.createdAt;
  const pdf = await renderPdf(
    {
      letterhead: settings.letterhead,
      title: letter.title,
      meta: [`Date: ${ukDate(dated)}`, `Our reference: ${c?.reference ?? ''}`],
      banner: letter.status === 'draft' ? 'DRAFT — not sent' : undefined,
      blocks,
      footer: `${settings.letterhead.name} — ${c?.reference ?? ''}`,
    },
    ctx.services.clock.now(),
  );
  await audit(ctx, {
    action: 'letter.rendered',
    entityType: 'letter',
    entityId: letter.id,
    caseId: letter.caseId,
    payload: { format: 'pdf', status: letter.status },
  });
  return { pdf, filename: `letter-${c?.reference ?? letter.id}-${letter.id.slice(0, 8)}.pdf` };
}
