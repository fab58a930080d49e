import request from 'supertest';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

/**
 * Issue 14 finding 6: bodies over the limit and malformed JSON answer JSON with
 * a code and a correlation id (no HTML, no stack, no path); too many tokens or
 * aliases answer 400, and `__typename` aliases count.
 */
describe('HTTP-level errors', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const raw = (body: string) =>
    request(api.server.httpServer)
      .post('/graphql')
      .set('content-type', 'application/json')
      .send(body);

  function expectJsonError(res: request.Response, status: number) {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.text).not.toMatch(/<html|<pre|node_modules|\/work\/|at /i);
    expect(res.body.errors[0].extensions.code).toEqual(expect.any(String));
    expect(res.body.errors[0].extensions.correlationId).toEqual(expect.any(String));
  }

  it('413 for a body over the limit', async () => {
    expectJsonError(
      await raw(JSON.stringify({ query: `{ __typename }`, pad: 'x'.repeat(300_000) })),
      413,
    );
  });

  it('400 for malformed JSON', async () => {
    expectJsonError(await raw('{"query": "{ __typename }"'), 400);
  });

  it('400 for too many tokens', async () => {
    const res = await raw(JSON.stringify({ query: `{ ${'__typename '.repeat(1500)} }` }));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
  });

  it('400 for too many __typename aliases', async () => {
    const q = `{ ${Array.from({ length: 16 }, (_, i) => `t${i}: __typename`).join(' ')} }`;
    const res = await raw(JSON.stringify({ query: q }));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
