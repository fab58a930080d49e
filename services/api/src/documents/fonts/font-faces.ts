import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { create as openFont } from 'fontkit';

/**
 * The typefaces letters and packs are set in: Noto (SIL Open Font Licence),
 * from npm packages so nothing is fetched at run time. One face per script
 * people in England and Wales write their names in; a run of text takes the
 * face of its script, anything else the Latin face (which also covers Greek,
 * Cyrillic and Welsh/Polish diacritics).
 */
export type Weight = 'regular' | 'bold';

interface FaceSource {
  key: string;
  /** Characters of this face's script (Script_Extensions, so dandas and the like go with it). */
  script: RegExp | null;
  files: Record<Weight, string>;
  /** pdfkit's direction hint: pdftotext and screen readers get the logical order from ActualText. */
  rtl: boolean;
  /** Shaped scripts whose glyph order differs from the text order. */
  reordered: boolean;
}

/** A package's folder (font packages export no entry point to resolve). */
function pkg(name: string): string {
  const found = (require.resolve.paths(name) ?? [])
    .map((dir) => path.join(dir, name))
    .find((dir) => existsSync(path.join(dir, 'package.json')));
  if (!found) throw new Error(`font package ${name} is not installed`);
  return found;
}
const fontsource = (name: string, subset: string, weight: number) =>
  path.join(pkg(`@fontsource/${name}`), 'files', `${name}-${subset}-${weight}-normal.woff`);

const FACES: FaceSource[] = [
  {
    key: 'arabic',
    script: /[\p{Script_Extensions=Arabic}]/u,
    files: {
      regular: path.join(pkg('@embedpdf/fonts-arabic'), 'fonts/NotoNaskhArabic-Regular.ttf'),
      bold: path.join(pkg('@embedpdf/fonts-arabic'), 'fonts/NotoNaskhArabic-Bold.ttf'),
    },
    rtl: true,
    reordered: true,
  },
  {
    key: 'hebrew',
    script: /[\p{Script_Extensions=Hebrew}]/u,
    files: {
      regular: path.join(pkg('@embedpdf/fonts-hebrew'), 'fonts/NotoSansHebrew-Regular.ttf'),
      bold: path.join(pkg('@embedpdf/fonts-hebrew'), 'fonts/NotoSansHebrew-Bold.ttf'),
    },
    rtl: true,
    reordered: true,
  },
  ...(
    [
      ['devanagari', 'Devanagari'],
      ['bengali', 'Bengali'],
      ['gurmukhi', 'Gurmukhi'],
    ] as const
  ).map(([key, script]) => ({
    key,
    script: new RegExp(`[\\p{Script_Extensions=${script}}]`, 'u'),
    files: {
      regular: fontsource(`noto-sans-${key}`, key, 400),
      bold: fontsource(`noto-sans-${key}`, key, 700),
    },
    rtl: false,
    reordered: true,
  })),
  {
    key: 'han',
    script: /[\p{Script_Extensions=Han}\p{Script_Extensions=Bopomofo}\u3000-\u303f\uff00-\uffef]/u,
    files: {
      regular: path.join(pkg('@embedpdf/fonts-sc'), 'fonts/NotoSansHans-Regular.otf'),
      bold: path.join(pkg('@embedpdf/fonts-sc'), 'fonts/NotoSansHans-Bold.otf'),
    },
    rtl: false,
    reordered: false,
  },
  {
    key: 'latin',
    script: null,
    files: {
      regular: path.join(pkg('@embedpdf/fonts-latin'), 'fonts/NotoSans-Regular.ttf'),
      bold: path.join(pkg('@embedpdf/fonts-latin'), 'fonts/NotoSans-Bold.ttf'),
    },
    rtl: false,
    reordered: false,
  },
];

export interface Face {
  key: string;
  rtl: boolean;
  reordered: boolean;
}

const LATIN = FACES.at(-1)!;
/** Spaces, punctuation and digits belong to no script; they go with a neighbouring run. */
const NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;
/** Joiners and combining marks: always part of the run they are in. */
const JOINING = /[\p{Script=Inherited}]/u;

