import { PolicyVersion, type TenantEntityManager } from '@conduct/db';
import { checkPolicyText, type Policy } from '@conduct/policy';
import { In } from 'typeorm';

const ACTIVATED: PolicyVersion['status'][] = ['active', 'superseded'];

export interface LoadedPolicy {
  id: string;
  version: number;
  policy: Policy;
}

/**
 * Parsed activated policy versions by id. An activated version is immutable, so
 * the cache lives as long as the process. Drafts are never loaded: they may be
 * invalid and still change, and no case is ever pinned to one.
 */
export class PolicyVersions {
  private readonly parsed = new Map<string, LoadedPolicy>();

  async get(em: TenantEntityManager, id: string): Promise<LoadedPolicy> {
    const hit = this.parsed.get(id);
    if (hit) return hit;
    const row = await em.findOneOrFail(PolicyVersion, {
      where: { tenantId: em.tenantId, id, status: In(ACTIVATED) },
    });
    return this.remember(row);
  }

  /** Every activated version of the tenant (cases stay pinned to the version they were opened under). */
  async all(em: TenantEntityManager): Promise<LoadedPolicy[]> {
    const rows = await em.find(PolicyVersion, {
      where: { tenantId: em.tenantId, status: In(ACTIVATED) },
    });
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
