import { rmSync } from 'node:fs';
import type { LocalPostgres } from '@conduct/local-servers';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__conductPostgres as
    { pg: LocalPostgres; dir: string } | undefined;
  if (!state) return;
  await state.pg.stop();
  rmSync(state.dir, { recursive: true, force: true });
}
