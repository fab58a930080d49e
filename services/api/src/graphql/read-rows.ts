import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

const lists = new Map<unknown, string>();

type ColumnMetadata = { databaseName: string; propertyName: string; type: unknown };

/** The entity's columns, or only those backing `properties` (unknown names are ignored). */
function columnsFor<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  properties?: readonly string[],
): ColumnMetadata[] {
  const columns = em.connection.getMetadata(target).columns as ColumnMetadata[];
  return properties ? columns.filter((c) => properties.includes(c.propertyName)) : columns;
}

/** Memoised by entity, alias, prefix and property list: the lists are built per request otherwise. */
function memo(key: string, build: () => string): string {
  let list = lists.get(key);
  if (list === undefined) lists.set(key, (list = build()));
  return list;
}

const nameOf = (target: unknown) => String((target as { name?: string }).name ?? target);

/**
 * The select list of an entity's columns (or of those backing `properties`),
 * each aliased to its property name (`c.opened_at as "openedAt"`), so a plain
 * `em.query` returns rows shaped like the entity without TypeORM building the
 * query or hydrating the result: read paths need the values, not entities.
 */
export function columnsOf<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  alias: string,
  prefix = '',
  properties?: readonly string[],
): string {
  return memo(`${nameOf(target)}|${alias}|${prefix}|${properties?.join(',') ?? '*'}`, () =>
    columnsFor(em, target, properties)
      .map((c) => `${alias}.${c.databaseName} as "${prefix}${c.propertyName}"`)
      .join(', '),
  );
}

/**
 * A `json_build_object` of an entity's columns backing `properties` (all when
 * omitted), keyed by property name: nested lists of a page are read in the
 * page's own statement, aggregated with `json_agg`.
 */
export function jsonObjectOf<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  alias: string,
  properties?: readonly string[],
): string {
  return memo(`json|${nameOf(target)}|${alias}|${properties?.join(',') ?? '*'}`, () => {
    const pairs = columnsFor(em, target, properties).map(
      (c) => `'${c.propertyName}', ${alias}.${c.databaseName}`,
    );
    return `json_build_object(${pairs.join(', ')})`;
  });
}

const timestamps = new Map<unknown, string[]>();

/**
 * Rows read back from JSON with their timestamps as Dates again (JSON carries
 * them as ISO text), in place: the same values a plain row read gives.
 */
export function reviveRows<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  rows: Record<string, unknown>[],
): T[] {
  let dates = timestamps.get(target);
  if (!dates) {
    dates = columnsFor(em, target)
      .filter((c) => c.type === 'timestamptz' || c.type === Date)
      .map((c) => c.propertyName);
    timestamps.set(target, dates);
  }
  for (const row of rows)
    for (const key of dates) {
      const value = row[key];
      if (typeof value === 'string') row[key] = new Date(value);
    }
  return rows as T[];
}

/** Positional parameters for hand-written SQL: `p.add(value)` returns `$n`. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** A condition with named parameters (`alias.col = :name`, as accessibleWhere builds) made positional. */
  named(where: { sql: string; params: Record<string, unknown> }): string {
    return where.sql.replace(/:(\w+)/g, (whole, name: string) =>
      name in where.params ? this.add(where.params[name]) : whole,
    );
  }
}
