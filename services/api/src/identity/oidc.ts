import { createHash } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';

import type { OidcSettings } from '../request/auth-settings';

/** What a verified token says about the person; the user is matched by (issuer, subject). */
export interface OidcIdentity {
  /** Entra ID `oid` (stable across applications), else the standard `sub`. */
  subject: string;
  /**
   * The `email` claim, only when the provider vouches for it: Entra's `xms_edov`
   * (email domain owner verified) optional claim, or the standard
   * `email_verified`. `preferred_username` and an unverified `email` are
   * mutable by the account holder in Entra (the "nOAuth" class), so they never
   * bind a user.
   */
  verifiedEmail?: string;
}

/** Entra sends optional boolean claims as JSON booleans, some tenants as strings or 1. */
const claimTrue = (v: unknown) => v === true || v === 'true' || v === 1 || v === '1';

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** One remote key set per JWKS URL, shared by requests (jose caches and refreshes it on an unknown kid). */
function keySet(url: string) {
  let set = keySets.get(url);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), {
      timeoutDuration: 5000,
      cooldownDuration: 30_000,
      cacheMaxAge: 600_000,
    });
    keySets.set(url, set);
  }
  return set;
}

/**
 * Verifies an OIDC access or ID token against the provider's published keys:
 * signature, pinned issuer, pinned audience, expiry. RS256 only, so `alg: none`
 * and HS256 signed with the public key are refused before any key is tried.
 */
export async function verifyOidcToken(
  token: string,
  settings: OidcSettings,
): Promise<OidcIdentity> {
  const key = verifiedKey(token, settings);
  const known = verified.get(key);
  if (known) return known;
  const { payload } = await jwtVerify(token, keySet(settings.jwksUrl), {
    issuer: settings.issuer,
    audience: settings.audience,
    algorithms: ['RS256'],
    requiredClaims: ['exp', 'sub'],
  });
  const identity = identityOf(payload);
  const ttl = Math.min(payload.exp! * 1000 - Date.now(), VERIFIED_TTL_MS);
  if (ttl > 0) verified.set(key, identity, { ttl });
  return identity;
}

/**
 * Tokens already verified, by SHA-256 of the token and the settings it was
 * verified with, until the token expires and for at most a minute: an RS256
 * signature check is the largest fixed CPU cost of a request, and a client
 * sends the same token with every request. A change of the council's issuer,
 * keys URL or audience changes the key, so it verifies afresh; a key the
 * provider withdraws is trusted no longer than this (jose caches the key set
 * itself for ten minutes).
 */
const VERIFIED_TTL_MS = 60_000;
const verified = new LRUCache<string, OidcIdentity>({ max: 10_000 });

function verifiedKey(token: string, s: OidcSettings): string {
  return createHash('sha256')
    .update(`${s.issuer}\n${s.jwksUrl}\n${s.audience}\n${token}`)
    .digest('base64');
}

function identityOf(payload: JWTPayload): OidcIdentity {
  const oid = typeof payload.oid === 'string' && payload.oid ? payload.oid : undefined;
  const subject = oid ?? payload.sub;
  if (!subject) throw new Error('token names no subject');
  const email =
    typeof payload.email === 'string' && payload.email.includes('@') ? payload.email : '';
  const verified = claimTrue(payload.xms_edov) || claimTrue(payload.email_verified);
  return { subject, verifiedEmail: verified && email ? email.toLowerCase() : undefined };
}

/** Entra ID v1 tokens name `https://sts.windows.net/<tid>/`; Conduct expects v2 (`…/v2.0`). */
export function isEntraV1Issuer(issuer: string): boolean {
  return /^https:\/\/sts\.windows\.net\//i.test(issuer);
}
