import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Front-line customer search that stays fast as a council grows, with forced
 * row-level security kept as the second wall.
 *
 * Under RLS the planner may not evaluate a non-LEAKPROOF qual (pg_trgm's `%`,
 * `lower()`) before the policy's, so for the app role no trigram index can be
 * used: every customer of every council was scanned and scored. An explicit
 * `tenant_id` predicate alone does not help (the trigram part still cannot be
 * an index condition). So the ranking runs in a SECURITY DEFINER function that
 * reads the tenant from the transaction's own `app.tenant_id` (set from the
 * verified token, as RLS reads it) and matches through indexes that lead with
 * `tenant_id` (btree_gin), so another council's rows are never touched. It
 * returns ids and scores only: the caller reads the customers themselves under
 * RLS and its own ability filter, so no personal value passes the function.
 * (When the owner is a role subject to RLS, the function is still correct,
 * filtered by the same policy, only slower: give the migration owner BYPASSRLS.)
 */
export class CustomerSearch1764000000151 implements MigrationInterface {
  name = 'CustomerSearch1764000000151';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create extension if not exists btree_gin`);
    await q.query(
      `create index customer_search_name on customer using gin (tenant_id, full_name gin_trgm_ops) where purged_at is null`,
    );
    await q.query(
      `create index customer_search_email on customer using gin (tenant_id, lower(email) gin_trgm_ops) where purged_at is null`,
    );
    await q.query(
      `create index customer_search_reference on customer using gin (tenant_id, lower(reference) gin_trgm_ops) where purged_at is null`,
    );
    // plpgsql with EXECUTE: planned on every call for these values, so the tenant
    // and the query are constants to the planner and it picks the tenant-leading
    // indexes (a SQL function's generic plan chose to scan the council).
    await q.query(`
      create function customer_search(p_query text, p_phone text, p_limit int)
      returns table (customer_id uuid, score real)
      language plpgsql stable security definer
      set search_path = public, pg_temp
      set pg_trgm.similarity_threshold = 0.25
      set pg_trgm.word_similarity_threshold = 0.5
      -- At a few thousand customers the planner may prefer scoring every row of the
      -- council (bench:api: 600 ms at 10k, 190 ms at 100k); this search is meant to
      -- go through the tenant-leading indexes at every size.
      set enable_seqscan = off
      as $fn$
      declare
        v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
      begin
        if v_tenant is null then return; end if;
        return query execute
          'select c.id,
                  greatest(similarity(c.full_name, $2), word_similarity($2, c.full_name),
                           similarity(lower(c.email), lower($2)), similarity(lower(c.reference), lower($2)),
                           case when $3 <> '''' and right(regexp_replace(c.phone, ''[^0-9]'', '''', ''g''), 10) = $3
                                then 1 else 0 end)::real as score
             from customer c
            where c.tenant_id = $1 and c.purged_at is null
              and (c.full_name % $2 or $2 <% c.full_name
                   or lower(c.email) % lower($2) or lower(c.reference) % lower($2)
                   or lower(c.reference) = lower($2) or lower(c.email) = lower($2)
                   or ($3 <> '''' and right(regexp_replace(c.phone, ''[^0-9]'', '''', ''g''), 10) = $3))
            order by score desc, c.reference
            limit $4'
          using v_tenant, p_query, p_phone, p_limit;
      end
      $fn$`);
    await q.query(`revoke all on function customer_search(text, text, int) from public`);
    await q.query(`grant execute on function customer_search(text, text, int) to conduct_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function if exists customer_search(text, text, int)`);
    await q.query(`drop index if exists customer_search_reference`);
    await q.query(`drop index if exists customer_search_email`);
    await q.query(`drop index if exists customer_search_name`);
  }
}
