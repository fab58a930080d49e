import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppUser, PolicyVersion, Tenant, withTenant, type TenantEntityManager } from '@conduct/db';
import { checkPolicyText } from '@conduct/policy';
import { noticeToAdmins } from '../tenant-admins/notices';
import { identityProviderSchema } from '../operators/tenant.inputs';
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
  /**
   * `identity-provider.yaml`: `applied` set the council's first provider (it had
   * none); `differs` means the council already has another one, which only
   * changes by an operator's proposal and a tenant admin's acceptance.
   */
  identityProvider: 'none' | 'applied' | 'unchanged' | 'differs';
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
  const idpPath = join(folder, 'identity-provider.yaml');
  const idp = existsSync(idpPath)
    ? identityProviderSchema.parse(parseYaml(readFileSync(idpPath, 'utf8')))
    : null;
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
    const identityProvider = idp ? await applyIdentityProvider(em, idp, now) : 'none';
    return {
      identityProvider,
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

/**
 * The first identity provider of a council that has none. Nobody can sign in
 * to such a council, so no tenant admin could accept an operator's proposal:
 * the deployment applies it from the council's folder instead, recorded in the
 * council's chain and noticed to its tenant admins. A council that already
 * has a provider keeps it; changing it takes the proposal and acceptance.
 */
async function applyIdentityProvider(
  em: TenantEntityManager,
  idp: { issuer: string; jwksUrl: string; audience: string },
  now: Date,
): Promise<AppliedTenant['identityProvider']> {
  const tenant = await em.findOneOrFail(Tenant, {
    where: { id: em.tenantId },
    lock: { mode: 'pessimistic_write' },
  });
  if (tenant.oidcIssuer !== null) {
    const same =
      tenant.oidcIssuer === idp.issuer &&
      tenant.oidcJwksUrl === idp.jwksUrl &&
      tenant.oidcAudience === idp.audience;
    return same ? 'unchanged' : 'differs';
  }
  Object.assign(tenant, {
    oidcIssuer: idp.issuer,
    oidcJwksUrl: idp.jwksUrl,
    oidcAudience: idp.audience,
    pendingOidcIssuer: null,
    pendingOidcJwksUrl: null,
    pendingOidcAudience: null,
    pendingOidcRequestedAt: null,
    pendingOidcRequestedBy: null,
  });
  await em.save(tenant);
  await appendVocabularyEvent(em, {
    actorId: null,
    action: 'identity-provider.applied',
    entityType: 'tenant',
    entityId: tenant.id,
    payload: { via: 'tenants:apply' },
    occurredAt: now,
  });
  await noticeToAdmins(em, now, {
    title: 'Your council’s identity provider was set',
    body: 'The platform’s deployment set your council’s first sign-in provider. Staff are bound to it at their first sign-in by a verified email, or by the object id a tenant admin enters.',
  });
  return 'applied';
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
