import type { DataSource } from 'typeorm';
import { Tenant } from '@conduct/db';

const TTL_MS = 10_000;

/**
 * Tenants by token issuer and by slug, kept for a few seconds so a request
 * does not spend a statement on a separate connection before its transaction.
 * Only used to pick the keys a token is verified with: the request's own
 * transaction re-reads the tenant row (`app_open_session`) and refuses the
 * request when it is suspended or its identity provider changed.
 */
export class TenantDirectory {
  private static readonly byDataSource = new WeakMap<DataSource, TenantDirectory>();
  private readonly entries = new Map<string, { at: number; tenants: Tenant[] }>();

  private constructor(private readonly ds: DataSource) {}

  /** One directory per data source (per database). */
  static of(ds: DataSource): TenantDirectory {
    let directory = TenantDirectory.byDataSource.get(ds);
    if (!directory) TenantDirectory.byDataSource.set(ds, (directory = new TenantDirectory(ds)));
    return directory;
  }

  byIssuer(issuer: string): Promise<Tenant[]> {
    return this.lookup(`iss:${issuer}`, () =>
      this.ds.manager.find(Tenant, { where: { oidcIssuer: issuer } }),
    );
  }

  async bySlug(slug: string): Promise<Tenant | undefined> {
    const found = await this.lookup(`slug:${slug}`, async () => {
      const t = await this.ds.manager.findOne(Tenant, { where: { slug } });
      return t ? [t] : [];
    });
    return found[0];
  }

  /** Drops what is known of a tenant whose row turned out to have changed. */
  forget(tenantId: string): void {
    for (const [key, entry] of this.entries)
      if (entry.tenants.some((t) => t.id === tenantId)) this.entries.delete(key);
  }

  private async lookup(key: string, load: () => Promise<Tenant[]>): Promise<Tenant[]> {
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.tenants;
    const tenants = await load();
    // A miss is not remembered: a council created a moment ago signs in at once.
    if (tenants.length) this.entries.set(key, { at: Date.now(), tenants });
    else this.entries.delete(key);
    return tenants;
  }
}
