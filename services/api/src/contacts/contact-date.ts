import { DomainError } from '@conduct/casework';

/**
 * How far back a contact, referral or item of correspondence may be dated.
 * Conduct records what a council is handling now; anything older than this is
 * a typing error (year 1, 1900, a two-digit year read as 19xx), not history.
 */
export const CONTACT_DATE_FLOOR_YEARS = 10;
/** Allowance for clocks a little ahead of the server's. */
const CLOCK_SKEW_MS = 60_000;

/**
 * Refuses a contact or sent date that cannot be true: in the future, or more
 * than CONTACT_DATE_FLOOR_YEARS before now. The field is named in the error.
 */
export function refuseImplausibleContactDate(date: Date, now: Date, field: string): void {
  const floor = new Date(now);
  floor.setUTCFullYear(floor.getUTCFullYear() - CONTACT_DATE_FLOOR_YEARS);
  const why =
    date.getTime() > now.getTime() + CLOCK_SKEW_MS
      ? 'cannot be in the future'
      : date < floor
        ? `cannot be more than ${CONTACT_DATE_FLOOR_YEARS} years ago (before ${floor.toISOString().slice(0, 10)})`
        : null;
  if (why) throw new DomainError('BAD_USER_INPUT', `${field}: ${why}`, { field });
}
