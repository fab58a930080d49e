import type { MigrationInterface, QueryRunner } from 'typeorm';
import { BoundedCustomerSearch1764100000150 } from './1764100000150-bounded-customer-search';

/** A misspelt name's score: trigram similarity of the whole name or its best-matching part. */
const FUZZY_SCORE = `greatest(similarity(c.full_name, $2), word_similarity($2, c.full_name))::real`;
/** The fallback's weak matches score at least this. */
const WEAK_THRESHOLD = 0.25;
/** Word matches and fuzzy matches are ranked among at most this many candidates. */
const CANDIDATES = 200;

/**
 * Front-line customer search whose work stays flat as a council grows.
 *
 * Before, every look-up was a trigram search: a name, an email or a reference
 * was compared with every customer sharing enough trigrams with it. Common
 * names and every `@gmail.com` share trigrams with thousands of customers, so
 * the work grew with the council (bench:search at 100k: 62 ms for a full name,
 * 340 ms for a common first name, 3.8 s for an email).
 *
 * Now, in order, each pass through an index that leads with the tenant:
 * 1. Exact (score 1): the full name with case and punctuation ignored
 *    ("Pemberton-Whyte" = "pemberton whyte"), the email or the reference (case
 *    ignored), the phone's last ten digits. Btree look-ups. The person typed
 *    always comes first.
 * 2. Words (score below 1): customers whose name holds every word typed, the
 *    last one as a prefix ("Alexandra Pemb"), in any order ("Whyte,
 *    Alexandra"). A GIN index over the name's words; its posting lists are
 *    intersected, so the work follows the rarest word, not the council.
 *    Ranked by trigram similarity among at most CANDIDATES.
 * 3. Only when 1 and 2 found nobody: the typo-tolerant trigram search on the
 *    name (misspellings) of migration 1764100000150: every strong match
 *    ranked, weak ones among at most CANDIDATES. This pass still grows with
 *    the council (a GIN trigram scan reads every posting list of the query),
 *    but it runs only for a name nobody has.
 * Email, phone and reference are exact only: a fuzzy email matched every
 * customer of the same mail provider.
 *
 * Reading chosen: when a name matches exactly or word for word, near spellings
 * are not added to the answer (the officer sees who was typed; a near spelling
 * shows when nothing matches). Security as before (migration 0151): SECURITY
 * DEFINER, tenant from the transaction's `app.tenant_id`, ids and scores only;
 * the caller reads the customers under forced RLS.
 */
export class WordCustomerSearch1764200000155 implements MigrationInterface {
  name = 'WordCustomerSearch1764200000155';

