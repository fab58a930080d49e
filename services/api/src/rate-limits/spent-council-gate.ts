import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { decodeJwt } from 'jose';
import type { ApiServices } from '../context';
import { AppError } from '../graphql/errors';
import { DEV_ISSUER } from '../identity/dev-issuer';
import { TenantDirectory } from '../tenancy/tenant-directory';

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

/**
 * Refuses a request of a council that has already spent this second's budget
 * before its body is parsed, its token verified or a transaction opened: a
 * flood then costs the other councils almost nothing. The council is read
 * from the token unverified; that is safe because this gate only refuses, and
 * only councils that are already over budget, so a forged claim can get no one
 * but its sender refused. Everything that passes is checked in full later.
 */
export function spentCouncilGate(services: ApiServices) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const limits = services.rateLimits;
    const header = req.headers.authorization;
    if (!limits || !header?.startsWith('Bearer ')) return next();
    claimedCouncil(services, header.slice(7))
      .then(async (council) => {
        if (council) await limits.refuseSpentCouncil(council);
        next();
      })
      .catch((e: unknown) => {
        if (!(e instanceof AppError) || e.extensions.code !== 'RATE_LIMITED') return next();
        const seconds = Number(e.extensions.retryAfterSeconds ?? 1);
        res
          .status(429)
          .setHeader('retry-after', String(seconds))
          .json({
            errors: [
              {
                message: e.message,
                extensions: {
                  code: 'RATE_LIMITED',
                  retryAfterSeconds: seconds,
                  correlationId: randomUUID(),
                },
              },
            ],
          });
      });
  };
}
