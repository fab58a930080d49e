import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

describe('health', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const query = '{ health { database redis version } }';

  it('reports ok after real round trips to Postgres and Redis', async () => {
    const res = await api.gql(query);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ health: { database: 'ok', redis: 'ok', version: '0.1.0' } });
  });

  it('says only "unavailable" to an anonymous caller when Redis is down (no host, port or driver text)', async () => {
    api.redis.server.kill();
    await new Promise((r) => setTimeout(r, 100));
    const res = await api.gql<{ health: { database: string; redis: string } }>(query);
    expect(res.data?.health.database).toBe('ok');
    expect(res.data?.health.redis).toBe('unavailable');
  });
});
