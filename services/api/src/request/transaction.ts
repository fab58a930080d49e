import type { DataSource, EntityManager, ObjectLiteral, QueryRunner } from 'typeorm';
import type { PoolClient, QueryResult } from 'pg';
import { AppUser, Tenant, type TenantEntityManager } from '@conduct/db';

/** What the first statement of a staff request found, in its own transaction. */
export interface OpenedSession {
  /** The tenant's row as it is now (status and identity provider re-checked by the caller). */
  tenant?: Tenant;
  /** The tenant's active policy version. */
  policyVersionId?: string;
  /** The person matched by subject, or by email when the token has no subject. */
  user?: AppUser;
}

/** An entity from a row keyed by column names (JSON rows give dates as strings). */
function entityFrom<T extends ObjectLiteral>(
  ds: DataSource,
  target: new () => T,
  row: Record<string, unknown>,
): T {
  const entity = new target();
  for (const c of ds.getMetadata(target).columns) {
    const value = row[c.databaseName];
    const isDate = c.type === 'timestamptz' || c.type === Date;
    (entity as Record<string, unknown>)[c.propertyName] =
      isDate && typeof value === 'string' ? new Date(value) : value;
  }
  return entity;
}

/**
 * Field resolvers run concurrently but share one connection: queue their
 * statements explicitly rather than rely on the driver's implicit queueing
 * (deprecated in pg 8, removed in pg 9).
 */
function serialise(runner: QueryRunner): void {
  const query = runner.query.bind(runner);
  let tail: Promise<unknown> = Promise.resolve();
  runner.query = ((...args: Parameters<QueryRunner['query']>) => {
    const run = tail.then(() => query(...args));
    tail = run.catch(() => undefined);
    return run;
  }) as QueryRunner['query'];
}

/**
 * The one transaction of an authenticated request. Its first statement sets
 * the tenant for row-level security, transaction-local so nothing leaks to the
 * next user of the pooled connection. `finish` is idempotent: the response
 * plugin commits or rolls back, and a closed socket rolls back as a fallback.
 *
 * A platform operator's request gets a transaction with no tenant set
 * (`beginPlatform`): row-level security shows it zero rows of every tenant table.
 */
export class RequestTransaction<E extends EntityManager = TenantEntityManager> {
  private finished = false;
  private readonly finishers: (() => void)[] = [];

  private constructor(
    private readonly runner: QueryRunner,
    readonly em: E,
  ) {}

  static async begin(ds: DataSource, tenantId: string): Promise<RequestTransaction> {
    const runner = await RequestTransaction.open(ds, async (r) => {
      await r.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    });
    return new RequestTransaction(
      runner,
      Object.assign(runner.manager, { tenantId }) as TenantEntityManager,
    );
  }

  /**
   * A staff request's transaction, opened with one statement (`app_open_session`)
   * that sets the tenant and reads the tenant row, the active policy version and
   * the person the token names.
   */
  static async beginSession(
    ds: DataSource,
    tenantId: string,
    who: { issuer?: string; subject?: string; devEmail?: string },
  ): Promise<{ tx: RequestTransaction; opened: OpenedSession }> {
    const { runner, rows } = await RequestTransaction.openWith(
      ds,
      `select to_jsonb(s.tenant_row) as tenant_json, s.policy_version_id, (s.person).*
         from app_open_session($1, $2, $3, $4) s`,
      [tenantId, who.issuer ?? null, who.subject ?? null, who.devEmail ?? null],
    );
    const row = rows[0];
    const tx = new RequestTransaction(
      runner,
      Object.assign(runner.manager, { tenantId }) as TenantEntityManager,
    );
    if (!row) return { tx, opened: {} };
    return {
      tx,
      opened: {
        tenant: entityFrom(ds, Tenant, row.tenant_json as Record<string, unknown>),
        policyVersionId: (row.policy_version_id as string | null) ?? undefined,
        user: row.id ? entityFrom(ds, AppUser, row) : undefined,
      },
    };
  }

  /** For platform operators: no tenant is ever set on this transaction. */
  static async beginPlatform(ds: DataSource): Promise<RequestTransaction<EntityManager>> {
    const runner = await RequestTransaction.open(ds, async (r) => {
      await r.query(`select set_config('app.tenant_id', '', true)`);
    });
    return new RequestTransaction<EntityManager>(runner, runner.manager);
  }

  private static async open(
    ds: DataSource,
    first: (r: QueryRunner) => Promise<void>,
  ): Promise<QueryRunner> {
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await first(runner);
      serialise(runner);
    } catch (e) {
      await runner.release();
      throw e;
    }
    return runner;
  }

  /**
   * Starts the transaction and runs its first statement in one round trip
   * (a round trip costs a request more CPU than anything else it does): a
   * simple-protocol `START TRANSACTION; <statement>`, whose values go in as
   * literals quoted by the driver (the simple protocol has no parameters).
   * TypeORM's runner is then told its transaction is open, as `startTransaction` leaves it.
   */
  private static async openWith(
    ds: DataSource,
    sql: string,
    values: (string | null)[],
  ): Promise<{ runner: QueryRunner; rows: Record<string, unknown>[] }> {
    const runner = ds.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      const statement = sql.replace(/\$(\d+)/g, (_, n: string) => {
        const value = values[Number(n) - 1];
        return value === null || value === undefined ? 'null' : client.escapeLiteral(value);
      });
      const results = (await client.query(
        `start transaction; ${statement}`,
      )) as unknown as QueryResult<Record<string, unknown>>[];
      Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
      serialise(runner);
      return { runner, rows: results[1]!.rows };
    } catch (e) {
      await client.query('rollback').catch(() => undefined);
      await runner.release();
      throw e;
    }
  }

  /** Runs `fn` once the transaction has ended (e.g. frees the council's concurrency slot). */
  onFinish(fn: () => void): void {
    this.finishers.push(fn);
  }

  async finish(commit: boolean): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    try {
      if (commit) await this.runner.commitTransaction();
      else await this.runner.rollbackTransaction();
    } finally {
      await this.runner.release();
      for (const fn of this.finishers) fn();
    }
  }
}
