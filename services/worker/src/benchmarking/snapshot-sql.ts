/**
 * The SQL behind one council's benchmarking figures, run inside that council's
 * transaction (row-level security applies; `tenant_id = $1` is there for the
 * planner). Parameters everywhere:
 *   $1 tenant id
 *   $2 periods: jsonb [{key, starts, ends, first_day, after_day}] (instants and UTC days)
 *   $3 stage kinds: jsonb [{pv, version, stage, kind}] from the tenant's policy versions
 *   $3 now, in the reviews query (which needs no stage kinds)
 *
 * A case counts in the periods it was opened in. A purged case is counted from
 * its anonymous `case_statistic` row (opened month); every other case from its
 * live rows ("live": no `case_statistic` row).
 */

const PERIODS = `periods as (
  select p.key as period, p.starts, p.ends, p.first_day, p.after_day
    from jsonb_to_recordset($2::jsonb) as p(key text, starts timestamptz, ends timestamptz, first_day date, after_day date)
)`;

const KINDS = `kinds as (
  select k.pv, k.version, k.stage, k.kind
    from jsonb_to_recordset($3::jsonb) as k(pv uuid, version int, stage text, kind text)
)`;

const LIVE = `live as (
  select c.id, c.opened_at, c.policy_version_id, c.stage
    from managed_case c
   where c.tenant_id = $1
     and c.opened_at >= (select min(starts) from periods)
     and c.opened_at < (select max(ends) from periods)
     and not exists (select 1 from case_statistic s where s.tenant_id = $1 and s.id = c.id)
)`;

/** Restriction kinds: a case "reaches restriction" at a stage of either. */
const RESTRICTIVE = `('restriction', 'additional-action')`;

/** Live cases: counts, stages reached, times to restriction, restriction lengths, appeals, requests. */
export const LIVE_COHORT_SQL = `
with ${PERIODS}, ${KINDS}, ${LIVE},
reached as (
  select x.case_id,
         bool_or(k.kind = 'warning') as warning,
         bool_or(k.kind in ${RESTRICTIVE}) as restriction
    from (
      select l.id as case_id, l.policy_version_id as pv, l.stage from live l
      union all
      select d.case_id, l.policy_version_id, d.to_stage
        from decision d join live l on l.id = d.case_id
       where d.tenant_id = $1 and d.to_stage is not null
      union all
      select r.case_id, l.policy_version_id, r.to_stage
        from review r join live l on l.id = r.case_id
       where r.tenant_id = $1 and r.to_stage is not null
    ) x
    join kinds k on k.pv = x.pv and k.stage = x.stage
   group by x.case_id
),
first_contact as (
  select ct.case_id, min(ct.occurred_at) as at
    from contact ct join live l on l.id = ct.case_id
   where ct.tenant_id = $1
   group by ct.case_id
),
restricted as (
  select r.case_id, min(r.starts_at) as starts,
         case when bool_or(r.status = 'active' and r.ends_at is null) then null
              else max(coalesce(r.ended_at, r.ends_at)) end as ends
    from restriction r join live l on l.id = r.case_id
   where r.tenant_id = $1
   group by r.case_id
),
appeals as (
  select a.case_id, count(*) as lodged,
         count(*) filter (where a.status <> 'lodged') as decided,
         count(*) filter (where a.status in ('upheld', 'varied')) as upheld
    from appeal a join live l on l.id = a.case_id
   where a.tenant_id = $1
   group by a.case_id
),
requests as (
  select q.case_id, count(*) as n
    from derestriction_request q join live l on l.id = q.case_id
   where q.tenant_id = $1
   group by q.case_id
)
select p.period,
       count(*)::int as cases,
       count(*) filter (where re.warning)::int as warning,
       count(*) filter (where re.restriction)::int as restriction,
       percentile_cont(0.5) within group (
         order by extract(epoch from rs.starts - least(coalesce(fc.at, l.opened_at), l.opened_at)) / 86400
       ) filter (where rs.starts is not null) as days_median,
       count(rs.starts)::int as days_n,
       percentile_cont(0.5) within group (
         order by extract(epoch from rs.ends - rs.starts) / 86400
       ) filter (where rs.ends is not null) as length_median,
       count(rs.ends)::int as length_n,
       coalesce(sum(ap.lodged), 0)::int as appeals_lodged,
       coalesce(sum(ap.decided), 0)::int as appeals_decided,
       coalesce(sum(ap.upheld), 0)::int as appeals_upheld,
       coalesce(sum(rq.n), 0)::int as requests
  from live l
  join periods p on l.opened_at >= p.starts and l.opened_at < p.ends
  left join reached re on re.case_id = l.id
  left join first_contact fc on fc.case_id = l.id
  left join restricted rs on rs.case_id = l.id
  left join appeals ap on ap.case_id = l.id
  left join requests rq on rq.case_id = l.id
 group by p.period`;

