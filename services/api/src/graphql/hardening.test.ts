import { buildSchema, parse, validate } from 'graphql';
import request from 'supertest';
import { armor } from './armor';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

const customerCount = async (api: TestApi) =>
  Number((await api.owner.query('select count(*) from customer'))[0].count);

/** RELIABILITY targets 4 and 5: abusive documents are refused before any resolver runs. */
describe('GraphQL hardening', () => {
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    api = await startTestApi();
    token = await api.token('maidstone', 'officer@maidstone.example');
  });
  afterAll(() => api.close());

  const aliasedCreates = (n: number) =>
    `mutation { ${Array.from({ length: n }, (_, i) => `c${i}: createCustomer(input: { fullName: "N ${i}" }) { id }`).join(' ')} }`;

  it('refuses more than 15 aliases without running a resolver', async () => {
    const before = await customerCount(api);
    const res = await api.gql(aliasedCreates(16), {}, token);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await customerCount(api)).toBe(before);
  });

  it('refuses documents deeper than 8 (checked against a recursive schema)', () => {
    const schema = buildSchema('type Node { child: Node, name: String } type Query { root: Node }');
    const nested = (depth: number) =>
      `{ root ${'{ child '.repeat(depth - 2)}{ name }${' }'.repeat(depth - 2)} }`;
    const rules = armor(false).validationRules;
    expect(validate(schema, parse(nested(8)), rules)).toEqual([]);
    expect(validate(schema, parse(nested(9)), rules)[0]?.message).toMatch(/depth/i);
  });

  it('refuses documents over 1,000 tokens without running a resolver', async () => {
    const before = await customerCount(api);
    const padding = Array.from({ length: 1100 }, () => '__typename').join(' ');
    const res = await api.gql(
      `mutation { ${padding} a: createCustomer(input: { fullName: "T" }) { id } }`,
      {},
      token,
    );
    expect(res.errors?.[0]?.extensions?.code).toBeDefined();
    expect(await customerCount(api)).toBe(before);
  });

  it('refuses batched requests', async () => {
    const res = await request(api.server.httpServer)
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${token}`)
      .send([{ query: '{ health { version } }' }, { query: '{ health { version } }' }]);
    expect(res.status).toBe(400);
  });

  it('refuses a text/plain POST without a preflight header (CSRF) and a mutation over GET', async () => {
    const csrf = await request(api.server.httpServer)
      .post('/graphql')
      .set('content-type', 'text/plain')
      .send(JSON.stringify({ query: '{ health { version } }' }));
    expect(csrf.status).toBe(400);
    const overGet = await request(api.server.httpServer)
      .get('/graphql')
      .set('apollo-require-preflight', 'true')
      .query({ query: 'mutation { createCustomer(input: { fullName: "G" }) { id } }' });
    expect(overGet.status).toBe(405);
  });
  it('masks an unexpected error behind a generic message and a correlation id', async () => {
    await api.owner.query('alter table tenant rename to tenant_gone');
    try {
      const masked = await api.gql('{ me { tenantSlug } }', {}, token);
      const error = masked.errors?.[0];
      expect(JSON.stringify(masked)).not.toMatch(/tenant_gone|relation "|SELECT|\.js:/);
      expect(error?.extensions?.correlationId).toEqual(expect.any(String));
    } finally {
      await api.owner.query('alter table tenant_gone rename to tenant');
    }
  });
});

describe('GraphQL in production', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ production: true });
  });
  afterAll(() => api.close());

  it('refuses introspection and gives no field suggestions', async () => {
    const intro = await api.gql('{ __schema { types { name } } }');
    expect(intro.errors?.[0]?.message).toMatch(/introspection/i);
    const typo = await api.gql('{ helth { version } }');
    expect(JSON.stringify(typo.errors)).not.toMatch(/Did you mean/);
  });
});
