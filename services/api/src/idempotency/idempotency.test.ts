import request from 'supertest';
import { IDEMPOTENCY_WINDOW_HOURS } from '@conduct/db';
import { createLogger } from '@conduct/config';
import { PolicyVersions, openQueues, sweep } from '@conduct/worker';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

/**
 * RELIABILITY target 15, the header (issue 14 finding 5): the same
 * Idempotency-Key from the same principal gets the same response and causes no
 * second effect, also for 20 concurrent identical requests; the record lives
 * behind RLS in the council's rows.
 */
describe('Idempotency-Key', () => {
  let api: TestApi;
  let officer: string;
  let manager: string;

  beforeAll(async () => {
    api = await startTestApi();
    officer = await api.token('maidstone', 'officer@maidstone.example');
    manager = await api.token('maidstone', 'manager@maidstone.example');
  });
  afterAll(() => api.close());

  const create = (name: string) =>
    `mutation { createCustomer(input: { fullName: "${name}" }) { id fullName } }`;
  const post = (query: string, token: string, key?: string) => {
    const req = request(api.server.httpServer)
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${token}`);
    if (key) req.set('idempotency-key', key);
    return req.send({ query });
  };
  const named = async (name: string) =>
    Number(
      (await api.owner.query('select count(*) from customer where full_name = $1', [name]))[0]
        .count,
    );

  it('20 concurrent identical requests: one effect, one response', async () => {
    const res = await Promise.all(
      Array.from({ length: 20 }, () => post(create('Idem Twenty'), officer, 'key-twenty')),
    );
    expect(res.map((r) => r.status)).toEqual(Array(20).fill(200));
    const ids = new Set(res.map((r) => r.body.data?.createCustomer?.id));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toBeDefined();
    expect(res.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    expect(await named('Idem Twenty')).toBe(1);
  });

  it('a later retry gets the stored response; without the key it runs again', async () => {
    const first = await post(create('Idem Retry'), officer, 'key-retry');
    const again = await post(create('Idem Retry'), officer, 'key-retry');
    expect(again.body).toEqual(first.body);
    expect(await named('Idem Retry')).toBe(1);
    await post(create('Idem Retry'), officer);
    expect(await named('Idem Retry')).toBe(2);
  });

  it('the key is per principal, and refuses a different request', async () => {
    await post(create('Idem Principal'), officer, 'key-shared');
    await post(create('Idem Principal'), manager, 'key-shared');
    expect(await named('Idem Principal')).toBe(2);
    const other = await post(create('Idem Other'), officer, 'key-shared');
    expect(other.body.errors[0].extensions.code).toBe('CONFLICT');
    expect(await named('Idem Other')).toBe(0);
  });

  it('a failed mutation stores nothing: the retry runs', async () => {
    const bad = `mutation { createCustomer(input: { fullName: "" }) { id } }`;
    const first = await post(bad, officer, 'key-failed');
    expect(first.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const stored = await api.owner.query(
      `select count(*) from idempotency_record where key = 'key-failed'`,
    );
    expect(Number(stored[0].count)).toBe(0);
  });

  it('the records are behind row-level security', async () => {
    const [row] = await api.owner.query(
      `select relrowsecurity, relforcerowsecurity from pg_class where relname = 'idempotency_record'`,
    );
    expect(row).toEqual({ relrowsecurity: true, relforcerowsecurity: true });
  });

  it('a key expires after its window: a replay then runs afresh, and the sweep deletes expired records', async () => {
    const records = async () =>
      Number((await api.owner.query('select count(*) from idempotency_record'))[0].count);
    const first = await post(create('Idem Expiry'), officer, 'key-expiry');
    expect(first.body.data?.createCustomer?.id).toBeDefined();
    // Within the window: replayed.
    api.clock.set(new Date(api.clock.now().getTime() + (IDEMPOTENCY_WINDOW_HOURS - 1) * 3_600_000));
    const within = await post(create('Idem Expiry'), officer, 'key-expiry');
    expect(within.headers['idempotent-replayed']).toBe('true');
    expect(await named('Idem Expiry')).toBe(1);
    // After it: a new request, with its own effect and its own record.
    api.clock.set(new Date(api.clock.now().getTime() + 2 * 3_600_000));
    const after = await post(create('Idem Expiry'), officer, 'key-expiry');
    expect(after.headers['idempotent-replayed']).toBeUndefined();
    expect(after.body.data.createCustomer.id).not.toBe(first.body.data.createCustomer.id);
    expect(await named('Idem Expiry')).toBe(2);

    // The worker's sweep deletes every record past the window, and nothing newer; again, nothing.
    const before = await records();
    api.clock.set(
      new Date(api.clock.now().getTime() + IDEMPOTENCY_WINDOW_HOURS * 3_600_000 - 60_000),
    );
    const queues = await openQueues(api.redis.url);
    try {
      const run = () =>
        sweep({
          ds: api.ds,
          clock: api.clock,
          policies: new PolicyVersions(),
          queues,
          logger: createLogger('t', 'silent'),
          mailEnabled: false,
        });
      const swept = await run();
      expect(swept.idempotencyExpired).toBe(before - 1);
      expect(await records()).toBe(1);
      expect((await run()).idempotencyExpired).toBe(0);
    } finally {
      await queues.close();
    }
  });
});
