import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

const lists = new Map<unknown, string>();

/**
 * The select list of an entity's columns, each aliased to its property name
 * (`c.opened_at as "openedAt"`), so a plain `em.query` returns rows shaped like
 * the entity without TypeORM building the query or hydrating the result:
 * read paths need the values, not entities.
 */
export function columnsOf<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  alias: string,
  prefix = '',
): string {
  const key = `${String((target as { name?: string }).name ?? target)}|${alias}|${prefix}`;
  let list = lists.get(key);
  if (!list) {
    list = em.connection
      .getMetadata(target)
      .columns.map((c) => `${alias}.${c.databaseName} as "${prefix}${c.propertyName}"`)
      .join(', ');
    lists.set(key, list);
  }
  return list;
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
