import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A review names the letter it sent (`review_letter_fk`). Deleting a letter (a
 * purge deletes every letter of its cases) makes Postgres look for reviews
 * naming it, and without an index that look-up read the whole review table,
 * of every council (referential checks are not subject to row-level security),
 * once per letter: a purge batch's cost grew with the platform's reviews.
 */
export class ReviewLetterIndex1764200000157 implements MigrationInterface {
  name = 'ReviewLetterIndex1764200000157';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create index if not exists review_letter on review (tenant_id, letter_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index if exists review_letter`);
  }
}
