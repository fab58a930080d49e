import type { GraphQLSchema } from 'graphql';
import { buildApiSchema } from '../schema';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import { rootFields, rootOperation } from '@conduct/api/testing/authorization/root-fields.testkit';

/** Root fields anyone may call. Adding one here is a deliberate, reviewed decision. */
const PUBLIC_FIELDS = new Set(['Query.health']);

/**
 * RELIABILITY target 1, anonymous column: every root field, enumerated from the
 * built schema (a new operation is covered without anyone remembering to add it),
 * refuses a caller without a token — except the reviewed public list.
 */
describe('every operation refuses anonymous callers', () => {
  let api: TestApi;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    api = await startTestApi();
    schema = await buildApiSchema();
  });
  afterAll(() => api.close());

  it('answers UNAUTHENTICATED for each non-public Query and Mutation field', async () => {
    const unexpected: string[] = [];
    for (const root of rootFields(schema)) {
      const { query, variables } = rootOperation(schema, root);
      const res = await api.gql(query, variables);
      const code = res.errors?.[0]?.extensions?.code;
      if (PUBLIC_FIELDS.has(root.key)) {
        if (res.errors) unexpected.push(`${root.key}: public field failed with ${String(code)}`);
      } else if (code !== 'UNAUTHENTICATED') {
        unexpected.push(
          `${root.key}: ${String(code ?? 'allowed')} ${res.errors?.[0]?.message ?? ''}`,
        );
      }
    }
    expect(unexpected).toEqual([]);
  });
});
