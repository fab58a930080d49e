import { join } from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from '../authorization/auth-checker';
import { CaseResolver } from '../cases/case.resolver';
import { CustomerResolver } from '../customers/customer.resolver';
import { HealthResolver } from '../health/health.resolver';
import { MeResolver } from '../users/me.resolver';

export const resolvers = [HealthResolver, MeResolver, CustomerResolver, CaseResolver] as const;

/** The committed SDL: CI fails when the built schema drifts from it. */
export const SCHEMA_FILE = join(__dirname, '..', '..', 'schema.graphql');

export function buildApiSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...resolvers],
    validate: false,
    authChecker,
    authMode: 'error',
  });
}
