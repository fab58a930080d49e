import { SignJWT, jwtVerify } from 'jose';

/** The built-in issuer for local use; refused outright when NODE_ENV=production. */
export const DEV_ISSUER = 'urn:conduct:dev-issuer';
export const DEV_AUDIENCE = 'urn:conduct:api';

export interface DevClaims {
  tenant: string;
  email: string;
}

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

export async function verifyDevToken(secret: string, token: string): Promise<DevClaims> {
  const { payload } = await jwtVerify(token, key(secret), {
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    algorithms: ['HS256'],
  });
  if (typeof payload.tenant !== 'string' || typeof payload.email !== 'string') {
    throw new Error('token lacks tenant or email');
  }
  return { tenant: payload.tenant, email: payload.email };
}
