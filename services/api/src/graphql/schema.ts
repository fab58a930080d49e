import { join } from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from '../authorization/auth-checker';
import { HealthResolver } from '../health/health.resolver';

export const resolvers = [HealthResolver] as const;

/** The committed SDL: CI fails when the built schema drifts from it. */
export const SCHEMA_FILE = join(__dirname, '..', '..', 'schema.graphql');

export function buildApiSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [...resolvers], validate: false, authChecker, authMode: 'error' });
}
