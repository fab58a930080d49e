import PDFDocument from 'pdfkit';
import type { Letterhead } from './settings.service';

export type PdfBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'small'; text: string }
  | { kind: 'rule' };

export interface PdfDocumentSpec {
  letterhead: Letterhead;
  title: string;
  /** Lines under the title (date, references). */
  meta?: string[];
  /** Printed in red under the title, e.g. "DRAFT — not sent". */
  banner?: string;
  blocks: PdfBlock[];
  /** Left of the page number in every footer. */
  footer?: string;
  /** Document information dictionary. */
  subject?: string;
}

const MARGIN = 56;

/**
 * Renders an A4 document on the council's letterhead: logo, name and address
 * at the top of the first page, "Page n of m" in every footer. Standard fonts
 * only (nothing loaded from disk beyond pdfkit's own metrics).
 */
export function renderPdf(spec: PdfDocumentSpec, createdAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 14, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: spec.title,
      Author: spec.letterhead.name,
      Subject: spec.subject ?? spec.title,
      CreationDate: createdAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - MARGIN * 2;
  let textLeft = MARGIN;
  const top = doc.y;
  if (spec.letterhead.logo) {
    try {
      doc.image(spec.letterhead.logo.data, MARGIN, top, { fit: [110, 55] });
      textLeft = MARGIN + 125;
    } catch {
      // An unreadable logo must not stop a letter going out: the name is enough.
    }
  }
  doc.font('Helvetica-Bold').fontSize(16).fillColor('#1a1a1a');
  doc.text(spec.letterhead.name, textLeft, top, { width: width - (textLeft - MARGIN) });
  if (spec.letterhead.address) {
    doc.font('Helvetica').fontSize(9).fillColor('#444444');
    doc.text(spec.letterhead.address, { width: width - (textLeft - MARGIN) });
  }
  doc.y = Math.max(doc.y, spec.letterhead.logo ? top + 60 : doc.y) + 8;
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(MARGIN + width, doc.y)
    .strokeColor('#999999')
    .stroke();
  doc.moveDown(1);

  doc.x = MARGIN;
  doc.font('Helvetica-Bold').fontSize(14).fillColor('#000000').text(spec.title, { width });
  if (spec.banner) {
    doc
      .moveDown(0.3)
      .font('Helvetica-Bold')
      .fontSize(11)
      .fillColor('#b00020')
      .text(spec.banner, { width });
  }
  doc.fillColor('#333333').font('Helvetica').fontSize(9);
  for (const m of spec.meta ?? []) doc.text(m, { width });
  doc.moveDown(1).fillColor('#000000');

  for (const b of spec.blocks) {
    switch (b.kind) {
      case 'heading':
        doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).text(b.text, { width });
        doc.moveDown(0.2);
        break;
      case 'subheading':
        doc.moveDown(0.4).font('Helvetica-Bold').fontSize(10).text(b.text, { width });
        break;
      case 'paragraph':
        doc.font('Helvetica').fontSize(10).text(b.text, { width, paragraphGap: 4 });
        break;
      case 'small':
        doc.font('Helvetica').fontSize(8.5).fillColor('#333333').text(b.text, { width });
        doc.fillColor('#000000');
        break;
      case 'rule':
        doc.moveDown(0.3);
        doc
          .moveTo(MARGIN, doc.y)
          .lineTo(MARGIN + width, doc.y)
          .strokeColor('#dddddd')
          .stroke();
        doc.moveDown(0.3);
        break;
    }
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - MARGIN + 4;
    // Writing inside the bottom margin must not open a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor('#555555');
    doc.text(
      `${spec.footer ? `${spec.footer} — ` : ''}Page ${i + 1} of ${range.count}`,
      MARGIN,
      y,
      {
        width,
        align: 'center',
        lineBreak: false,
      },
    );
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

/** "5 January 2026" (UK). */
export function ukDate(d: Date): string {
  return d.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });
}

/** "2026-01-05 09:00" (UK time). */
export function ukDateTime(d: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const g = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${g('year')}-${g('month')}-${g('day')} ${g('hour')}:${g('minute')}`;
}
