import type { EntityManager } from 'typeorm';
import { AppUser, Tenant } from '@conduct/db';
import { DEV_ISSUER, verifyDevToken } from './dev-issuer';
import { decodeJwt } from 'jose';

export interface Principal {
  tenant: Tenant;
  user: AppUser;
}

export interface AuthSettings {
  production: boolean;
  devIssuerSecret: string;
}

export class AuthenticationError extends Error {}

/**
 * Verifies a bearer token and finds the tenant it names. The tenant comes only
 * from the verified token, never from a header or an argument. The user is
 * looked up later, inside the tenant's transaction (row-level security).
 */
export async function verifyBearer(
  platform: EntityManager,
  header: string | undefined,
  settings: AuthSettings,
): Promise<{ tenant: Tenant; email: string } | undefined> {
  if (!header) return undefined;
  const match = /^Bearer ([\w-]+\.[\w-]+\.[\w-]*)$/.exec(header);
  if (!match) throw new AuthenticationError('malformed Authorization header');
  const token = match[1]!;
  let issuer: string | undefined;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    throw new AuthenticationError('malformed token');
  }
  if (issuer !== DEV_ISSUER) throw new AuthenticationError('unknown token issuer');
  if (settings.production)
    throw new AuthenticationError('the development issuer is refused in production');
  let claims;
  try {
    claims = await verifyDevToken(settings.devIssuerSecret, token);
  } catch {
    throw new AuthenticationError('invalid or expired token');
  }
  const tenant = await platform.findOne(Tenant, { where: { slug: claims.tenant } });
  if (!tenant || tenant.status !== 'active')
    throw new AuthenticationError('unknown or suspended tenant');
  return { tenant, email: claims.email };
}
