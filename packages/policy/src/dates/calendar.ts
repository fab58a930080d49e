/** Calendar arithmetic in UTC. Months are calendar months; the day is clamped (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

export function addPeriod(
  date: Date,
  period: { years?: number; months?: number; days?: number },
): Date {
  const months = (period.years ?? 0) * 12 + (period.months ?? 0);
  return addDays(addMonths(date, months), period.days ?? 0);
}
