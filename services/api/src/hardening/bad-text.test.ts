import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

/**
 * Issue 14 finding 6: lone surrogates, control characters and bidirectional
 * overrides are refused with BAD_USER_INPUT naming the field, before any write.
 */
describe('bad text in inputs', () => {
  let api: TestApi;
  let officer: string;
  beforeAll(async () => {
    api = await startTestApi();
    officer = await api.token('maidstone', 'officer@maidstone.example');
  });
  afterAll(() => api.close());

  const create = (fullName: string) =>
    api.gql(
      `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }`,
      { i: { fullName } },
      officer,
    );

  it.each([
    ['a lone high surrogate', 'Ann \uD800 Lee', 'surrogate'],
    ['a lone low surrogate', 'Ann \uDC00 Lee', 'surrogate'],
    ['a control character', 'Ann \u0007 Lee', 'control'],
    ['a right-to-left override', 'Ann \u202E eeL', 'bidirectional'],
    ['an isolate', 'Ann \u2066Lee\u2069', 'bidirectional'],
  ])('refuses %s in a name', async (_what, name, why) => {
    const before = Number((await api.owner.query('select count(*) from customer'))[0].count);
    const res = await create(name);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.field).toBe('input.fullName');
    expect(res.errors?.[0]?.message).toContain(why);
    expect(Number((await api.owner.query('select count(*) from customer'))[0].count)).toBe(before);
  });

  it('refuses a lone surrogate in a search instead of failing', async () => {
    const res = await api.gql(
      `query($s: String) { customers(search: $s) { edges { node { id } } } }`,
      { s: '\uD83D' },
      officer,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('accepts ordinary text with accents, emoji, tabs and new lines', async () => {
    expect((await create('Zoë Ångström 😀')).errors).toBeUndefined();
  });
});
