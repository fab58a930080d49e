import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { freePort } from '@conduct/local-servers';
import type { SeededCouncil } from './seed';

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
