import PDFDocument from 'pdfkit';
import {
  type Face,
  fontData,
  FONT_FEATURES,
  fontName,
  LATIN_FACE,
  scriptRuns,
  type Weight,
} from './fonts/font-faces';
import type { Letterhead } from './settings.service';

export type PdfBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'small'; text: string }
  /** Lines kept together without paragraph spacing: an address, a sign-off. */
  | { kind: 'lines'; lines: string[]; bold?: boolean[] }
  /** A bulleted list (enclosures). */
  | { kind: 'list'; items: string[] }
  | { kind: 'space'; lines: number }
  | { kind: 'rule' };

export interface PdfDocumentSpec {
  letterhead: Letterhead;
  title: string;
  /** BCP 47 language of the document (default en-GB). */
  lang?: string;
  /** Printed in capitals above the addressee, e.g. "Private and confidential". */
  marking?: string;
  /** The addressee's name and postal address, one line each, in the window position. */
  addressee?: string[];
  /** Lines under the title, or right of the addressee when there is one (date, references). */
  meta?: string[];
  /** Printed in red under the title, e.g. "DRAFT — not sent". */
  banner?: string;
  blocks: PdfBlock[];
  /** Left of the page number in every footer. */
  footer?: string;
  /** Document information dictionary. */
  subject?: string;
  /** PDFs embedded as attachments (enclosures). */
  attachments?: { name: string; data: Buffer; description: string }[];
}

const MARGIN = 56;
/** Noto Sans's ascender, in ems. */
const LATIN_ASCENDER = 1.069;
type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

interface TextStyle {
  weight?: Weight;
  size: number;
  color?: string;
  width: number;
  gap?: number;
  align?: 'left' | 'right' | 'center';
  x?: number;
  y?: number;
}

/** Registers a face the first time a document uses it (the Chinese face is only read when needed). */
function useFace(doc: Doc, used: Set<string>, face: Face, weight: Weight): string {
  const name = fontName(face, weight);
  if (!used.has(name)) {
    doc.registerFont(name, fontData(face, weight));
    used.add(name);
  }
  return name;
}

/**
 * Writes text run by run, each in the face of its script. Indic runs, whose
 * glyphs are reordered, carry ActualText, so text extraction and screen
 * readers get the name as it was typed; right-to-left runs are drawn in
 * visual order, which readers reverse themselves.
 */
function writeText(doc: Doc, used: Set<string>, text: string, style: TextStyle) {
  doc.fillColor(style.color ?? '#000000');
  // pdfkit loses its place when a continued run holds a line break: one chain per line.
  const lines = text.split('\n');
  lines.forEach((line, l) => {
    const runs = scriptRuns(line === '' ? ' ' : line);
    runs.forEach((run, i) => {
      doc.font(useFace(doc, used, run.face, style.weight ?? 'regular')).fontSize(style.size);
      const options: PDFKit.Mixins.TextOptions = {
        width: style.width,
        continued: i < runs.length - 1,
        paragraphGap: l === lines.length - 1 ? (style.gap ?? 0) : 0,
        align: style.align ?? 'left',
        lineGap: 1.5,
        // One baseline for every face on a line (pdfkit would place each by its own ascender).
        baseline: -LATIN_ASCENDER * style.size,
        // fontkit takes an object of feature switches; pdfkit passes it through.
        features: FONT_FEATURES as unknown as PDFKit.Mixins.OpenTypeFeatures[],
      };
      const write = () => {
        if (i > 0 || style.x === undefined) return doc.text(run.text, options);
        return l === 0
          ? doc.text(run.text, style.x, style.y, options)
          : doc.text(run.text, style.x, doc.y, options);
      };
      if (run.face.reordered && !run.face.rtl) withActualText(doc, run.text, style.size, write);
      else write();
    });
  });
}

/**
 * Marks glyphs with the text they stand for. Readers (poppler among them)
 * place ActualText with the transformation in force at its end, so the span
 * closes under the same flipped matrix pdfkit draws text with, all inside one
 * save/restore so nesting stays proper.
 */
function withActualText(doc: Doc, text: string, size: number, write: () => void) {
  doc.save();
  doc.markContent('Span', { actual: text });
  write();
  doc.transform(1, 0, 0, -1, 0, doc.page.height);
  // ...and with the run's font current (an empty show makes readers take it up).
  const font = (doc as unknown as { _font: { id: string } })._font;
  doc.addContent(`BT /${font.id} ${size} Tf () Tj ET`);
  doc.endMarkedContent();
  doc.restore();
}

