import retry from 'async-retry';
import type { Logger } from '@conduct/config';
import { SchemaVersionError } from '@conduct/db';

/**
 * A replica started while Postgres or Redis restarts (a deploy, a fail-over) waits for them
 * instead of exiting, so the orchestrator's crash-loop back-off does not stretch an outage.
 * About 40 s of attempts; a schema this build does not know is refused at once.
 */
export async function connectAtStartup<T>(
  dependency: 'database' | 'redis',
  logger: Logger,
  connect: () => Promise<T>,
): Promise<T> {
  return retry(
    async (bail) => {
      try {
        return await connect();
      } catch (err) {
        if (!(err instanceof SchemaVersionError)) throw err;
        // bail alone: throwing as well would count as a failed attempt, log a retry and schedule one.
        bail(err);
        return undefined as never;
      }
    },
    {
      retries: 12,
      factor: 2,
      minTimeout: 250,
      maxTimeout: 5_000,
      onRetry: (err, attempt) =>
        logger.warn(
          { dependency, attempt, err: err instanceof Error ? err.message : String(err) },
          'dependency not reachable at start-up: retrying',
        ),
    },
  );
}
