import type { DataSource, QueryRunner } from 'typeorm';
import type { TenantEntityManager } from '@conduct/db';

/**
 * Field resolvers run concurrently but share one connection: queue their
 * statements explicitly rather than rely on the driver's implicit queueing.
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
 */
export class RequestTransaction {
  private finished = false;

  private constructor(
    private readonly runner: QueryRunner,
    readonly em: TenantEntityManager,
  ) {}

  static async begin(ds: DataSource, tenantId: string): Promise<RequestTransaction> {
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    } catch (e) {
      await runner.release();
      throw e;
    }
    serialise(runner);
    return new RequestTransaction(
      runner,
      Object.assign(runner.manager, { tenantId }) as TenantEntityManager,
    );
  }

  async finish(commit: boolean): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    try {
      if (commit) await this.runner.commitTransaction();
      else await this.runner.rollbackTransaction();
    } finally {
      await this.runner.release();
    }
  }
}
