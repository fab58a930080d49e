import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppUser, PolicyVersion, Tenant, withTenant } from '@conduct/db';
import { checkPolicyText } from '@conduct/policy';
import { appendVocabularyEvent } from '@conduct/casework';

const usersFileSchema = z.strictObject({
  users: z.array(
    z.strictObject({
      email: z.email(),
      name: z.string().min(1),
      roles: z.array(z.string().min(1)).min(1),
    }),
  ),
});

export interface AppliedTenant {
  slug: string;
  tenantId: string;
  policyVersion: number;
  policyChanged: boolean;
  usersAdded: number;
  /** The active version was activated through the API (it records who), not loaded from the file. */
  activeFromApi: boolean;
  /** The file changed since it was last applied, but was not applied over a version activated through the API. */
  fileChangeNotApplied: boolean;
}

export class TenantFileError extends Error {}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Loads `tenants/<slug>/policy.yaml` (and demo `users.yaml`) into the database.
 * Idempotent: a policy becomes a new active version only when the file changed
 * since it was last applied (the hash of the last version loaded from a file, i.e.
 * one that records no author, is the file's last applied hash), and never over a
 * version a tenant admin activated through the API: that stays active and the
 * result says the file was not applied. Users are added when missing. Every
 * change is audited.
 */
export async function applyTenantFolder(
  ds: DataSource,
  folder: string,
  now: Date,
): Promise<AppliedTenant> {
  const source = readFileSync(join(folder, 'policy.yaml'), 'utf8');
  const { policy, errors } = checkPolicyText(source, 'yaml');
  if (!policy) {
    const lines = errors.map(
      (e) => `  ${e.path}${e.line ? ` (line ${e.line})` : ''}: ${e.message}`,
    );
    throw new TenantFileError(`${folder}/policy.yaml is not valid:\n${lines.join('\n')}`);
  }
  const usersPath = join(folder, 'users.yaml');
  const users = existsSync(usersPath)
    ? usersFileSchema.parse(parseYaml(readFileSync(usersPath, 'utf8'))).users
    : [];
  for (const u of users) {
    const unknown = u.roles.filter((r) => r !== 'tenant-admin' && !(r in policy.roles));
    if (unknown.length)
      throw new TenantFileError(`${usersPath}: ${u.email} has unknown roles ${unknown.join(', ')}`);
  }

  let tenant = await ds.manager.findOne(Tenant, { where: { slug: policy.slug } });
  if (!tenant) {
    tenant = await ds.manager.save(
      ds.manager.create(Tenant, {
        slug: policy.slug,
        name: policy.name,
        population: policy.population,
        benchmarkingOptIn: policy.benchmarking.optIn,
        status: 'active',
        oidcIssuer: null,
        oidcJwksUrl: null,
        oidcAudience: null,
      }),
    );
  }
  const tenantId = tenant.id;

  return withTenant(ds, tenantId, async (em) => {
    const hash = sha256(source);
    const versions = await em.find(PolicyVersion, {
      where: { tenantId },
      order: { version: 'DESC' },
    });
    const active = versions.find((v) => v.status === 'active');
    let policyVersion = active?.version ?? 0;
    // Versions made through the API record their author; those loaded from a file do not.
    const lastFromFile = versions.find((v) => v.createdBy === null);
    const fileChanged = lastFromFile?.sourceHash !== hash;
    const activeFromApi = !!active && active.createdBy !== null;
    const policyChanged = !active || (fileChanged && !activeFromApi);
    if (policyChanged) {
      if (active)
        await em.update(PolicyVersion, { tenantId, id: active.id }, { status: 'superseded' });
      policyVersion = (versions[0]?.version ?? 0) + 1;
      const row = await em.save(
        em.create(PolicyVersion, {
          tenantId,
          version: policyVersion,
          status: 'active',
          sourceText: source,
          sourceHash: hash,
          document: policy,
          activatedAt: now,
        }),
      );
      await appendVocabularyEvent(em, {
        actorId: null,
        action: 'policy.activated',
        entityType: 'policy_version',
        entityId: row.id,
        payload: { version: policyVersion, sourceHash: hash, via: 'tenants:apply' },
        occurredAt: now,
      });
    }
    let usersAdded = 0;
    for (const u of users) {
      const exists = await em.findOne(AppUser, { where: { tenantId, email: u.email } });
      if (exists) continue;
      const row = await em.save(
        em.create(AppUser, {
          tenantId,
          email: u.email,
          displayName: u.name,
          roles: u.roles,
          active: true,
          subject: null,
        }),
      );
      await appendVocabularyEvent(em, {
        actorId: null,
        action: 'user.added',
        entityType: 'user',
        entityId: row.id,
        payload: { roles: u.roles, via: 'tenants:apply' },
        occurredAt: now,
      });
      usersAdded += 1;
    }
    return {
      slug: policy.slug,
      tenantId,
      policyVersion,
      policyChanged,
      usersAdded,
      activeFromApi,
      fileChangeNotApplied: fileChanged && activeFromApi,
    };
  });
}

/** Every council folder under `dir` (those with a policy.yaml), in name order. */
export async function applyTenants(
  ds: DataSource,
  dir: string,
  now: Date,
): Promise<AppliedTenant[]> {
  const folders = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'policy.yaml')))
    .map((d) => join(dir, d.name))
    .sort();
  const applied: AppliedTenant[] = [];
  for (const folder of folders) applied.push(await applyTenantFolder(ds, folder, now));
  return applied;
}

/** The repository's tenants/ folder. */
export const TENANTS_DIR = join(__dirname, '..', '..', '..', '..', 'tenants');
