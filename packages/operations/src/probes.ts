/** What a caller without credentials may learn about a dependency: never a host, port or driver message. */
export type ProbeState = 'ok' | 'unavailable';

export interface Readiness {
  ready: boolean;
  checks: Record<string, ProbeState>;
}

/** One round trip to a dependency; it rejects (or times out) when the dependency cannot serve. */
export type Check = () => Promise<unknown>;

const TIMEOUT_MS = 2000;

async function withinTimeout(check: Check, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs every check at once. Why one failed goes to `onFailure` (the operator's
 * log), never into the answer: a probe path is open to anyone who reaches the port.
 */
export async function checkReadiness(
  checks: Record<string, Check>,
  onFailure: (name: string, err: unknown) => void,
  timeoutMs = TIMEOUT_MS,
): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, ProbeState]> => {
      try {
        await withinTimeout(check, timeoutMs);
        return [name, 'ok'];
      } catch (err) {
        onFailure(name, err);
        return [name, 'unavailable'];
      }
    }),
  );
  return {
    ready: entries.every(([, state]) => state === 'ok'),
    checks: Object.fromEntries(entries),
  };
}

/** A round trip to PostgreSQL through the service's own pool. */
export const databaseCheck =
  (db: { query(sql: string): Promise<unknown> }): Check =>
  async () => {
    const rows = (await db.query('select 1 as ok')) as { ok: number }[];
    if (rows[0]?.ok !== 1) throw new Error('unexpected answer to select 1');
  };

/** A round trip to Redis. */
export const redisCheck =
  (redis: { ping(): Promise<string> }): Check =>
  async () => {
    if ((await redis.ping()) !== 'PONG') throw new Error('unexpected answer to PING');
  };
