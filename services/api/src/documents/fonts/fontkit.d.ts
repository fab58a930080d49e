// The part of fontkit (pdfkit's font engine) used to ask which face has a glyph.
declare module 'fontkit' {
  interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function create(buffer: Buffer): Font;
}
