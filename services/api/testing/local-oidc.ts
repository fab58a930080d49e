import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';

/** A local OpenID Connect provider for tests: its JWKS over HTTP, RS256 tokens with Entra-style claims. */
export interface LocalOidc {
  issuer: string;
  jwksUrl: string;
  audience: string;
  /** A signed access token for `oid` with any further claims. */
  token(oid: string, claims?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export async function startLocalOidc(issuer: string, audience: string): Promise<LocalOidc> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const key: KeyLike = privateKey;
  return {
    issuer,
    audience,
    jwksUrl: `http://127.0.0.1:${port}/keys`,
    token(oid, claims = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ oid, ver: '2.0', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(`pairwise-${oid}`)
        .setIssuedAt(now - 60)
        .setExpirationTime(now + 600)
        .sign(key);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
