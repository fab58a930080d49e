import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { SCHEMA_FILE, buildApiSchema } from '../schema';

/** Writes schema.graphql from the resolvers: `pnpm --filter @conduct/api schema`. */
buildApiSchema().then((schema) => {
  writeFileSync(SCHEMA_FILE, `${printSchema(lexicographicSortSchema(schema))}\n`);
  console.log(`wrote ${SCHEMA_FILE}`);
});
