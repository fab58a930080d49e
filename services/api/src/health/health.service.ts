import type { ApiServices } from '../context';
import type { Health } from './health.type';

const TIMEOUT_MS = 2000;

async function probe(check: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)),
          TIMEOUT_MS,
        );
      }),
    ]);
    return 'ok';
  } catch (e) {
    return e instanceof Error ? e.message.split('\n')[0]!.slice(0, 120) : 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(services: ApiServices): Promise<Health> {
  const [database, redis] = await Promise.all([
    probe(async () => {
      const rows = (await services.ds.query('select 1 as ok')) as { ok: number }[];
      if (rows[0]?.ok !== 1) throw new Error('unexpected answer');
    }),
    probe(async () => {
      if ((await services.redis.ping()) !== 'PONG') throw new Error('unexpected answer');
    }),
  ]);
  return { database, redis, version: services.version };
}
