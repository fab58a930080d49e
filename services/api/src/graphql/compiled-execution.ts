import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  type DocumentNode,
  type ExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  execute,
  printSchema,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/**
 * A graphql-jit error as a graphql-js one, with the same message, path,
 * locations and cause. Apollo and the hardening plugins expect what graphql-js
 * gives: `extensions` always an object (a DomainError carries none) and a
 * writable `message` (suggestions are stripped from it in production).
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const normal = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
  return Object.assign(normal, { locations: error.locations });
}

/**
 * Operations executed by graphql-jit: each document is compiled once into a
 * function that runs the same resolvers, instead of graphql-js walking the
 * selection for every field of every response (a page of cases resolves about
 * a thousand fields). Apollo Server 5 takes a custom executor only through its
 * gateway interface, which serves the same schema and executor here; parsing,
 * validation and the plugins stay Apollo's.
 */
export function compiledExecution(schema: GraphQLSchema): GatewayInterface {
  // Apollo keeps one parsed document per query text, so a document object is the cache key.
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();
  const compile = (document: DocumentNode, operationName?: string): CompiledQuery | null => {
    let byOperation = compiled.get(document);
    if (!byOperation) compiled.set(document, (byOperation = new Map()));
    let query = byOperation.get(operationName ?? '');
    if (query === undefined) {
      const result = compileQuery(schema, document, operationName);
      query = isCompiledQuery(result) ? result : null;
      byOperation.set(operationName ?? '', query);
    }
    return query;
  };
  const executor: GatewayExecutor = async ({ document, operationName, request, context }) => {
    const variableValues = request.variables ?? {};
    const query = compile(document, operationName ?? undefined);
    const result: ExecutionResult | undefined = query
      ? await query.query(undefined, context, variableValues)
      : undefined;
    // A document it cannot compile, or variables it refuses before any resolver
    // runs (no data): graphql-js answers, with the errors Apollo maps to
    // BAD_USER_INPUT (they name the variable's definition).
    if (!result || !('data' in result))
      return execute({
        schema,
        document,
        operationName,
        contextValue: context,
        variableValues,
      }) as Promise<ExecutionResult>;
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  };
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    load: async () => ({ executor }),
    stop: async () => undefined,
  };
}
