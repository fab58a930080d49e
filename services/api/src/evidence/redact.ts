/** A term to withhold wherever it appears, and why. */
export interface RedactionTerm {
  key: string;
  term: string;
  category: 'third-party' | 'staff-name';
  reason: string;
}

export const WITHHELD = '[withheld]';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces every marked term (case-insensitive, longest first so "Jo Bloggs"
 * goes before "Jo") and counts what was withheld, by term key and by place.
 */
export class Redactor {
  private readonly terms: (RedactionTerm & { re: RegExp })[];
  readonly counts = new Map<string, number>();
  readonly places = new Map<string, Set<string>>();

  constructor(terms: RedactionTerm[]) {
    this.terms = terms
      .filter((t) => t.term.trim().length >= 2)
      .sort((a, b) => b.term.length - a.term.length)
      .map((t) => ({ ...t, re: new RegExp(escape(t.term.trim()), 'gi') }));
  }

  text(value: string, place: string): string;
  text(value: string | null, place: string): string | null;
  text(value: string | null, place: string): string | null {
    if (value === null) return null;
    let out = value;
    for (const t of this.terms) {
      out = out.replace(t.re, () => {
        this.counts.set(t.key, (this.counts.get(t.key) ?? 0) + 1);
        const where = this.places.get(t.key) ?? new Set<string>();
        where.add(place);
        this.places.set(t.key, where);
        return WITHHELD;
      });
    }
    return out;
  }
}
