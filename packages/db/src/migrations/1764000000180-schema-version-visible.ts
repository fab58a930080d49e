import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The API and the worker connect as the app role and check at start that they
 * know every migration the database has run: the role may read the list.
 */
export class SchemaVersionVisible1764000000180 implements MigrationInterface {
  name = 'SchemaVersionVisible1764000000180';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`grant select on schema_migration to conduct_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`revoke select on schema_migration from conduct_app`);
  }
}
