import type { TenantEntityManager } from '../tenant-scope';

/**
 * How long an `Idempotency-Key` is remembered. A client retries within
 * minutes; a day covers a retry after an outage. After the window the same
 * key is a new request, and the worker's sweep deletes the record.
 */
export const IDEMPOTENCY_WINDOW_HOURS = 24;

/** Records created at or before this instant have expired. */
export function idempotencyCutoff(now: Date): Date {
  return new Date(now.getTime() - IDEMPOTENCY_WINDOW_HOURS * 3_600_000);
}

/**
 * Deletes one council's expired idempotency records, in batches so no single
 * statement holds many row locks. Idempotent: the cutoff is derived from
 * `now`, so running it again (or after a crash) deletes what is left.
 */
export async function purgeExpiredIdempotencyRecords(
  em: TenantEntityManager,
  now: Date,
  batch = 5000,
): Promise<number> {
  let total = 0;
  for (;;) {
    const [, deleted] = (await em.query(
      `delete from idempotency_record where ctid in (
         select ctid from idempotency_record
         where tenant_id = $1 and created_at <= $2 limit $3)`,
      [em.tenantId, idempotencyCutoff(now), batch],
    )) as [unknown, number];
    total += deleted;
    if (deleted < batch) return total;
  }
}