/** A run of text in one face. */
export interface TextRun {
  text: string;
  face: Face;
}

const glyphCheckers = new Map<string, (codePoint: number) => boolean>();

/** Whether a face (regular weight) has a glyph for the character; each font parsed once. */
function covers(face: FaceSource, ch: string): boolean {
  let has = glyphCheckers.get(face.key);
  if (!has) {
    const font = openFont(fontData(face, 'regular'));
    has = (cp) => font.hasGlyphForCodePoint(cp);
    glyphCheckers.set(face.key, has);
  }
  return has(ch.codePointAt(0)!);
}

/** Faces to try, in order, for a character the Latin face lacks (arrows, symbols). */
const FALLBACK_ORDER = ['han', 'arabic', 'hebrew', 'devanagari', 'bengali', 'gurmukhi'];

function faceOf(ch: string): FaceSource | null {
  const scripted = FACES.find((f) => f.script?.test(ch));
  if (scripted) return scripted;
  if (covers(LATIN, ch) || JOINING.test(ch)) return NEUTRAL.test(ch) ? null : LATIN;
  const fallback = FALLBACK_ORDER.map((k) => FACES.find((f) => f.key === k)!).find((f) =>
    covers(f, ch),
  );
  return fallback ?? LATIN;
}

/** Whether neutral characters may be set in the face (the Indic faces are script-only subsets). */
const carriesNeutrals = (f: FaceSource) => !f.reordered || f.rtl;

/**
 * Splits text into runs by script. Neutral characters follow the Unicode
 * bidirectional rule for a left-to-right paragraph: between two runs of the
 * same direction they join the earlier one; next to a right-to-left run they
 * go left-to-right. So "محمد علي" is one right-to-left run and "Dear محمد,"
 * is "Dear " + "محمد" + ",".
 */
export function scriptRuns(text: string): TextRun[] {
  const runs: { text: string; face: FaceSource }[] = [];
  let pending = '';
  const push = (t: string, face: FaceSource) => {
    if (!t) return;
    const last = runs.at(-1);
    if (last && last.face === face) last.text += t;
    else runs.push({ text: t, face });
  };
  for (const ch of text) {
    const last = runs.at(-1);
    if (JOINING.test(ch) && last && !pending) {
      last.text += ch;
      continue;
    }
    const face = faceOf(ch);
    if (face === null) {
      pending += ch;
      continue;
    }
    if (last && last.face === face && carriesNeutrals(face)) {
      last.text += pending + ch;
    } else {
      const sameDirection = last && (last.face.rtl ? face.rtl : !face.rtl);
      push(pending, last && sameDirection && carriesNeutrals(last.face) ? last.face : LATIN);
      push(ch, face);
    }
    pending = '';
  }
  push(pending, LATIN);
  return runs;
}

const cache = new Map<string, Buffer>();

/** The font file of a face and weight, read once per process (the Chinese face is 8 MB). */
export function fontData(face: Face, weight: Weight): Buffer {
  const source = FACES.find((f) => f.key === face.key)!;
  const file = source.files[weight];
  let data = cache.get(file);
  if (!data) {
    data = readFileSync(file);
    cache.set(file, data);
  }
  return data;
}

/**
 * OpenType feature switches for every run. fontkit 2.0.4 fails on the null
 * anchors in Noto Sans Gurmukhi's above-base mark positioning, and pdfkit
 * keeps the first run's features for a whole line, so it is off for all
 * runs; the marks' own offsets place them well enough.
 */
export const FONT_FEATURES = { abvm: false };

/** pdfkit's registered name of a face and weight. */
export const fontName = (face: Face, weight: Weight) => `${face.key}-${weight}`;

export const LATIN_FACE: Face = LATIN;

/** The packages whose licences travel with the fonts (see licences/). */
export const FONT_PACKAGES = [
  '@embedpdf/fonts-latin',
  '@embedpdf/fonts-arabic',
  '@embedpdf/fonts-hebrew',
  '@embedpdf/fonts-sc',
  '@fontsource/noto-sans-devanagari',
  '@fontsource/noto-sans-bengali',
  '@fontsource/noto-sans-gurmukhi',
];
