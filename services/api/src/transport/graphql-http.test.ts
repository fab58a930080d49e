import request from 'supertest';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

const ORIGIN = 'https://intranet.maidstone.example';

/**
 * POST /graphql has two ways in: the lean path (plain `application/json`) and
 * Express (any other JSON content type, e.g. without the space before the
 * charset). Each answer must be the same either way: status, code, headers a
 * client or a browser reads. Express marks its answers `x-powered-by`, which
 * tells the test which path answered.
 */
describe('the GraphQL route without Express', () => {
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    api = await startTestApi({ web: { corsOrigins: [ORIGIN] } });
    token = await api.token('maidstone', 'officer@maidstone.example');
  });
  afterAll(() => api.close());

  const LEAN = 'application/json';
  const EXPRESS = 'application/json;charset=utf-8';

  function post(type: string, body: string, headers: Record<string, string> = {}) {
    const req = request(api.server.httpServer)
      .post('/graphql')
      .set('content-type', type)
      .set(headers);
    return req.send(body);
  }

  /** The same request both ways: the lean path answered one, Express the other, alike. */
  async function bothWays(body: string, headers: Record<string, string> = {}) {
    const lean = await post(LEAN, body, headers);
    const viaExpress = await post(EXPRESS, body, headers);
    expect(lean.headers['x-powered-by']).toBeUndefined();
    expect(viaExpress.headers['x-powered-by']).toBe('Express');
    expect(lean.status).toBe(viaExpress.status);
    for (const h of [
      'content-type',
      'vary',
      'access-control-allow-origin',
      'access-control-expose-headers',
    ])
      expect([h, lean.headers[h]]).toEqual([h, viaExpress.headers[h]]);
    expect(lean.headers['x-correlation-id']).toEqual(expect.any(String));
    expect(Number(lean.headers['content-length'])).toBe(Buffer.byteLength(lean.text));
    const codes = (r: request.Response) =>
      (r.body.errors ?? []).map((e: { extensions: { code: string } }) => e.extensions.code);
    expect(codes(lean)).toEqual(codes(viaExpress));
    return { lean, viaExpress };
  }

  it('answers an operation alike, CORS headers included', async () => {
    const { lean, viaExpress } = await bothWays(
      JSON.stringify({ query: '{ me { tenantSlug } }' }),
      {
        authorization: `Bearer ${token}`,
        origin: ORIGIN,
      },
    );
    expect(lean.status).toBe(200);
    expect(lean.body).toEqual({ data: { me: { tenantSlug: 'maidstone' } } });
    expect(viaExpress.body).toEqual(lean.body);
    expect(lean.headers['access-control-allow-origin']).toBe(ORIGIN);
  });

  it('refuses an anonymous caller alike', async () => {
    const { lean } = await bothWays(JSON.stringify({ query: '{ me { tenantSlug } }' }));
    expect(lean.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses bodies alike: malformed, not an object, over the limit, too many tokens', async () => {
    expect((await bothWays('{"query": "{ __typename }"')).lean.status).toBe(400);
    expect((await bothWays('"{ __typename }"')).lean.status).toBe(400);
    const big = await bothWays(
      JSON.stringify({ query: '{ __typename }', pad: 'x'.repeat(300_000) }),
    );
    expect(big.lean.status).toBe(413);
    expect(big.lean.body.errors[0].extensions).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      limitBytes: big.viaExpress.body.errors[0].extensions.limitBytes,
    });
    const tokens = await bothWays(JSON.stringify({ query: `{ ${'__typename '.repeat(1500)} }` }));
    expect(tokens.lean.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});