  async up(q: QueryRunner): Promise<void> {
    // Words of a name: lower case, split on spaces and punctuation. The same
    // function splits the query, so both sides agree on what a word is.
    await q.query(`
      create function customer_name_words(p_name text) returns text[]
      language sql immutable strict parallel safe
      return array_remove(regexp_split_to_array(lower(p_name), '[[:space:][:punct:]]+'), '')`);
    await q.query(`
      create function customer_name_key(p_name text) returns text
      language sql immutable strict parallel safe
      return array_to_string(customer_name_words(p_name), ' ')`);
    await q.query(
      `create index customer_search_name_key on customer (tenant_id, customer_name_key(full_name)) where purged_at is null`,
    );
    await q.query(
      `create index customer_search_name_words on customer
         using gin (tenant_id, array_to_tsvector(customer_name_words(full_name))) where purged_at is null`,
    );
    await q.query(
      `create index customer_search_email_exact on customer (tenant_id, lower(email)) where purged_at is null`,
    );
    await q.query(
      `create index customer_search_reference_exact on customer (tenant_id, lower(reference)) where purged_at is null`,
    );
    // The trigram indexes on email and reference served only the fuzzy
    // look-ups that are gone; the name's stays for the fallback.
    await q.query(`drop index customer_search_email`);
    await q.query(`drop index customer_search_reference`);

    await q.query(`
      create or replace function customer_search(p_query text, p_phone text, p_limit int)
      returns table (customer_id uuid, score real)
      language plpgsql stable security definer
      set search_path = public, pg_temp
      set pg_trgm.similarity_threshold = 0.5
      set pg_trgm.word_similarity_threshold = 0.5
      -- Through the indexes at every size (see migration 1764100000150).
      set enable_seqscan = off
      set enable_indexscan = on
      set cpu_operator_cost = 0.25
      -- A few hundred rows at most: starting workers costs more than it saves.
      set max_parallel_workers_per_gather = 0
      as $fn$
      declare
        v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
        v_words text[] := customer_name_words(p_query);
        v_match tsquery;
        v_found int;
      begin
        if v_tenant is null then return; end if;
        -- Every word, the last as a prefix. Words hold no punctuation, so quoting is safe.
        select string_agg(quote_literal(w) || case when n = cardinality(v_words) then ':*' else '' end, ' & ')::tsquery
          into v_match
          from unnest(v_words) with ordinality as t(w, n);
        -- EXECUTE: planned for these values, so the phone's branch folds away when empty.
        return query execute
          'with exact as (
             select c.id, c.reference from customer c
              where c.tenant_id = $1 and c.purged_at is null
                and (customer_name_key(c.full_name) = $2 or lower(c.email) = lower($3)
                     or lower(c.reference) = lower($3)
                     or ($4 <> '''' and right(regexp_replace(c.phone, ''[^0-9]'', '''', ''g''), 10) = $4))
              -- No order here: ordered, the planner walks the council by reference.
              limit ${CANDIDATES}),
           words as (
             select c.id, c.reference,
                    least(greatest(similarity(c.full_name, $3), word_similarity($3, c.full_name)), 0.99)::real as score
               from customer c
              where $6::tsquery is not null and c.tenant_id = $1 and c.purged_at is null
                and array_to_tsvector(customer_name_words(c.full_name)) @@ $6::tsquery
              limit ${CANDIDATES})
           select m.id, m.score from (
             select id, reference, 1::real as score from exact
             union all
             select id, reference, score from words where id not in (select id from exact)) m
            order by m.score desc, m.reference
            limit $5'
          using v_tenant, array_to_string(v_words, ' '), p_query, p_phone, p_limit, v_match;
        get diagnostics v_found = row_count;
        if v_found > 0 or v_match is null then return; end if;
        -- Misspellings, as migration 1764100000150 but on the name only: every
        -- strong match (score >= 0.5) ranked, then weaker ones among a sample.
        -- Bitmap scans of the trigram index only: a tenant-leading btree walked
        -- row by row looked cheaper to the planner. The SET clause restores it.
        perform set_config('enable_indexscan', 'off', true);
        return query execute
          'select c.id, ${FUZZY_SCORE} as score
             from customer c
            where c.tenant_id = $1 and c.purged_at is null and (c.full_name % $2 or $2 <% c.full_name)
            order by score desc, c.reference
            limit $3'
          using v_tenant, p_query, p_limit;
        get diagnostics v_found = row_count;
        if v_found >= p_limit then return; end if;
        perform set_config('pg_trgm.similarity_threshold', '${WEAK_THRESHOLD}', true);
        return query execute
          'select k.id, k.score
             from (select c.id, c.reference, ${FUZZY_SCORE} as score
                     from customer c
                    where c.tenant_id = $1 and c.purged_at is null and c.full_name % $2
                    limit ${CANDIDATES}) k
            where k.score < 0.5
            order by k.score desc, k.reference
            limit $3'
          using v_tenant, p_query, p_limit - v_found;
      end
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `create index customer_search_email on customer using gin (tenant_id, lower(email) gin_trgm_ops) where purged_at is null`,
    );
    await q.query(
      `create index customer_search_reference on customer using gin (tenant_id, lower(reference) gin_trgm_ops) where purged_at is null`,
    );
    await new BoundedCustomerSearch1764100000150().up(q);
    await q.query(`drop index customer_search_reference_exact`);
    await q.query(`drop index customer_search_email_exact`);
    await q.query(`drop index customer_search_name_words`);
    await q.query(`drop index customer_search_name_key`);
    await q.query(`drop function customer_name_key(text)`);
    await q.query(`drop function customer_name_words(text)`);
  }
}
