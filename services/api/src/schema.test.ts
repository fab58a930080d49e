import { readFileSync } from 'node:fs';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { SCHEMA_FILE, buildApiSchema } from './schema';

/** The public contract is committed: a change to it must be deliberate (`pnpm --filter @conduct/api schema`). */
describe('schema.graphql', () => {
  it('matches the schema the resolvers build', async () => {
    const built = printSchema(lexicographicSortSchema(await buildApiSchema()));
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    expect(committed.replace(/^#.*\n/gm, '').trim()).toBe(built.trim());
  });

  it('describes every type and field', async () => {
    const schema = await buildApiSchema();
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (
        type.name.startsWith('__') ||
        ['String', 'Boolean', 'Int', 'Float', 'ID'].includes(type.name)
      )
        continue;
      const root = ['Query', 'Mutation', 'Subscription'].includes(type.name);
      if (!type.description && !root) undocumented.push(type.name);
      if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) undocumented.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });
});
