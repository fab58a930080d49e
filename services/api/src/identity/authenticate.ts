import { decodeJwt } from 'jose';
import type { Tenant } from '@conduct/db';
import type { TenantDirectory } from './tenant-directory';
import { DEV_ISSUER, verifyDevToken } from './dev-issuer';
import type { AuthSettings } from '../request/auth-settings';
import { verifyOidcToken } from './oidc';

export class AuthenticationError extends Error {}

/** Who a verified token names; the user or operator row is looked up afterwards. */
export interface VerifiedIdentity {
  /** The issuer that vouched for the subject; a binding holds only under this issuer. */
  issuer?: string;
  /** The provider's stable subject; absent for development tokens, which name an email. */
  subject?: string;
  /** An email the provider vouches for (see `OidcIdentity.verifiedEmail`). */
  verifiedEmail?: string;
  /** Development tokens only: the email they name (no provider, never in production). */
  devEmail?: string;
}

export type VerifiedBearer =
  | { kind: 'staff'; tenant: Tenant; identity: VerifiedIdentity }
  | { kind: 'operator'; identity: VerifiedIdentity };

/** The credential in an Authorization header: a bearer JWT or an API key. */
export type Credential =
  { kind: 'bearer'; token: string } | { kind: 'api-key'; keyId: string; secret: string };

export const API_KEY_PATTERN = /^ck_([0-9a-f]{24})\.([\w-]{43})$/;

/**
 * `Authorization: Bearer <jwt>` for people, `Authorization: ApiKey ck_<id>.<secret>`
 * for service accounts. Anything else is refused, not ignored.
 */
export function parseAuthorization(header: string | undefined): Credential | undefined {
  if (!header) return undefined;
  const bearer = /^Bearer ([\w-]+\.[\w-]+\.[\w-]*)$/.exec(header);
  if (bearer) return { kind: 'bearer', token: bearer[1]! };
  const apiKey = /^ApiKey (\S+)$/.exec(header);
  if (apiKey) {
    const parts = API_KEY_PATTERN.exec(apiKey[1]!);
    if (!parts) throw new AuthenticationError('malformed API key');
    return { kind: 'api-key', keyId: parts[1]!, secret: parts[2]! };
  }
  throw new AuthenticationError('malformed Authorization header');
}

/**
 * Verifies a bearer token and finds the tenant it names. The tenant comes only
 * from the verified token, never from a header or an argument: the (unverified)
 * issuer picks the candidate tenant, whose pinned issuer, audience and keys
 * must then verify the token. The user is looked up later, inside the tenant's
 * transaction (row-level security).
 */
export async function verifyBearer(
  tenants: TenantDirectory,
  token: string,
  settings: AuthSettings,
  /** Called with the council the token claims, before its signature is checked: refusing a spent council here saves the verification. */
  beforeVerifying?: (tenantId: string) => Promise<void>,
): Promise<VerifiedBearer> {
  let issuer: string | undefined;
  let audience: string[];
  try {
    const claims = decodeJwt(token);
    issuer = claims.iss;
    audience = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []);
  } catch {
    throw new AuthenticationError('malformed token');
  }
  if (!issuer) throw new AuthenticationError('token names no issuer');

  if (issuer === DEV_ISSUER) return verifyDevBearer(tenants, token, settings);

  if (settings.platformOidc && issuer === settings.platformOidc.issuer) {
    const identity = await verifying(() => verifyOidcToken(token, settings.platformOidc!));
    return { kind: 'operator', identity: { issuer, ...identity } };
  }

  const candidates = await tenants.byIssuer(issuer);
  const tenant =
    candidates.find((t) => t.oidcAudience !== null && audience.includes(t.oidcAudience)) ??
    candidates[0];
  if (!tenant || !tenant.oidcJwksUrl || !tenant.oidcAudience)
    throw new AuthenticationError('unknown token issuer');
  await beforeVerifying?.(tenant.id);
  const settingsOfTenant = { issuer, jwksUrl: tenant.oidcJwksUrl, audience: tenant.oidcAudience };
  const identity = { issuer, ...(await verifying(() => verifyOidcToken(token, settingsOfTenant))) };
  if (tenant.status !== 'active') throw new AuthenticationError('this council is suspended');
  return { kind: 'staff', tenant, identity };
}

async function verifyDevBearer(
  tenants: TenantDirectory,
  token: string,
  settings: AuthSettings,
): Promise<VerifiedBearer> {
  if (settings.production)
    throw new AuthenticationError('the development issuer is refused in production');
  const claims = await verifying(() => verifyDevToken(settings.devIssuerSecret, token));
  if (claims.kind === 'operator')
    return { kind: 'operator', identity: { devEmail: claims.email.toLowerCase() } };
  const tenant = await tenants.bySlug(claims.tenant);
  if (!tenant || tenant.status !== 'active')
    throw new AuthenticationError('unknown or suspended tenant');
  return { kind: 'staff', tenant, identity: { devEmail: claims.email.toLowerCase() } };
}

async function verifying<T>(verify: () => Promise<T>): Promise<T> {
  try {
    return await verify();
  } catch {
    throw new AuthenticationError('invalid or expired token');
  }
}
