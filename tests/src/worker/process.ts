import { type ChildProcess, spawn } from 'node:child_process';

const WORKER_MAIN = require.resolve('@conduct/worker/main');

/** The last lines each worker wrote (logs and errors): a crash report names its reason. */
const outputTails = new WeakMap<ChildProcess, string[]>();

/** A real worker process, as production runs it; its output is passed on and its tail kept. */
export function spawnWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [WORKER_MAIN], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  outputTails.set(child, tail);
  const keep = (passOn: NodeJS.WriteStream) => (chunk: Buffer) => {
    passOn.write(chunk);
    tail.push(chunk.toString());
    if (tail.length > 20) tail.shift();
  };
  child.stdout!.on('data', keep(process.stdout));
  child.stderr!.on('data', keep(process.stderr));
  return child;
}

export function outputOf(child: ChildProcess): string {
  return (outputTails.get(child) ?? []).join('').slice(-2000);
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export async function until<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