/** Decoration (rules, logo, page numbers) that assistive technology should skip. */
function artifact(doc: Doc, draw: () => void) {
  doc.markContent('Artifact', { type: 'Layout' });
  draw();
  doc.endMarkedContent();
}

function rule(doc: Doc, width: number, color: string) {
  artifact(doc, () => {
    doc
      .moveTo(MARGIN, doc.y)
      .lineTo(MARGIN + width, doc.y)
      .strokeColor(color)
      .stroke();
  });
}

/** One structure element around what `write` puts on the page. */
function tagged(doc: Doc, parent: Struct, type: string, write: () => void) {
  parent.add(doc.struct(type, {}, write));
}

function letterheadBlock(doc: Doc, root: Struct, used: Set<string>, spec: PdfDocumentSpec) {
  const width = doc.page.width - MARGIN * 2;
  let textLeft = MARGIN;
  const top = doc.y;
  if (spec.letterhead.logo) {
    try {
      artifact(doc, () => doc.image(spec.letterhead.logo!.data, MARGIN, top, { fit: [110, 55] }));
      textLeft = MARGIN + 125;
    } catch {
      // An unreadable logo must not stop a letter going out: the name is enough.
    }
  }
  const textWidth = width - (textLeft - MARGIN);
  tagged(doc, root, 'P', () => {
    writeText(doc, used, spec.letterhead.name, {
      weight: 'bold',
      size: 16,
      color: '#1a1a1a',
      width: textWidth,
      x: textLeft,
      y: top,
    });
    if (spec.letterhead.address)
      writeText(doc, used, spec.letterhead.address, {
        size: 9,
        color: '#444444',
        width: textWidth,
      });
  });
  doc.y = Math.max(doc.y, spec.letterhead.logo ? top + 60 : doc.y) + 8;
  rule(doc, width, '#999999');
  doc.moveDown(1);
  doc.x = MARGIN;
}

/** The addressee in the envelope window on the left, date and references on the right. */
function addresseeBlock(doc: Doc, root: Struct, used: Set<string>, spec: PdfDocumentSpec) {
  const width = doc.page.width - MARGIN * 2;
  const top = doc.y;
  const metaWidth = 190;
  const leftWidth = width - metaWidth - 20;
  if (spec.marking) {
    tagged(doc, root, 'P', () =>
      writeText(doc, used, spec.marking!.toUpperCase(), {
        weight: 'bold',
        size: 9.5,
        width: leftWidth,
        x: MARGIN,
        y: top,
      }),
    );
    doc.moveDown(0.5);
  }
  tagged(doc, root, 'P', () =>
    writeText(doc, used, spec.addressee!.join('\n'), { size: 10.5, width: leftWidth, x: MARGIN }),
  );
  const leftBottom = doc.y;
  tagged(doc, root, 'P', () =>
    writeText(doc, used, (spec.meta ?? []).join('\n'), {
      size: 9.5,
      color: '#333333',
      width: metaWidth,
      align: 'right',
      x: MARGIN + width - metaWidth,
      y: top,
    }),
  );
  doc.y = Math.max(leftBottom, doc.y) + 24;
  doc.x = MARGIN;
}

/** Starts a new page unless `lines` more lines fit: a heading is not left alone at the foot. */
function keepLines(doc: Doc, lines: number, size: number) {
  if (doc.y + lines * size * 1.45 > doc.page.maxY()) doc.addPage();
}