export interface LiveCohortRow {
  period: string;
  cases: number;
  warning: number;
  restriction: number;
  days_median: number | null;
  days_n: number;
  length_median: number | null;
  length_n: number;
  appeals_lodged: number;
  appeals_decided: number;
  appeals_upheld: number;
  requests: number;
}

/** Purged cases, from what their anonymous statistic keeps (month, stages, types, outcomes). */
export const PURGED_COHORT_SQL = `
with ${PERIODS}, ${KINDS}
select p.period,
       count(*)::int as cases,
       count(*) filter (where f.warning)::int as warning,
       count(*) filter (where f.restriction)::int as restriction,
       coalesce(sum(cardinality(s.appeal_outcomes)), 0)::int as appeals_lodged,
       coalesce(sum((select count(*) from unnest(s.appeal_outcomes) o where o <> 'lodged')), 0)::int as appeals_decided,
       coalesce(sum((select count(*) from unnest(s.appeal_outcomes) o where o in ('upheld', 'varied'))), 0)::int as appeals_upheld
  from case_statistic s
  join periods p on s.opened_month >= p.first_day and s.opened_month < p.after_day
  cross join lateral (
    select coalesce(bool_or(z.kind = 'warning'), false) as warning,
           coalesce(bool_or(z.kind in ${RESTRICTIVE}), false) as restriction
      from (select s.final_stage_kind as kind
            union all
            select k.kind from unnest(s.stages_reached) as st(stage)
              join kinds k on k.version = s.policy_version and k.stage = st.stage) z
  ) f
 where s.tenant_id = $1
 group by p.period`;

export interface PurgedCohortRow {
  period: string;
  cases: number;
  warning: number;
  restriction: number;
  appeals_lodged: number;
  appeals_decided: number;
  appeals_upheld: number;
}

/**
 * Mix tables: one row per (period, table, category) with the number of cases
 * (requests, for derestriction outcomes), and one row per (period, table) with
 * category null holding the table's base.
 */
export const MIX_SQL = `
with ${PERIODS}, ${LIVE},
live_p as (
  select l.id, p.period from live l join periods p on l.opened_at >= p.starts and l.opened_at < p.ends
),
purged_p as (
  select s.id, s.restriction_types, p.period
    from case_statistic s
    join periods p on s.opened_month >= p.first_day and s.opened_month < p.after_day
   where s.tenant_id = $1
),
types as (
  select lp.period, r.case_id, r.type
    from restriction r join live_p lp on lp.id = r.case_id
   where r.tenant_id = $1
  union
  select pp.period, pp.id, t.type from purged_p pp cross join unnest(pp.restriction_types) as t(type)
),
contacts as (
  select lp.period, ct.case_id, ct.channel, ct.behaviour_categories
    from contact ct join live_p lp on lp.id = ct.case_id
   where ct.tenant_id = $1
),
requests as (
  select lp.period, q.status
    from derestriction_request q join live_p lp on lp.id = q.case_id
   where q.tenant_id = $1
)
select period, 'restriction-types' as mix, type as category, count(distinct case_id)::int as n
  from types group by period, type
union all
select period, 'restriction-types', null, count(distinct case_id)::int from types group by period
union all
select c.period, 'behaviour-categories', b.category, count(distinct c.case_id)::int
  from contacts c cross join unnest(c.behaviour_categories) as b(category) group by c.period, b.category
union all
select period, 'contact-channels', channel, count(distinct case_id)::int from contacts group by period, channel
union all
select period, 'behaviour-categories', null, count(distinct case_id)::int from contacts group by period
union all
select period, 'contact-channels', null, count(distinct case_id)::int from contacts group by period
union all
select period, 'derestriction-outcomes', status, count(*)::int from requests group by period, status
union all
select period, 'derestriction-outcomes', null, count(*)::int from requests group by period`;

