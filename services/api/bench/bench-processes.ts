import { fork, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { Client } from 'pg';
import { appUrlFor, prepareDatabase } from '@conduct/db';
import { LocalPostgres, LocalRedis, freePort } from '@conduct/local-servers';
import { createCouncil, type SeededCouncil } from './seed';

/** The audience the benches' councils accept. */
export const BENCH_AUDIENCE = 'api://conduct-bench';

/** An identity provider on 127.0.0.1: RS256 keys, a JWKS endpoint and tokens for the bench users. */
export async function identityProvider() {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    jwksUrl: `http://127.0.0.1:${port}/jwks`,
    token: (council: SeededCouncil) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
        .setIssuer(council.issuer)
        .setAudience(BENCH_AUDIENCE)
        .setSubject(council.subject)
        .setIssuedAt()
        .setExpirationTime('6h')
        .sign(privateKey),
    close: () => server.close(),
  };
}

/**
 * Starts a child process and resolves once `ready` answers true (or the child
 * says so over IPC). `args` are the child's command-line arguments.
 */
export function startChild(
  script: string,
  env: Record<string, string>,
  ready?: () => Promise<boolean>,
  execArgv: string[] = [],
  args: string[] = [],
) {
  const child = fork(script, args, {
    execArgv,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  return new Promise<ChildProcess>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      // The last lines only, for the error message if the child dies.
      out = (out + d.toString()).slice(-8000);
    };
    const poll = async () => {
      while (child.exitCode === null) {
        if (await ready!().catch(() => false)) return resolve(child);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    if (ready) void poll();
    child.stdout!.on('data', onData);
    if (process.env.BENCH_VERBOSE) child.stdout!.pipe(process.stderr);
    if (process.env.BENCH_VERBOSE) child.stderr!.pipe(process.stderr);
    child.stderr!.on('data', onData);
    if (!ready) child.once('message', () => resolve(child));
    child.on('exit', (code) => reject(new Error(`${script} exited (${code}):\n${out}`)));
  });
}

/** Stops children with SIGTERM and waits for them (15 s at most each). */
export function stopChildren(children: ChildProcess[]): Promise<unknown> {
  return Promise.all(
    children.map(
      (c) =>
        new Promise((resolve) => {
          if (c.exitCode !== null) return resolve(undefined);
          c.once('exit', resolve);
          c.kill('SIGTERM');
          setTimeout(resolve, 15_000).unref();
        }),
    ),
  );
}

/** CPU time (user + system) a process has used, in ms (Linux `/proc/<pid>/stat`, clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU time (ms) of each process of a Postgres cluster: its postmaster and the children it has now. */
function clusterCpu(dataDir: string): Map<string, number> {
  const postmaster = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]!;
  const cpu = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (pid === postmaster || fields[1] === postmaster)
        cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // The process ended while we read.
    }
  }
  return cpu;
}

/**
 * Starts measuring a Postgres cluster's CPU; the function returned gives the
 * ms used since by the processes alive at its call (a backend that exits in
 * between, e.g. a pool's idle connection, takes its time with it, but never
 * takes away time it used before).
 */
export function clusterCpuSince(dataDir: string): () => number {
  const before = clusterCpu(dataDir);
  return () => {
    let total = 0;
    for (const [pid, ms] of clusterCpu(dataDir)) total += ms - (before.get(pid) ?? 0);
    return total;
  };
}

const APP_PASSWORD = 'conduct-app-bench';
/** The API's build, as the benches run it (dist-bench/bench → dist). */
export const API_DIST = join(__dirname, '../../dist');

/** What a bench runs against: throw-away Postgres and Redis, councils, an identity provider and the API. */
export interface BenchServers {
  /** The database owner's connection (seeding, statistics). */
  owner: Client;
  /** The app role's URL: row-level security applies, as for the API. */
  appUrl: string;
  /** The councils asked for, in order, each with one bench user. */
  councils: SeededCouncil[];
  /** Starts measuring Postgres's CPU time (see `clusterCpuSince`). */
  postgresCpuSince(): () => number;
  /** A bearer token for a council's bench user. */
  token(council: SeededCouncil): Promise<string>;
  jwksUrl: string;
  /**
   * Starts the real API in production mode on a free port (its build from
   * `apiDist`, default API_DIST) with `env` added, once /healthz answers.
   */
  startApi(
    env: Record<string, string>,
    options?: { apiDist?: string; execArgv?: string[] },
  ): Promise<{ child: ChildProcess; url: string; port: number }>;
  /** `startChild`, stopped with the rest by `close`. */
  startChild: typeof startChild;
  /** Stops every child, the identity provider, Redis and Postgres, and removes their files. */
  close(): Promise<void>;
}

/**
 * Starts the servers a bench needs and creates the councils named (by their
 * tenants/ folder). `statements`: Postgres loads pg_stat_statements, so a
 * bench can count what a request ran.
 */
export async function benchServers(options: {
  name: string;
  councils: string[];
  statements?: boolean;
}): Promise<BenchServers> {
  const dir = mkdtempSync(join(tmpdir(), `conduct-bench-${options.name}-`));
  chmodSync(dir, 0o755);
  const pg = new LocalPostgres({ dataDir: join(dir, 'pg'), port: await freePort() });
  const redis = new LocalRedis({
    dir: join(dir, 'redis'),
    port: await freePort(),
    persistent: false,
  });
  const children: ChildProcess[] = [];
  const idp = await identityProvider();
  let owner: Client | undefined;
  const close = async () => {
    await stopChildren(children);
    idp.close();
    await owner?.end().catch(() => undefined);
    await redis.stop().catch(() => undefined);
    await pg.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await pg.start();
    if (options.statements) {
      const admin = new Client({ connectionString: pg.url });
      await admin.connect();
      await admin.query(`alter system set shared_preload_libraries = 'pg_stat_statements'`);
      await admin.end();
      await pg.stop();
      await pg.start();
    }
    await redis.start();
    const ownerUrl = pg.url.replace(/\/postgres$/, '/bench');
    await prepareDatabase(ownerUrl, APP_PASSWORD);
    const appUrl = appUrlFor(ownerUrl, APP_PASSWORD);
    owner = new Client({ connectionString: ownerUrl });
    await owner.connect();
    if (options.statements) await owner.query('create extension if not exists pg_stat_statements');
    const councils: SeededCouncil[] = [];
    for (const slug of options.councils)
      councils.push(await createCouncil(owner, slug, idp.jwksUrl, BENCH_AUDIENCE));
    const tracked: typeof startChild = async (...args) => {
      const child = await startChild(...args);
      children.push(child);
      return child;
    };
    return {
      owner,
      appUrl,
      councils,
      token: idp.token,
      jwksUrl: idp.jwksUrl,
      postgresCpuSince: () => clusterCpuSince(join(dir, 'pg')),
      startChild: tracked,
      async startApi(env, { apiDist = API_DIST, execArgv = [] } = {}) {
        const port = await freePort();
        const child = await tracked(
          join(apiDist, 'main.js'),
          {
            NODE_ENV: 'production',
            LOG_LEVEL: 'warn',
            AUDIT_ANCHOR_KEY: 'conduct-bench-audit-anchor-key-throwaway-0123456789',
            PORT: String(port),
            DATABASE_URL: ownerUrl,
            DATABASE_APP_URL: appUrl,
            DATABASE_APP_PASSWORD: APP_PASSWORD,
            REDIS_URL: redis.url,
            ...env,
          },
          async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok,
          execArgv,
        );
        return { child, port, url: `http://127.0.0.1:${port}/graphql` };
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
