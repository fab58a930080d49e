import { checkReadiness, databaseCheck, redisCheck, type Readiness } from '@conduct/operations';
import type { ApiServices } from '../request/context';

/**
 * Round trips to Postgres and Redis. Callers learn "ok" or "unavailable"; the
 * reason (a host, a port, a driver message) goes to the operator's log only.
 */
export function checkApiReadiness(services: ApiServices): Promise<Readiness> {
  return checkReadiness(
    { database: databaseCheck(services.ds), redis: redisCheck(services.redis) },
    (dependency, err) =>
      services.logger.warn(
        { dependency, err: err instanceof Error ? err.message : String(err) },
        'readiness check failed',
      ),
  );
}
