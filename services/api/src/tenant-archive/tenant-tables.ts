import type { EntityManager } from 'typeorm';

/**
 * Every table holding one council's rows: those with a `tenant_id` column, read
 * from the catalog so a table added by a later migration is exported without
 * anyone remembering to list it. Ordered so a row's foreign keys point to rows
 * already inserted (a table's references to itself are checked at the end of
 * its one INSERT statement).
 */
export async function tenantTablesInOrder(em: EntityManager): Promise<string[]> {
  const tables = (
    (await em.query(
      `select c.relname as name
         from pg_class c
         join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r'
          and exists (select 1 from pg_attribute a
                       where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
        order by c.relname`,
    )) as { name: string }[]
  ).map((r) => r.name);
  const edges = (await em.query(
    `select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
       from pg_constraint c
      where c.contype = 'f' and c.connamespace = 'public'::regnamespace`,
  )) as { child: string; parent: string }[];
  const set = new Set(tables);
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const e of edges) {
    if (set.has(e.child) && set.has(e.parent) && e.child !== e.parent)
      parents.get(e.child)!.add(e.parent);
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter(
      (t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p)),
    );
    if (!ready.length) throw new Error('tenant tables have a foreign-key cycle');
    for (const t of ready) {
      ordered.push(t);
      placed.add(t);
    }
  }
  return ordered;
}

/** The primary key's columns, for a stable row order in the archive. */
export async function primaryKeyColumns(em: EntityManager, table: string): Promise<string[]> {
  const rows = (await em.query(
    `select a.attname as name
       from pg_index i
       join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indrelid = $1::regclass and i.indisprimary
      order by array_position(i.indkey, a.attnum)`,
    [table],
  )) as { name: string }[];
  return rows.map((r) => r.name);
}