export interface MixRow {
  period: string;
  mix: string;
  category: string | null;
  n: number;
}

/**
 * Reviews on time, by due date. A due date is set by a decision (a stage move's
 * review date: the first one of a restriction) or by a review (its next review
 * date), and answered by the case's next review. A decision's date lapses when
 * another decision moves the case before any review; a review's when the case
 * is no longer due on it unanswered (the case moved on). An open case's current
 * review_due_at that neither set (e.g. moved to a new policy version) counts
 * too. A due date counts once answered, or once its day has passed unanswered
 * (late); on time = answered on or before its day (UTC).
 */
export const REVIEWS_SQL = `
with ${PERIODS},
moves as (
  select d.case_id, d.decided_at, d.review_due_at,
         lead(d.decided_at) over (partition by d.case_id order by d.decided_at, d.id) as moved_at
    from decision d
   where d.tenant_id = $1 and d.kind <> 'review' and d.to_stage is distinct from d.from_stage
),
decision_set as (
  select m.case_id, m.review_due_at as due, m.moved_at,
         (select min(r.reviewed_at) from review r
           where r.tenant_id = $1 and r.case_id = m.case_id and r.reviewed_at >= m.decided_at) as answered_at
    from moves m
   where m.review_due_at is not null
),
review_set as (
  select r.case_id, r.next_review_due_at as due,
         lead(r.reviewed_at) over (partition by r.case_id order by r.reviewed_at, r.id) as answered_at
    from review r
   where r.tenant_id = $1
),
dues as (
  select ds.due, ds.answered_at
    from decision_set ds
   where (ds.answered_at is not null and (ds.moved_at is null or ds.answered_at <= ds.moved_at))
      or (ds.answered_at is null and ds.moved_at is null
          and exists (select 1 from managed_case c
                       where c.tenant_id = $1 and c.id = ds.case_id and c.status = 'open' and c.review_due_at = ds.due))
  union all
  select rs.due, rs.answered_at
    from review_set rs
   where rs.due is not null
     and (rs.answered_at is not null
          or exists (select 1 from managed_case c
                      where c.tenant_id = $1 and c.id = rs.case_id and c.status = 'open' and c.review_due_at = rs.due))
  union all
  select c.review_due_at, null
    from managed_case c
   where c.tenant_id = $1 and c.status = 'open' and c.review_due_at is not null
     and not exists (select 1 from review r
                      where r.tenant_id = $1 and r.case_id = c.id and r.next_review_due_at = c.review_due_at)
     and not exists (select 1 from decision d
                      where d.tenant_id = $1 and d.case_id = c.id and d.review_due_at = c.review_due_at
                        and d.kind <> 'review' and d.to_stage is distinct from d.from_stage)
),
days as (
  select (d.due at time zone 'UTC')::date as due_day,
         (d.answered_at at time zone 'UTC')::date as answered_day
    from dues d
)
select p.period,
       count(*)::int as due,
       count(*) filter (where d.answered_day <= d.due_day)::int as on_time
  from days d
  join periods p on d.due_day >= p.first_day and d.due_day < p.after_day
 where d.answered_day is not null or d.due_day < ($3::timestamptz at time zone 'UTC')::date
 group by p.period`;

export interface ReviewsRow {
  period: string;
  due: number;
  on_time: number;
}
