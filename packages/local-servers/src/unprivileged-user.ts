import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';

/** Postgres refuses to run as root, so as root every server command runs as `postgres`. */
export const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export function ensurePostgresUser(): void {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', [
      '--system',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ]);
  }
}

/**
 * Gives the postgres user a directory it owns (root-created folders otherwise block
 * it), after checking it can reach it: a 0700 parent such as /root would stop it.
 */
export function handOver(dir: string): void {
  if (!runningAsRoot) return;
  try {
    execFileSync('runuser', ['-u', 'postgres', '--', 'test', '-x', dirname(dir)], {
      stdio: 'ignore',
    });
  } catch {
    throw new Error(
      `The postgres user cannot reach ${dirname(dir)} (a parent folder is private to root). ` +
        'Move the project, set CONDUCT_HOME to a folder under /var or /tmp, or set DATABASE_URL.',
    );
  }
  execFileSync('chown', ['-R', 'postgres:', dir]);
}

/** The command line that runs `bin` as the unprivileged user when we are root. */
export function asServerUser(bin: string, args: string[]): [string, string[]] {
  return runningAsRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}