function blockContent(doc: Doc, root: Struct, used: Set<string>, b: PdfBlock, width: number) {
  if (b.kind === 'heading' || b.kind === 'subheading') keepLines(doc, 4, 12);
  if (b.kind === 'lines') keepLines(doc, b.lines.length, 10.5);
  switch (b.kind) {
    case 'heading':
      doc.moveDown(0.6);
      tagged(doc, root, 'H2', () =>
        writeText(doc, used, b.text, { weight: 'bold', size: 12, width, gap: 3 }),
      );
      break;
    case 'subheading':
      doc.moveDown(0.4);
      tagged(doc, root, 'H3', () =>
        writeText(doc, used, b.text, { weight: 'bold', size: 10, width }),
      );
      break;
    case 'paragraph':
      tagged(doc, root, 'P', () => writeText(doc, used, b.text, { size: 10.5, width, gap: 6 }));
      break;
    case 'small':
      tagged(doc, root, 'P', () =>
        writeText(doc, used, b.text, { size: 8.5, color: '#333333', width }),
      );
      break;
    case 'lines':
      tagged(doc, root, 'P', () =>
        b.lines.forEach((line, i) =>
          writeText(doc, used, line, {
            size: 10.5,
            width,
            weight: b.bold?.[i] ? 'bold' : 'regular',
          }),
        ),
      );
      doc.moveDown(0.5);
      break;
    case 'list': {
      const list = doc.struct('L');
      root.add(list);
      for (const item of b.items) {
        const li = doc.struct('LI');
        list.add(li);
        li.add(
          doc.struct('Lbl', {}, () =>
            writeText(doc, used, '•', { size: 10.5, width: 12, x: MARGIN }),
          ),
        );
        doc.moveUp(1);
        li.add(
          doc.struct('LBody', {}, () =>
            writeText(doc, used, item, { size: 10.5, width: width - 14, x: MARGIN + 14 }),
          ),
        );
        li.end();
        doc.x = MARGIN;
      }
      list.end();
      doc.moveDown(0.5);
      break;
    }
    case 'space':
      doc.moveDown(b.lines);
      break;
    case 'rule':
      doc.moveDown(0.3);
      rule(doc, width, '#dddddd');
      doc.moveDown(0.3);
      break;
  }
}

/**
 * Renders an A4 document on the council's letterhead: logo, name and address
 * at the top of the first page, "Page n of m" in every footer. Fonts are
 * embedded Noto faces chosen per script, and the PDF is tagged (structure
 * tree, language, title shown by viewers) as PDF/UA asks.
 */
export function renderPdf(spec: PdfDocumentSpec, createdAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 14, left: MARGIN, right: MARGIN },
    bufferPages: true,
    pdfVersion: '1.7',
    // pdfkit supports PDF/UA; its type definitions list only PDF/A.
    subset: 'PDF/UA' as PDFKit.Mixins.PDFSubsets,
    tagged: true,
    lang: spec.lang ?? 'en-GB',
    displayTitle: true,
    info: {
      Title: spec.title,
      Author: spec.letterhead.name,
      Subject: spec.subject ?? spec.title,
      CreationDate: createdAt,
    },
  });
  const used = new Set<string>();
  // pdfkit opens with Helvetica, a font it would not embed: start in Noto.
  doc.font(useFace(doc, used, LATIN_FACE, 'regular'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - MARGIN * 2;
  const root = doc.struct('Document');
  doc.addStructure(root);
  letterheadBlock(doc, root, used, spec);
  if (spec.addressee) addresseeBlock(doc, root, used, spec);

  tagged(doc, root, 'H1', () =>
    writeText(doc, used, spec.title, { weight: 'bold', size: 14, width, gap: 2 }),
  );
  if (spec.banner) {
    doc.moveDown(0.3);
    tagged(doc, root, 'P', () =>
      writeText(doc, used, spec.banner!, { weight: 'bold', size: 11, color: '#b00020', width }),
    );
  }
  if (!spec.addressee && spec.meta?.length) {
    tagged(doc, root, 'P', () =>
      writeText(doc, used, spec.meta!.join('\n'), { size: 9, color: '#333333', width }),
    );
  }
  doc.moveDown(1);

  for (const b of spec.blocks) blockContent(doc, root, used, b, width);
  root.end();
  for (const a of spec.attachments ?? []) {
    // pdfkit writes AFRelationship from `relationship`; its type definitions lack it.
    const options = { name: a.name, type: 'application/pdf', description: a.description };
    doc.file(a.data, { ...options, relationship: 'Supplement' } as typeof options);
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - MARGIN + 4;
    // Writing inside the bottom margin must not open a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    writeText(
      doc,
      used,
      `${spec.footer ? `${spec.footer} — ` : ''}Page ${i + 1} of ${range.count}`,
      {
        size: 8,
        color: '#555555',
        width,
        align: 'center',
        x: MARGIN,
        y,
      },
    );
    doc.endMarkedContent();
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
