import { checkPolicyText, type Policy } from '@conduct/policy';
import { PolicyVersion, type TenantEntityManager } from '@conduct/db';

/**
 * Parsed policies by version id. Safe to cache for the life of the process
 * because an activated version is immutable (a database trigger refuses any
 * change to it); drafts are never served from here.
 */
/** A policy version as cases pinned to it need it: the parsed policy and its number. */
export interface PinnedPolicy {
  policy: Policy;
  version: number;
}

export class PolicyCache {
  private readonly parsed = new Map<string, PinnedPolicy>();

  async get(em: TenantEntityManager, versionId: string): Promise<Policy> {
    return (await this.pinned(em, versionId)).policy;
  }

  /** The version's number (1, 2, …) as councils refer to it. */
  async versionNumber(em: TenantEntityManager, versionId: string): Promise<number> {
    return (await this.pinned(em, versionId)).version;
  }

  /** The parsed policy and its number together: one look-up for a case pinned to it. */
  async pinned(em: TenantEntityManager, versionId: string): Promise<PinnedPolicy> {
    const hit = this.parsed.get(versionId);
    if (hit) return hit;
    const row = await em.findOneOrFail(PolicyVersion, {
      where: { tenantId: em.tenantId, id: versionId },
    });
    if (row.status === 'draft')
      throw new Error(`policy version ${versionId} is a draft, not a version cases can use`);
    const { policy, errors } = checkPolicyText(row.sourceText, row.sourceFormat);
    if (!policy)
      throw new Error(
        `stored policy version ${versionId} no longer validates: ${errors[0]?.message}`,
      );
    const entry = { policy, version: row.version };
    this.parsed.set(versionId, entry);
    return entry;
  }

  /** The tenant's active version, or undefined before any policy was loaded. */
  async active(em: TenantEntityManager): Promise<{ id: string; policy: Policy } | undefined> {
    const row = await em.findOne(PolicyVersion, {
      where: { tenantId: em.tenantId, status: 'active' },
      select: { id: true, tenantId: true },
    });
    return row ? { id: row.id, policy: await this.get(em, row.id) } : undefined;
  }
}
