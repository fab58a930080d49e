import type { DataSource } from 'typeorm';

/**
 * A hash of every row one council owns, per table, read as the superuser (past
 * row-level security): two equal fingerprints mean the council's rows are
 * byte-identical. Tables are found from the catalog, so a new tenant table is
 * covered without being named here.
 */
export async function tenantFingerprint(
  owner: DataSource,
  tenantId: string,
): Promise<Record<string, string>> {
  const tables = (await owner.query(
    `select c.table_name as name
       from information_schema.columns c
       join information_schema.tables t
         on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'
      order by c.table_name`,
  )) as { name: string }[];
  const digest = (table: string, column: string) =>
    `select '${table}' as name, md5(coalesce(string_agg(x::text, E'\\n' order by x::text), '')) as hash
       from "${table}" x where x.${column} = $1`;
  const rows = (await owner.query(
    [digest('tenant', 'id'), ...tables.map((t) => digest(t.name, 'tenant_id'))].join(' union all '),
    [tenantId],
  )) as { name: string; hash: string }[];
  return Object.fromEntries(rows.map((r) => [r.name, r.hash]));
}
