import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type KeyLike } from 'jose';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

/**
 * Sign-in with a council's own OIDC provider (Entra-style claims), against a
 * real JWKS served over HTTP by this test. Every bad token answers exactly
 * UNAUTHENTICATED (RELIABILITY target 6).
 */
describe('OIDC sign-in per tenant', () => {
  let api: TestApi;
  let jwks: Server;
  let key: KeyLike;
  let otherKey: KeyLike;
  let publicPem: string;
  const tid = '11111111-2222-3333-4444-555555555555';
  const issuer = `https://login.microsoftonline.com/${tid}/v2.0`;
  const audience = 'api://conduct-maidstone';
  const me = '{ me { user { email } tenantSlug } }';

  beforeAll(async () => {
    api = await startTestApi();
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    publicPem = await exportSPKI(pair.publicKey);
    otherKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/discovery/v2.0/keys`;
    await api.owner.query(
      `update tenant set oidc_issuer = $1, oidc_jwks_url = $2, oidc_audience = $3 where slug = 'maidstone'`,
      [issuer, jwksUrl, audience],
    );
    await api.owner.query(
      `update app_user set issuer = $1, subject = 'oid-officer' where email = 'officer@maidstone.example'`,
      [issuer],
    );
    await api.owner.query(
      `update app_user set issuer = $1, subject = 'oid-southampton' where email = 'officer@southampton.example'`,
      [issuer],
    );
  });
  afterAll(async () => {
    await api.close();
    await new Promise((resolve) => jwks.close(resolve));
  });

  const claims = (oid: string, extra: Record<string, unknown> = {}) => ({
    oid,
    tid,
    ver: '2.0',
    ...extra,
  });

  function token(
    payload: Record<string, unknown>,
    opts: { iss?: string; aud?: string; kid?: string; signer?: KeyLike; exp?: number } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? 'k1', typ: 'JWT' })
      .setIssuer(opts.iss ?? issuer)
      .setAudience(opts.aud ?? audience)
      .setSubject(`pairwise-${String(payload.oid)}`)
      .setIssuedAt(now - 60)
      .setExpirationTime(opts.exp ?? now + 600)
      .sign(opts.signer ?? key);
  }

  async function refused(t: string, why: string) {
    const res = await api.gql(me, {}, t);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0]?.message).toContain(why);
  }

  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

  it('accepts a valid token and matches the user by subject (oid)', async () => {
    const res = await api.gql(me, {}, await token(claims('oid-officer')));
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      me: { user: { email: 'officer@maidstone.example' }, tenantSlug: 'maidstone' },
    });
  });

  it('matches an invited user once by a verified email, then binds and requires their subject', async () => {
    const first = await token(
      claims('oid-manager', { email: 'Manager@maidstone.example', xms_edov: true }),
    );
    expect((await api.gql(me, {}, first)).errors).toBeUndefined();
    const [row] = await api.owner.query(
      `select subject from app_user where email = 'manager@maidstone.example'`,
    );
    expect(row.subject).toBe('oid-manager');
    await refused(
      await token(claims('oid-impostor', { email: 'manager@maidstone.example', xms_edov: true })),
      'no such user',
    );
  });

  it('refuses a wrong issuer', async () => {
    await refused(
      await token(claims('oid-officer'), { iss: 'https://login.microsoftonline.com/other/v2.0' }),
      'unknown token issuer',
    );
  });

  it('refuses a wrong audience', async () => {
    await refused(
      await token(claims('oid-officer'), { aud: 'api://someone-else' }),
      'invalid or expired token',
    );
  });

  it('refuses an expired token', async () => {
    await refused(
      await token(claims('oid-officer'), { exp: Math.floor(Date.now() / 1000) - 120 }),
      'invalid or expired token',
    );
  });

  it('refuses a token signed with the wrong key', async () => {
    await refused(
      await token(claims('oid-officer'), { signer: otherKey }),
      'invalid or expired token',
    );
  });

  it('refuses an unknown kid', async () => {
    await refused(
      await token(claims('oid-officer'), { kid: 'not-published' }),
      'invalid or expired token',
    );
  });

  it('refuses alg none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      ...claims('oid-officer'),
      iss: issuer,
      aud: audience,
      sub: 'x',
      iat: now,
      exp: now + 600,
    };
    await refused(
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`,
      'invalid or expired token',
    );
  });

  it('refuses HS256 signed with the public key', async () => {
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT(claims('oid-officer'))
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('x')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode(publicPem));
    await refused(forged, 'invalid or expired token');
  });

  it('refuses an unknown user', async () => {
    await refused(
      await token(claims('oid-nobody', { email: 'nobody@maidstone.example' })),
      'no such user',
    );
  });

  it('refuses a deactivated user at once', async () => {
    await api.owner.query(
      `update app_user set issuer = $1, subject = 'oid-hos' where email = 'head-of-service@maidstone.example'`,
      [issuer],
    );
    const t = await token(claims('oid-hos'));
    expect((await api.gql(me, {}, t)).errors).toBeUndefined();
    await api.owner.query(
      `update app_user set active = false where email = 'head-of-service@maidstone.example'`,
    );
    await refused(t, 'deactivated');
  });

  it('refuses a user of another tenant presented through this tenant’s issuer', async () => {
    await refused(
      await token(
        claims('oid-southampton', { email: 'officer@southampton.example', email_verified: true }),
      ),
      'no such user',
    );
  });

  it('refuses every token of a suspended tenant', async () => {
    const t = await token(claims('oid-officer'));
    await api.owner.query(`update tenant set status = 'suspended' where slug = 'maidstone'`);
    try {
      await refused(t, 'suspended');
    } finally {
      await api.owner.query(`update tenant set status = 'active' where slug = 'maidstone'`);
    }
  });
});
