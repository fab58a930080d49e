import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';

export interface LocalRedisOptions {
  port: number;
  /** Data directory; with `persistent` Redis keeps an append-only file there. */
  dir: string;
  persistent: boolean;
  log?: (line: string) => void;
}

export const redisInstallHint =
  'redis-server was not found on the PATH. Install it: `sudo apt-get install -y redis-server` ' +
  '(Debian/Ubuntu), `brew install redis` (macOS), or set REDIS_URL to an existing server.';

function onPath(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Installs redis-server with apt when we are root on Debian/Ubuntu; otherwise explains how. */
function ensureRedisServer(log?: (line: string) => void): void {
  if (onPath('redis-server')) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && onPath('apt-get')) {
    log?.('redis-server missing: installing it with apt-get');
    execFileSync('sh', ['-c', 'apt-get update -qq && apt-get install -y -qq redis-server'], {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (onPath('redis-server')) return;
  }
  throw new Error(redisInstallHint);
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.end();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`redis-server did not open port ${port}`));
        else setTimeout(attempt, 20);
      });
    };
    attempt();
  });
}

/** A real redis-server child process on 127.0.0.1, configured as BullMQ needs (noeviction). */
export class LocalRedis {
  private child?: ChildProcess;

  constructor(private readonly options: LocalRedisOptions) {}

  get url(): string {
    return `redis://127.0.0.1:${this.options.port}`;
  }

  async start(): Promise<void> {
    const { port, dir, persistent } = this.options;
    ensureRedisServer(this.options.log);
    mkdirSync(dir, { recursive: true });
    const durability = persistent
      ? ['--appendonly', 'yes', '--save', '']
      : ['--appendonly', 'no', '--save', ''];
    this.child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--maxmemory-policy',
        'noeviction',
        ...durability,
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise<never>((_, reject) =>
      this.child!.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`))),
    );
    await Promise.race([waitForPort(port, 10_000), exited]);
    this.options.log?.(`redis listening on 127.0.0.1:${port}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  /** Kills the server outright, as a crash would (tests of lost queues use this). */
  kill(): void {
    this.child?.kill('SIGKILL');
  }
}
