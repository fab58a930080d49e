import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { ApiServices } from '../request/context';
import { DEV_ISSUER } from '../identity/dev-issuer';
import { TenantDirectory } from '../identity/tenant-directory';
import type { HttpHandler, HttpResponse } from '../http/handler';

/** The council a bearer token claims, unverified (the directory is cached). */
async function claimedCouncil(services: ApiServices, token: string): Promise<string | undefined> {
  const claims = decodeJwt(token);
  const directory = TenantDirectory.of(services.ds);
  if (claims.iss === DEV_ISSUER)
    return typeof claims.tenant === 'string'
      ? (await directory.bySlug(claims.tenant))?.id
      : undefined;
  if (!claims.iss) return undefined;
  const audience = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []);
  const candidates = await directory.byIssuer(claims.iss);
  return (
    candidates.find((t) => t.oidcAudience && audience.includes(t.oidcAudience)) ?? candidates[0]
  )?.id;
}

/** How long the gate trusts what council a token string claimed (the directory's own cache is 10 s). */
const CLAIM_TTL_MS = 10_000;
const CLAIMS_KEPT = 10_000;

/**
 * Refuses a request of a council that has spent this second's budget (or is
 * over it with its one slot busy) before its body is parsed, its token
 * verified or a transaction opened: a flood then costs the other councils
 * almost nothing. The council is read from the token unverified; that is safe
 * because this gate only refuses, and only councils already over budget, so a
 * forged claim can get no one but its sender refused. Everything that passes
 * is checked in full later. What a token string claims is remembered for a
 * few seconds, so a flood's repeated token is refused synchronously, without
 * decoding it again; the refusal is written once no other council has a
 * request in flight (250 ms later at most, see `RateLimits.whenOthersIdle`).
 */
export function spentCouncilGate(services: ApiServices): HttpHandler {
  const claims = new Map<string, { council: string | undefined; at: number }>();
  const remember = (token: string, council: string | undefined) => {
    if (claims.size >= CLAIMS_KEPT) claims.clear();
    claims.set(token, { council, at: Date.now() });
  };
  return (req, res, next) => {
    const limits = services.rateLimits;
    const header = req.headers.authorization;
    if (!limits || !header?.startsWith('Bearer ')) return next();
    const token = header.slice(7);
    const decide = (council: string | undefined) => {
      const ms = council === undefined ? undefined : limits.refusal(council);
      if (ms === undefined) return next();
      const seconds = Math.max(1, Math.ceil(ms / 1000));
      // For the access log, which sums a council's refusals up rather than a line each.
      res.locals.refusedAtGate = council;
      // Writing the refusal is work too (a socket write): it waits, like the council's
      // admitted requests, until the other councils' requests are done (bounded).
      void limits.whenOthersIdle(council!).then(() => {
        if (!res.destroyed) refuse(res, seconds);
      });
    };
    const known = claims.get(token);
    if (known && Date.now() - known.at < CLAIM_TTL_MS) return decide(known.council);
    claimedCouncil(services, token).then(
      (council) => {
        remember(token, council);
        decide(council);
      },
      // Not a token the gate can read: the full check refuses it.
      () => next(),
    );
  };
}

/** RATE_LIMITED with HTTP 429 and Retry-After, written directly (no Express helpers: this runs per flooded request). */
function refuse(res: HttpResponse, seconds: number): void {
  const body = JSON.stringify({
    errors: [
      {
        message: `Too many requests: retry in ${seconds} s`,
        extensions: {
          code: 'RATE_LIMITED',
          retryAfterSeconds: seconds,
          correlationId: res.getHeader('x-correlation-id') ?? randomUUID(),
        },
      },
    ],
  });
  res.writeHead(429, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'retry-after': String(seconds),
  });
  res.end(body);
}
