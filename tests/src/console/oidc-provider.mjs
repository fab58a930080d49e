// A council's own OpenID Connect provider for the console's production
// sign-in test: node-oidc-provider (OpenID certified), run as its own process
// (it is an ES module) over HTTPS with a throw-away certificate. Development
// interactions (any login, then consent) stand in for the council's sign-in
// page. Access tokens for the API's audience are JWTs signed with RS256; the
// public key set is also served over plain HTTP for the API to fetch.
//
// Env: TLS_KEY, TLS_CERT (PEM files), REDIRECT_URI, CLIENT_ID, AUDIENCE.
// Prints one JSON line: {"issuer": "...", "jwksUrl": "..."}.
import { readFileSync } from 'node:fs';
import { createServer as createHttps } from 'node:https';
import { createServer as createHttp } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import process from 'node:process';
import Provider from 'oidc-provider';

const { TLS_KEY, TLS_CERT, REDIRECT_URI, CLIENT_ID, AUDIENCE } = process.env;

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const kid = 'council-key-1';
const signing = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
const published = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };

const https = createHttps({ key: readFileSync(TLS_KEY), cert: readFileSync(TLS_CERT) });
await new Promise((resolve) => https.listen(0, '127.0.0.1', resolve));
const issuer = `https://127.0.0.1:${https.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: CLIENT_ID,
      token_endpoint_auth_method: 'none',
      redirect_uris: [REDIRECT_URI],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    },
  ],
  jwks: { keys: [signing] },
  scopes: ['openid', 'access'],
  claims: { openid: ['sub'] },
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => AUDIENCE,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'access',
        audience: AUDIENCE,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  pkce: { required: () => true },
  // The login typed at the development interaction is the subject (Entra's `oid` would be).
  findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
});
https.on('request', provider.callback());

const jwks = createHttp((_req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ keys: [published] }));
});
await new Promise((resolve) => jwks.listen(0, '127.0.0.1', resolve));

process.stdout.write(
  `${JSON.stringify({ issuer, jwksUrl: `http://127.0.0.1:${jwks.address().port}/jwks` })}\n`,
);
process.on('SIGTERM', () => process.exit(0));
