import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

/**
 * Issue 14 finding 6: unique-constraint races answer the coded duplicate
 * error (never INTERNAL_SERVER_ERROR), and audit writes of concurrent field
 * resolvers in one request get distinct sequence numbers.
 */
describe('races', () => {
  let api: TestApi;
  let admin: string;
  let officer: string;

  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.token('maidstone', 'admin@maidstone.example');
    officer = await api.token('maidstone', 'officer@maidstone.example');
  });
  afterAll(() => api.close());

  const codes = (res: { errors?: { extensions?: Record<string, unknown> }[] }[]) =>
    res.map((r) =>
      r.errors
        ? `${String(r.errors[0]!.extensions?.code)}:${String(r.errors[0]!.extensions?.field)}`
        : 'ok',
    );

  it('20 concurrent inviteUser with one email: one user, the rest CONFLICT on input.email', async () => {
    const res = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.gql(
          `mutation($i: InviteUserInput!) { inviteUser(input: $i) { id } }`,
          { i: { email: 'race@maidstone.example', displayName: 'Race', roles: ['officer'] } },
          admin,
        ),
      ),
    );
    const answers = codes(res);
    expect(answers.filter((a) => a === 'ok')).toHaveLength(1);
    expect(answers.filter((a) => a !== 'ok')).toEqual(Array(19).fill('CONFLICT:input.email'));
  });

  it('20 concurrent createCustomer with one reference: one customer, the rest name input.reference', async () => {
    const res = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.gql(
          `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }`,
          { i: { fullName: `Race ${i}`, reference: 'RACE-1' } },
          officer,
        ),
      ),
    );
    const answers = codes(res);
    expect(answers.filter((a) => a === 'ok')).toHaveLength(1);
    expect(answers.filter((a) => a !== 'ok')).toEqual(
      Array(19).fill('BAD_USER_INPUT:input.reference'),
    );
  });

  it('two contactGuidance fields in one request do not collide on the audit sequence', async () => {
    const res = await api.gql(
      `{ a: contactGuidance(customerQuery: "Nobody A", channel: "telephone") { __typename }
         b: contactGuidance(customerQuery: "Nobody B", channel: "telephone") { __typename } }`,
      {},
      officer,
    );
    expect(res.errors).toBeUndefined();
  });
});
