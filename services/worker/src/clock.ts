/** `YYYY-MM-DD` of an instant, in UTC (the engine's calendar). */
export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
