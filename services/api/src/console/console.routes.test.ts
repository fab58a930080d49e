import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

/** A stand-in bundle, so this test does not depend on the console having been built. */
function bundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'console-dist-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dir, 'graphiql.html'), '<!doctype html><title>GraphiQL</title>');
  return dir;
}

describe('the browser side of the API', () => {
  describe('in development', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi({
        tenants: false,
        web: { corsOrigins: ['https://intranet.maidstone.example'], consoleDist: bundle() },
      });
    });
    afterAll(() => api.close());
    const http = () => request(api.server.app);

    it('serves the console with a fallback for its pages, and GraphiQL to browsers at /graphql', async () => {
      const page = await http().get('/console/cases/123').expect(200);
      expect(page.text).toContain('<title>console</title>');
      expect(page.headers['cache-control']).toBe('no-cache');
      const ide = await http().get('/graphql').set('accept', 'text/html').expect(200);
      expect(ide.text).toContain('GraphiQL');
      // A GraphQL GET without an HTML accept header still reaches Apollo.
      const json = await http()
        .get('/graphql?query={health{version}}')
        .set('apollo-require-preflight', '1');
      expect(json.headers['content-type']).toMatch(/json/);
    });

    it('mints a demo user’s development token, and only for a listed demo user', async () => {
      const users = await http().get('/console/dev/users').expect(200);
      const maidstone = (
        users.body.councils as { slug: string; users: { email: string }[] }[]
      ).find((c) => c.slug === 'maidstone')!;
      expect(maidstone.users.map((u) => u.email)).toContain('officer@maidstone.example');
      const minted = await http()
        .post('/console/dev/token')
        .send({ tenant: 'maidstone', email: 'officer@maidstone.example' })
        .expect(200);
      expect(minted.body.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const refused = await http()
        .post('/console/dev/token')
        .send({ tenant: 'maidstone', email: 'someone@elsewhere.example' })
        .expect(400);
      expect(refused.body).toMatchObject({ code: 'UNKNOWN_DEMO_USER', field: 'email' });
    });

    it('answers CORS preflights for listed origins only, with CSRF prevention kept', async () => {
      const allowed = await http()
        .options('/graphql')
        .set('origin', 'https://intranet.maidstone.example')
        .set('access-control-request-method', 'POST')
        .set('access-control-request-headers', 'content-type,authorization');
      expect(allowed.status).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe(
        'https://intranet.maidstone.example',
      );
      const other = await http()
        .options('/graphql')
        .set('origin', 'https://evil.example')
        .set('access-control-request-method', 'POST');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      // A simple (non-preflighted) cross-site request is still refused by Apollo's CSRF prevention.
      const simple = await http()
        .get('/graphql?query={health{version}}')
        .set('origin', 'https://intranet.maidstone.example');
      expect(simple.status).toBe(400);
    });
  });

  describe('in production', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi({
        production: true,
        tenants: false,
        web: { consoleDist: bundle() },
      });
    });
    afterAll(() => api.close());

    it('refuses development sign-in and serves no GraphiQL', async () => {
      const refused = await request(api.server.app)
        .post('/console/dev/token')
        .send({ tenant: 'maidstone', email: 'officer@maidstone.example' })
        .expect(403);
      expect(refused.body.code).toBe('DEV_SIGN_IN_DISABLED');
      await request(api.server.app).get('/console/dev/users').expect(403);
      const ide = await request(api.server.app).get('/graphql').set('accept', 'text/html');
      expect(ide.text).not.toContain('GraphiQL');
      const settings = await request(api.server.app)
        .get('/console/sign-in-settings.json')
        .expect(200);
      expect(settings.body).toEqual({ mode: 'oidc', councils: [] });
    });
  });
});
