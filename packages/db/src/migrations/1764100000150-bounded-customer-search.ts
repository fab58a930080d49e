import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Score and match of a customer against the query ($2) and phone digits ($3). */
const SCORE = `greatest(similarity(c.full_name, $2), word_similarity($2, c.full_name),
                 similarity(lower(c.email), lower($2)), similarity(lower(c.reference), lower($2)),
                 case when $3 <> '''' and right(regexp_replace(c.phone, ''[^0-9]'', '''', ''g''), 10) = $3
                      then 1 else 0 end)::real`;
const MATCHES = `c.tenant_id = $1 and c.purged_at is null
              and (c.full_name % $2 or $2 <% c.full_name
                   or lower(c.email) % lower($2) or lower(c.reference) % lower($2)
                   or lower(c.reference) = lower($2) or lower(c.email) = lower($2)
                   or ($3 <> '''' and right(regexp_replace(c.phone, ''[^0-9]'', '''', ''g''), 10) = $3))`;

/** Weak matches are ranked among at most this many candidates. */
const WEAK_CANDIDATES = 200;

/**
 * The front-line search in two passes, so its work stays flat as a council
 * grows even for a common first name. Before, every customer sharing enough
 * trigrams with the query was scored (a query starting "Alexandra" matched
 * every "Alexander": 1 in 64 customers, 1,520 at 100k).
 *
 * 1. Strong matches (score >= 0.5): the trigram indexes' own threshold set to
 *    0.5 lets through only the few customers that share half the query's
 *    trigrams. Exact: every customer scoring 0.5 or more is ranked. When they
 *    fill the page, that is the answer.
 * 2. Otherwise, weaker matches (0.25 to 0.5) fill the rest, ranked among at most
 *    WEAK_CANDIDATES customers the indexes return: bounded work, at the price
 *    that at a large council the weakest suggestions are the best of a sample,
 *    not of everyone. A strong match (the person the officer typed) is never
 *    missed; the weak tail is a hint to type more.
 *
 * Security as before (migration 0151): SECURITY DEFINER, tenant from the
 * transaction's `app.tenant_id`, ids and scores only; the caller reads the
 * customers under forced RLS.
 */
export class BoundedCustomerSearch1764100000150 implements MigrationInterface {
  name = 'BoundedCustomerSearch1764100000150';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create or replace function customer_search(p_query text, p_phone text, p_limit int)
      returns table (customer_id uuid, score real)
      language plpgsql stable security definer
      set search_path = public, pg_temp
      set pg_trgm.similarity_threshold = 0.5
      set pg_trgm.word_similarity_threshold = 0.5
      -- Through the trigram indexes, as bitmap scans only. The planner costs a
      -- trigram comparison like an addition, so a scan of the whole council
      -- (any index leading with tenant_id) filtered row by row looked cheaper
      -- than the trigram indexes: 0.9 s at 10k. Operators priced at a hundred
      -- times the default make it take the indexes.
      set enable_seqscan = off
      set enable_indexscan = off
      set cpu_operator_cost = 0.25
      as $fn$
      declare
        v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
        v_strong int;
      begin
        if v_tenant is null then return; end if;
        return query execute
          'select c.id, ${SCORE} as score
             from customer c
            where ${MATCHES}
            order by score desc, c.reference
            limit $4'
          using v_tenant, p_query, p_phone, p_limit;
        get diagnostics v_strong = row_count;
        if v_strong >= p_limit then return; end if;
        -- Local to this call: the function's SET clause restores it on exit.
        perform set_config('pg_trgm.similarity_threshold', '0.25', true);
        return query execute
          'select k.id, k.score
             from (select c.id, c.reference, ${SCORE} as score
                     from customer c
                    where ${MATCHES}
                    limit ${WEAK_CANDIDATES}) k
            where k.score < 0.5
            order by k.score desc, k.reference
            limit $4'
          using v_tenant, p_query, p_phone, p_limit - v_strong;
      end
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      create or replace function customer_search(p_query text, p_phone text, p_limit int)
      returns table (customer_id uuid, score real)
      language plpgsql stable security definer
      set search_path = public, pg_temp
      set pg_trgm.similarity_threshold = 0.25
      set pg_trgm.word_similarity_threshold = 0.5
      set enable_seqscan = off
      as $fn$
      declare
        v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
      begin
        if v_tenant is null then return; end if;
        return query execute
          'select c.id, ${SCORE} as score
             from customer c
            where ${MATCHES}
            order by score desc, c.reference
            limit $4'
          using v_tenant, p_query, p_phone, p_limit;
      end
      $fn$`);
  }
}
