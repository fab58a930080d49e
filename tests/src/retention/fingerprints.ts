import type { Client } from 'pg';

/** key -> md5 of the rows' versions, so "nothing was written" is one comparison. */
export type Fingerprint = Record<string, string>;

/**
 * A row version is its (ctid, xmin): Postgres never updates a row in place, so
 * any insert, update or delete changes the set (even an update to the same
 * values), and no row's text has to be read.
 */
const VERSION = (x: string) => `${x}.ctid::text || '/' || ${x}.xmin::text`;

/** Tables whose own id is the case's. */
const KEYED_BY_CASE_ID = new Set(['managed_case', 'case_statistic']);

interface TableShape {
  table: string;
  tenanted: boolean;
  caseKey: 'case_id' | 'id' | null;
}

/**
 * Fingerprints of every base table of the database, read as its owner (past
 * row-level security). Statements are prepared once: planning a union of every
 * table costs more than running it.
 */
export class Fingerprints {
  private constructor(
    private readonly owner: Client,
    private readonly databaseSql: string,
    private readonly tenantSql: string,
  ) {}

  static async of(owner: Client): Promise<Fingerprints> {
    const { rows } = await owner.query(
      `select c.table_name as table,
              bool_or(c.column_name = 'tenant_id') as tenanted,
              bool_or(c.column_name = 'case_id') as has_case
         from information_schema.columns c
         join information_schema.tables t using (table_schema, table_name)
        where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
        group by c.table_name order by c.table_name`,
    );
    const shapes: TableShape[] = (
      rows as { table: string; tenanted: boolean; has_case: boolean }[]
    ).map((r) => ({
      table: r.table,
      tenanted: r.tenanted,
      caseKey: KEYED_BY_CASE_ID.has(r.table) ? 'id' : r.has_case ? 'case_id' : null,
    }));
    const database = shapes.map(
      (s) =>
        `select '${s.table}:' || ${s.tenanted ? 'x.tenant_id::text' : `'platform'`} as key,
                count(*) || ':' || md5(string_agg(${VERSION('x')}, '|' order by x.ctid)) as print
           from "${s.table}" x group by 1`,
    );
    const caseLines = shapes
      .filter((s) => s.tenanted && s.caseKey)
      .map(
        (s) =>
          `select 'case:' || x.${s.caseKey} as key, '${s.table}/' || ${VERSION('x')} as line
             from "${s.table}" x where x.tenant_id = $1 and x.${s.caseKey} is not null`,
      );
    const customerLines = [
      `select 'customer:' || x.id, ${VERSION('x')} from customer x where x.tenant_id = $1`,
      `select 'customer:' || x.customer_id, 'contact/' || ${VERSION('x')}
         from contact x where x.tenant_id = $1 and x.case_id is null`,
    ];
    return new Fingerprints(
      owner,
      database.join('\nunion all\n'),
      `select key, md5(string_agg(line, '|' order by line)) as print
         from (${[...caseLines, ...customerLines].join('\nunion all\n')}) r group by key`,
    );
  }

  /** `<table>:<tenant id or "platform">` for every table and tenant with rows. */
  database(): Promise<Fingerprint> {
    return this.collect('fingerprint-database', this.databaseSql, []);
  }

  /**
   * `case:<id>`: the case row and every row of the tenant that points at it;
   * `customer:<id>`: the customer row and the contacts logged against no case.
   */
  tenant(tenantId: string): Promise<Fingerprint> {
    return this.collect('fingerprint-tenant', this.tenantSql, [tenantId]);
  }

  private async collect(name: string, text: string, values: unknown[]): Promise<Fingerprint> {
    const { rows } = await this.owner.query({ name, text, values });
    return Object.fromEntries(
      (rows as { key: string; print: string }[]).map((r) => [r.key, r.print]),
    );
  }
}
