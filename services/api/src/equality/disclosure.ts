/** Cells under this are suppressed; the rest are rounded to the nearest multiple of it. */
export const DISCLOSURE_THRESHOLD = 5;

/** Small-number disclosure control, as for benchmarking: under 5 → null; otherwise rounded to 5. */
export function disclose(n: number): number | null {
  if (n < DISCLOSURE_THRESHOLD) return null;
  return Math.round(n / DISCLOSURE_THRESHOLD) * DISCLOSURE_THRESHOLD;
}
