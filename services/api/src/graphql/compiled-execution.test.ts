import { GraphQLError, Kind, buildSchema, parse } from 'graphql';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { compiledExecution } from './compiled-execution';

const schema = buildSchema(`
  input Page { first: Int! }
  type Query { refuse: String!, count(page: Page!): Int!, name: String, leaves: [Leaves!]! }
  type Leaves { id: ID!, text: String!, flag: Boolean!, whole: Int, real: Float, missing: String! }
`);
let resolved = 0;
const fields = schema.getQueryType()!.getFields();
fields.refuse!.resolve = () => {
  throw new Error('no extensions on this one');
};
fields.count!.resolve = (_root, args: { page: { first: number } }) => {
  resolved += 1;
  return Promise.resolve(args.page.first * 2);
};

fields.leaves!.resolve = () => [
  { id: 'a1', text: 'plain', flag: true, whole: 7, real: 1.5, missing: 'here' },
  // What graphql-js's serializers coerce: the patched fast path must leave them to it.
  { id: 7, text: 12, flag: 1, whole: '8', real: '2.5', missing: null },
];

async function run(query: string, variables: Record<string, unknown> = {}) {
  const { executor } = await compiledExecution(schema).load({ apollo: {} as never });
  const document = parse(query);
  const request = { query, variables } as GatewayGraphQLRequestContext['request'];
  return executor!({
    document,
    request,
    context: {},
    operationName: null,
  } as unknown as GatewayGraphQLRequestContext);
}

describe('compiled execution (graphql-jit behind Apollo)', () => {
  it('runs resolvers and awaits their promises', async () => {
    const res = await run('query ($p: Page!) { count(page: $p) name }', { p: { first: 21 } });
    expect(res).toEqual({ data: { count: 42, name: null } });
  });

  it('gives a resolver error as graphql-js does: extensions, writable message, path, cause', async () => {
    const res = await run('{ refuse }');
    const error = res.errors![0]!;
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.extensions).toEqual({});
    expect(error.path).toEqual(['refuse']);
    expect(error.locations).toEqual([{ line: 1, column: 3 }]);
    expect((error as GraphQLError).originalError?.message).toBe('no extensions on this one');
    (error as { message: string }).message = 'rewritten'; // the armor's production rewrite
    expect(error.message).toBe('rewritten');
  });

  it('answers leaves as graphql-js serializes them, values it would coerce too (patches/graphql-jit)', async () => {
    const res = await run('{ leaves { id text flag whole real missing } }');
    expect(res.data).toBeNull();
    expect(res.errors!.map((e) => [e.message, e.path])).toEqual([
      ['Cannot return null for non-nullable field Leaves.missing.', ['leaves', 1, 'missing']],
    ]);
    const one = await run('{ leaves { id text flag whole real } }');
    expect(one).toEqual({
      data: {
        leaves: [
          { id: 'a1', text: 'plain', flag: true, whole: 7, real: 1.5 },
          { id: '7', text: '12', flag: true, whole: 8, real: 2.5 },
        ],
      },
    });
  });

  it('leaves refused variables to graphql-js, whose error names the variable, and runs no resolver', async () => {
    resolved = 0;
    const res = await run('query ($p: Page!) { count(page: $p) }', { p: { first: 'many' } });
    expect(res.data).toBeUndefined();
    const error = res.errors![0] as GraphQLError;
    expect(error.message).toMatch(/^Variable "\$p" got invalid value/);
    expect(error.nodes?.[0]?.kind).toBe(Kind.VARIABLE_DEFINITION);
    expect(resolved).toBe(0);
  });
});
