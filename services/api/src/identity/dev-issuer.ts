import { SignJWT, jwtVerify } from 'jose';

/** The built-in issuer for local use; refused outright when NODE_ENV=production. */
export const DEV_ISSUER = 'urn:conduct:dev-issuer';
export const DEV_AUDIENCE = 'urn:conduct:api';

export interface DevClaims {
  tenant: string;
  email: string;
}

/** What a verified development token names: a council's staff member, or a platform operator. */
export type DevIdentity = ({ kind: 'staff' } & DevClaims) | { kind: 'operator'; email: string };

const key = (secret: string) => new TextEncoder().encode(secret);

export function signDevToken(secret: string, claims: DevClaims, ttl = '8h'): Promise<string> {
  return new SignJWT({ tenant: claims.tenant, email: claims.email })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setSubject(claims.email)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(key(secret));
}

/** A development token for a platform operator: an `operator` claim and no tenant. */
export function signDevOperatorToken(secret: string, email: string, ttl = '8h'): Promise<string> {
  return new SignJWT({ operator: true, email })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setSubject(email)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(key(secret));
}

export async function verifyDevToken(secret: string, token: string): Promise<DevIdentity> {
  const { payload } = await jwtVerify(token, key(secret), {
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    algorithms: ['HS256'],
  });
  if (typeof payload.email !== 'string') throw new Error('token lacks an email');
  if (payload.operator === true) {
    if (payload.tenant !== undefined) throw new Error('an operator token names no tenant');
    return { kind: 'operator', email: payload.email };
  }
  if (typeof payload.tenant !== 'string') throw new Error('token lacks a tenant');
  return { kind: 'staff', tenant: payload.tenant, email: payload.email };
}
