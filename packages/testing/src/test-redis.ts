import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRedis, freePort } from '@conduct/local-servers';

export interface TestRedis {
  url: string;
  server: LocalRedis;
  stop(): Promise<void>;
}

/** A real redis-server of the test file's own (starting one takes ~30 ms). */
export async function startTestRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'conduct-redis-'));
  const server = new LocalRedis({ port: await freePort(), dir, persistent: false });
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
