import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRedis, freePort } from '@conduct/local-servers';

export interface TestRedis {
  url: string;
  server: LocalRedis;
  stop(): Promise<void>;
}

/**
 * A real redis-server of the test file's own (starting one takes ~30 ms).
 * `persistent`: an append-only file, as production runs it, so a test can
 * stop and start the server on the same port and data.
 */
export async function startTestRedis(options: { persistent?: boolean } = {}): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'conduct-redis-'));
  const server = new LocalRedis({
    port: await freePort(),
    dir,
    persistent: options.persistent ?? false,
  });
  await server.start();
  return {
    url: server.url,
    server,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
