import {
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { buildApiSchema } from '../graphql/schema';
import { startTestApi, type TestApi } from '../testing/test-api';

/** Root fields anyone may call. Adding one here is a deliberate, reviewed decision. */
const PUBLIC_FIELDS = new Set(['Query.health']);

/** A syntactically valid value for an argument type, so the call reaches authorisation. */
function sample(type: GraphQLInputType): string {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return `[${sample(type.ofType)}]`;
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type));
    return `{ ${fields.map((f) => `${f.name}: ${sample(f.type)}`).join(', ')} }`;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        return '"00000000-0000-4000-8000-000000000000"';
      case 'Int':
      case 'Float':
        return '1';
      case 'Boolean':
        return 'false';
      case 'DateTimeISO':
      case 'DateTime':
        return '"2026-01-01T00:00:00.000Z"';
      default:
        return '"x"';
    }
  }
  throw new Error(`no sample for ${String(type)}`);
}

function selection(schema: GraphQLSchema, typeName: string): string {
  const type = schema.getType(typeName);
  if (!type || !('getFields' in type) || isInputObjectType(type)) return '';
  const scalar = Object.values(type.getFields()).find(
    (f) => isScalarType(getNamedType(f.type)) && f.args.length === 0,
  );
  return scalar ? `{ ${scalar.name} }` : '{ __typename }';
}

function document(
  schema: GraphQLSchema,
  op: 'query' | 'mutation',
  name: string,
  args: readonly GraphQLArgument[],
  returns: string,
) {
  const required = args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  const argText = required.length
    ? `(${required.map((a) => `${a.name}: ${sample(a.type)}`).join(', ')})`
    : '';
  return `${op} { ${name}${argText} ${selection(schema, returns)} }`;
}

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
    for (const [op, root] of [
      ['query', schema.getQueryType()],
      ['mutation', schema.getMutationType()],
    ] as const) {
      for (const field of Object.values(root?.getFields() ?? {})) {
        const key = `${root!.name}.${field.name}`;
        const res = await api.gql(
          document(schema, op, field.name, field.args, getNamedType(field.type).name),
        );
        const code = res.errors?.[0]?.extensions?.code;
        if (PUBLIC_FIELDS.has(key)) {
          if (res.errors) unexpected.push(`${key}: public field failed with ${String(code)}`);
        } else if (code !== 'UNAUTHENTICATED') {
          unexpected.push(`${key}: ${String(code ?? 'allowed')} ${res.errors?.[0]?.message ?? ''}`);
        }
      }
    }
    expect(unexpected).toEqual([]);
  });
});
