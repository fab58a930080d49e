import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Browser } from 'playwright-core';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import { checkPage, launchChromium } from './browser';

/**
 * The console's production sign-in (Authorization Code with PKCE through
 * oidc-client-ts) against a real OpenID Connect provider started here
 * (node-oidc-provider, configured as Maidstone's issuer), in a real Chromium
 * against the API in production mode: the API accepts the provider's token.
 */
jest.setTimeout(120_000);

const AUDIENCE = 'api://conduct-maidstone';
const CLIENT_ID = 'conduct-console-maidstone';
const SUBJECT = 'oid-officer-maidstone';

describe('the console signs in with a council’s own OIDC provider', () => {
  let api: TestApi;
  let browser: Browser;
  let provider: ChildProcess;
  let base: string;
  let issuer: string;
  const tls = mkdtempSync(join(tmpdir(), 'conduct-oidc-'));
  const clients: Record<string, { authority: string; clientId: string; scope: string }> = {};

  beforeAll(async () => {
    [api, browser] = await Promise.all([
      startTestApi({
        now: new Date(),
        production: true,
        // Filled in once the provider runs (it needs the console's redirect address first).
        web: { consoleOidcClients: clients },
      }),
      launchChromium(),
    ]);
    const address = api.server.httpServer.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    // A throw-away certificate: the provider's issuer is https, as the operator's settings require.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(tls, 'key.pem'),
        '-out',
        join(tls, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    provider = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
      env: {
        ...process.env,
        TLS_KEY: join(tls, 'key.pem'),
        TLS_CERT: join(tls, 'cert.pem'),
        REDIRECT_URI: `${base}/console/callback`,
        CLIENT_ID,
        AUDIENCE,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const started = (await new Promise<string>((resolve, reject) => {
      createInterface({ input: provider.stdout! }).once('line', resolve);
      provider.once('exit', (code) => reject(new Error(`provider exited ${code}`)));
    })) as string;
    const { issuer: iss, jwksUrl } = JSON.parse(started) as { issuer: string; jwksUrl: string };
    issuer = iss;
    // What the operator configures: the console's client, and the council's provider for the API.
    clients.maidstone = { authority: issuer, clientId: CLIENT_ID, scope: 'openid access' };
    await api.owner.query(
      `update tenant set oidc_issuer = $1, oidc_jwks_url = $2, oidc_audience = $3 where slug = 'maidstone'`,
      [issuer, jwksUrl, AUDIENCE],
    );
    await api.owner.query(
      `update app_user set issuer = $1, subject = $2 where email = 'officer@maidstone.example'`,
      [issuer, SUBJECT],
    );
  });
  afterAll(async () => {
    provider?.kill('SIGTERM');
    await browser?.close();
    await api?.close();
    rmSync(tls, { recursive: true, force: true });
  });

  it('Maidstone: Authorization Code with PKCE, then the API answers as the officer', async () => {
    // The provider's certificate is the test's own; the console's origin is the API's.
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1920, height: 1080 },
    });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    const tokenRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(issuer) && r.method() === 'POST' && r.url().includes('/token'))
        tokenRequests.push(r.postData() ?? '');
    });
    await page.goto(`${base}/console/sign-in`);
    await page.getByLabel('Your council').selectOption('maidstone');
    await checkPage(page, 'sign-in-oidc');
    await page.getByRole('button', { name: 'Continue to your council’s sign-in' }).click();
    // The provider's own pages: sign in, then consent.
    await page.waitForURL((u) => u.href.startsWith(issuer));
    expect(new URL(page.url()).origin).toBe(issuer);
    await page.locator('input[name=login]').fill(SUBJECT);
    await page.locator('input[name=password]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    // Back at the console: the code exchanged with its PKCE verifier, and the API accepts the token.
    await page.getByRole('heading', { name: 'Who is contacting us?' }).waitFor();
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]).toMatch(/code_verifier=/);
    await page.getByRole('link', { name: 'Sign out Member of staff (demo)' }).waitFor();
    const token = (await page.evaluate('sessionStorage.getItem("conduct.token")')) as string;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      iss: string;
      aud: string;
      sub: string;
    };
    expect(claims).toMatchObject({ iss: issuer, aud: AUDIENCE, sub: SUBJECT });
    const me = await api.gql<{ me: { tenantSlug: string; user: { email: string } } }>(
      '{ me { tenantSlug user { email } } }',
      {},
      token,
    );
    expect(me.data?.me).toEqual({
      tenantSlug: 'maidstone',
      user: { email: 'officer@maidstone.example' },
    });
    await context.close();
  });
});
