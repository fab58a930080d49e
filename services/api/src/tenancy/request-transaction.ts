import type { DataSource, QueryRunner } from 'typeorm';
import type { TenantEntityManager } from '@conduct/db';

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
    return new RequestTransaction(runner, Object.assign(runner.manager, { tenantId }) as TenantEntityManager);
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
