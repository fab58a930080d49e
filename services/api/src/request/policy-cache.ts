import { checkPolicyText, type Policy } from '@conduct/policy';
import { PolicyVersion, type TenantEntityManager } from '@conduct/db';

/**
 * Parsed policies by version id. Safe to cache for the life of the process
 * because an activated version is immutable (a database trigger refuses any
 * change to it); drafts are never served from here.
 */
export class PolicyCache {
  private readonly parsed = new Map<string, { policy: Policy; version: number }>();

  async get(em: TenantEntityManager, versionId: string): Promise<Policy> {
    return (await this.load(em, versionId)).policy;
  }

  /** The version's number (1, 2, …) as councils refer to it. */
  async versionNumber(em: TenantEntityManager, versionId: string): Promise<number> {
    return (await this.load(em, versionId)).version;
  }

  private async load(em: TenantEntityManager, versionId: string) {
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
