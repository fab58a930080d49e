import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';

/**
 * Every root operation of the built schema, and a call to it that reaches
 * authorisation. Shared by the sweeps of RELIABILITY target 1: enumerating from
 * the schema means a new operation is covered without anyone remembering it.
 */
export interface RootField {
  /** `Query.case`, `Mutation.openCase`. */
  key: string;
  op: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
}

export function rootFields(schema: GraphQLSchema): RootField[] {
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const;
  return roots.flatMap(([op, root]) =>
    Object.values(root?.getFields() ?? {}).map((field) => ({
      key: `${root!.name}.${field.name}`,
      op,
      field,
    })),
  );
}

/** A well-formed value for an argument type, so the call gets past GraphQL validation. */
export function sampleValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType);
  if (isListType(type)) return [sampleValue(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter((f) => isNonNullType(f.type));
    return Object.fromEntries(required.map((f) => [f.name, sampleValue(f.type)]));
  }
  switch (type.name) {
    case 'ID':
      return '00000000-0000-4000-8000-000000000000';
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'DateTimeISO':
    case 'DateTime':
      return '2026-01-01T00:00:00.000Z';
    default:
      return 'x';
  }
}

/** One scalar of the result (or `__typename`): enough to run the resolver, nothing more. */
function selection(schema: GraphQLSchema, typeName: string): string {
  const type = schema.getType(typeName);
  if (!type || !('getFields' in type) || isInputObjectType(type)) return '';
  const scalar = Object.values(type.getFields()).find(
    (f) => isScalarType(getNamedType(f.type)) && f.args.length === 0,
  );
  return scalar ? `{ ${scalar.name} }` : '{ __typename }';
}

/**
 * A document calling `root` with its required arguments (schema samples) and
 * any argument named in `given`, which wins over the sample, all as variables.
 */
export function rootOperation(
  schema: GraphQLSchema,
  root: RootField,
  given: Record<string, unknown> = {},
): { query: string; variables: Record<string, unknown> } {
  const args = root.field.args.filter(
    (a) => a.name in given || (isNonNullType(a.type) && a.defaultValue === undefined),
  );
  const variables = Object.fromEntries(
    args.map((a) => [a.name, a.name in given ? given[a.name] : sampleValue(a.type)]),
  );
  const declared = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const passed = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const query =
    `${root.op}${declared ? ` (${declared})` : ''} ` +
    `{ ${root.field.name}${passed ? `(${passed})` : ''} ` +
    `${selection(schema, getNamedType(root.field.type).name)} }`;
  return { query, variables };
}
