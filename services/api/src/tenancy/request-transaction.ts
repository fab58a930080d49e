import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { TenantEntityManager } from '@conduct/db';

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
