import { PolicyVersion, type TenantEntityManager } from '@conduct/db';
import { checkPolicyText, type Policy } from '@conduct/policy';

export interface LoadedPolicy {
  id: string;
  version: number;
  policy: Policy;
}

/**
 * Parsed policy versions by id. An activated version is immutable, so the cache
 * lives as long as the process.
 */
export class PolicyVersions {
  private readonly parsed = new Map<string, LoadedPolicy>();

  async get(em: TenantEntityManager, id: string): Promise<LoadedPolicy> {
    const hit = this.parsed.get(id);
    if (hit) return hit;
    const row = await em.findOneOrFail(PolicyVersion, { where: { tenantId: em.tenantId, id } });
    return this.remember(row);
  }

  /** Every version of the tenant (cases stay pinned to the version they were opened under). */
  async all(em: TenantEntityManager): Promise<LoadedPolicy[]> {
    const rows = await em.find(PolicyVersion, { where: { tenantId: em.tenantId } });
    return rows.map((r) => this.parsed.get(r.id) ?? this.remember(r));
  }

  private remember(row: PolicyVersion): LoadedPolicy {
    const format = row.sourceFormat === 'json' ? 'json' : 'yaml';
    const { policy, errors } = checkPolicyText(row.sourceText, format);
    if (!policy) {
      throw new Error(`stored policy version ${row.id} no longer validates: ${errors[0]?.message}`);
    }
    const loaded = { id: row.id, version: row.version, policy };
    this.parsed.set(row.id, loaded);
    return loaded;
  }
}
