/**
 * `days` working days after `from` (Monday to Friday, UTC calendar; bank
 * holidays are not known here, so the lead time is if anything generous to
 * the officer by a day or two, never short).
 */
export function addWorkingDays(from: Date, days: number): Date {
  const at = new Date(from);
  let left = days;
  while (left > 0) {
    at.setUTCDate(at.getUTCDate() + 1);
    const dow = at.getUTCDay();
    if (dow !== 0 && dow !== 6) left -= 1;
  }
  return at;
}
