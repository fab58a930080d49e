import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

/**
 * RELIABILITY target 3: 500 interleaved requests of two councils over a
 * five-connection pool; no response may carry the other council's canary.
 */
describe('tenant isolation under interleaved load', () => {
  let api: TestApi;
  const councils = [
    { slug: 'maidstone', email: 'officer@maidstone.example', canary: 'Canary Maidstone-7c1f' },
    {
      slug: 'southampton',
      email: 'officer@southampton.example',
      canary: 'Canary Southampton-9e2a',
    },
  ];
  const tokens: string[] = [];

  beforeAll(async () => {
    api = await startTestApi();
    for (const c of councils) {
      const token = await api.token(c.slug, c.email);
      tokens.push(token);
      const res = await api.gql(
        `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`,
        { input: { fullName: c.canary, email: `${c.slug}@canary.example` } },
        token,
      );
      expect(res.errors).toBeUndefined();
      const opened = await api.gql(
        `mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`,
        {
          input: { customerId: (res.data as { createCustomer: { id: string } }).createCustomer.id },
        },
        token,
      );
      expect(opened.errors).toBeUndefined();
    }
  });
  afterAll(() => api.close());

  it('never answers one council with the other’s data', async () => {
    const query = '{ customers(first: 50) { totalCount edges { node { fullName email } } } }';
    const leaks: number[] = [];
    const ownSeen: number[] = [0, 0];
    const batch = 25;
    for (let start = 0; start < 500; start += batch) {
      const results = await Promise.all(
        Array.from({ length: batch }, async (_, k) => {
          const i = (start + k) % 2;
          const res = await api.gql(query, {}, tokens[i]);
          return { i, body: JSON.stringify(res) };
        }),
      );
      for (const { i, body } of results) {
        if (body.includes(councils[1 - i]!.canary)) leaks.push(i);
        if (body.includes(councils[i]!.canary)) ownSeen[i]! += 1;
      }
    }
    expect(leaks).toEqual([]);
    expect(ownSeen).toEqual([250, 250]);
  });

  it('never lists one council’s cases to the other once the list statement is prepared', async () => {
    // Each pooled connection plans the named case-list statement once, then reuses it for either council.
    const query = '{ cases(first: 50) { edges { node { id customer { fullName } } } } }';
    const leaks: number[] = [];
    const ownSeen: number[] = [0, 0];
    for (let start = 0; start < 200; start += 20) {
      const results = await Promise.all(
        Array.from({ length: 20 }, async (_, k) => {
          const i = (start + k) % 2;
          const res = await api.gql(query, {}, tokens[i]);
          return { i, body: JSON.stringify(res) };
        }),
      );
      for (const { i, body } of results) {
        if (body.includes(councils[1 - i]!.canary)) leaks.push(i);
        if (body.includes(councils[i]!.canary)) ownSeen[i]! += 1;
      }
    }
    expect(leaks).toEqual([]);
    expect(ownSeen).toEqual([100, 100]);
  });
});
