import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import { AppUser, PolicyVersion, Tenant, type TenantEntityManager } from '@conduct/db';
import { appendVocabularyEvent, DomainError, notFound } from '@conduct/casework';
import { TENANT_ADMIN_ROLE } from '../authorization/permissions';
import type { RequestContext } from '../request/context';
import { checkPolicySource, sha256 } from '../policy-versions/policy-source';
import { policyIssuesError } from '../policy-versions/policy-version.errors';
import {
  clearedIdentityProvider,
  proposeIdentityProvider,
  warnOnV1Issuer,
} from '../identity/identity-provider.service';
import { asTenant, operatorOf, recordOperatorEvent } from './operator.session';
import type { TenantNode } from './tenant.type';
import type { createTenantSchema, identityProviderSchema } from './tenant.inputs';

export function toTenantNode(t: Tenant): TenantNode {
  return {
    id: t.id,
    slug: t.slug,
    name: t.name,
    population: t.population,
    benchmarkingOptIn: t.benchmarkingOptIn,
    status: t.status,
    identityProvider:
      t.oidcIssuer && t.oidcJwksUrl && t.oidcAudience
        ? { issuer: t.oidcIssuer, jwksUrl: t.oidcJwksUrl, audience: t.oidcAudience }
        : null,
    pendingIdentityProvider:
      t.pendingOidcIssuer && t.pendingOidcJwksUrl && t.pendingOidcAudience
        ? {
            issuer: t.pendingOidcIssuer,
            jwksUrl: t.pendingOidcJwksUrl,
            audience: t.pendingOidcAudience,
          }
        : null,
    createdAt: t.createdAt,
    suspendedAt: t.suspendedAt,
  };
}

export async function listTenants(ctx: RequestContext): Promise<Tenant[]> {
  return operatorOf(ctx).em.find(Tenant, { order: { slug: 'ASC' } });
}

async function loadTenant(ctx: RequestContext, id: string): Promise<Tenant> {
  const tenant = await operatorOf(ctx).em.findOne(Tenant, { where: { id } });
  if (!tenant) throw notFound('Tenant');
  return tenant;
}

async function refuseIssuerClash(
  em: EntityManager,
  idp: z.infer<typeof identityProviderSchema>,
  except?: string,
) {
  const clash = await em.findOne(Tenant, {
    where: { oidcIssuer: idp.issuer, oidcAudience: idp.audience },
  });
  if (clash && clash.id !== except) {
    throw new DomainError('CONFLICT', 'Another council already uses this issuer and audience', {
      field: 'input.identityProvider.issuer',
    });
  }
}

/**
 * Creates a council with its starting policy (version 1, active) and its first
 * tenant admin. The operator's transaction has no tenant; the new council's
 * rows are written with the tenant set only for these inserts, on a council
 * that has no case data yet, and the setting is cleared straight after.
 */
export async function createTenant(
  ctx: RequestContext,
  input: z.infer<typeof createTenantSchema>,
): Promise<Tenant> {
  const { em, operator } = operatorOf(ctx);
  const now = ctx.services.clock.now();
  if (await em.findOne(Tenant, { where: { slug: input.slug } })) {
    throw new DomainError('CONFLICT', 'A council with this slug exists', { field: 'input.slug' });
  }
  if (input.identityProvider) {
    await refuseIssuerClash(em, input.identityProvider);
    warnOnV1Issuer(ctx, input.slug, input.identityProvider.issuer);
  }
  const { policy, errors } = checkPolicySource(input.policyText, input.policyFormat, input.slug);
  if (!policy) throw policyIssuesError(errors, 'input.policyText');

  const tenant = await em.save(
    em.create(Tenant, {
      slug: input.slug,
      name: input.name,
      population: input.population,
      benchmarkingOptIn: input.benchmarkingOptIn,
      status: 'active',
      oidcIssuer: input.identityProvider?.issuer ?? null,
      oidcJwksUrl: input.identityProvider?.jwksUrl ?? null,
      oidcAudience: input.identityProvider?.audience ?? null,
      suspendedAt: null,
    }),
  );
  await asTenant(ctx, tenant.id, (scoped) =>
    bootstrapTenant(scoped, input, policy, operator.id, now),
  );
  await recordOperatorEvent(ctx, {
    action: 'tenant.created',
    tenantId: tenant.id,
    payload: { slug: tenant.slug },
  });
  return tenant;
}

async function bootstrapTenant(
  em: TenantEntityManager,
  input: z.infer<typeof createTenantSchema>,
  policy: unknown,
  operatorId: string,
  now: Date,
): Promise<void> {
  const tenantId = em.tenantId;
  const admin = await em.save(
    em.create(AppUser, {
      tenantId,
      email: input.firstAdmin.email,
      displayName: input.firstAdmin.displayName,
      roles: [TENANT_ADMIN_ROLE],
      active: true,
      kind: 'person',
      subject: null,
      deactivatedAt: null,
    }),
  );
  const version = await em.save(
    em.create(PolicyVersion, {
      tenantId,
      version: 1,
      status: 'active',
      sourceText: input.policyText,
      sourceFormat: input.policyFormat,
      sourceHash: sha256(input.policyText),
      document: policy,
      activatedAt: now,
    }),
  );
  const via = { via: 'operator', operatorId };
  await appendVocabularyEvent(em, {
    actorId: null,
    action: 'tenant.created',
    entityType: 'tenant',
    entityId: tenantId,
    payload: via,
    occurredAt: now,
  });
  await appendVocabularyEvent(em, {
    actorId: null,
    action: 'policy.activated',
    entityType: 'policy_version',
    entityId: version.id,
    payload: { ...via, version: 1, sourceHash: version.sourceHash },
    occurredAt: now,
  });
  await appendVocabularyEvent(em, {
    actorId: null,
    action: 'user.invited',
    entityType: 'user',
    entityId: admin.id,
    payload: { ...via, roles: admin.roles },
    occurredAt: now,
  });
}

/** Suspends a council: from the next request its users' tokens and API keys are refused. */
export async function suspendTenant(ctx: RequestContext, id: string): Promise<Tenant> {
  const tenant = await loadTenant(ctx, id);
  if (tenant.status === 'suspended') return tenant;
  tenant.status = 'suspended';
  tenant.suspendedAt = ctx.services.clock.now();
  await operatorOf(ctx).em.save(tenant);
  await recordOperatorEvent(ctx, { action: 'tenant.suspended', tenantId: id });
  return tenant;
}

export async function reinstateTenant(ctx: RequestContext, id: string): Promise<Tenant> {
  const tenant = await loadTenant(ctx, id);
  if (tenant.status === 'active') return tenant;
  tenant.status = 'active';
  tenant.suspendedAt = null;
  await operatorOf(ctx).em.save(tenant);
  await recordOperatorEvent(ctx, { action: 'tenant.reinstated', tenantId: id });
  return tenant;
}

/**
 * Proposes (or, with null, clears) how a council's staff sign in. A proposed
 * provider signs nobody in until one of the council's tenant admins accepts
 * it, so an operator cannot repoint a council to an issuer they control and
 * sign in as its staff; clearing only locks everyone out. Either way the
 * council's own audit chain records it and its tenant admins are told.
 */
export async function setIdentityProvider(
  ctx: RequestContext,
  id: string,
  idp: z.infer<typeof identityProviderSchema> | null,
): Promise<Tenant> {
  const { em, operator } = operatorOf(ctx);
  const tenant = await loadTenant(ctx, id);
  const now = ctx.services.clock.now();
  if (idp) {
    if (tenant.oidcIssuer === null) {
      // Nobody can sign in to accept it: the deployment applies a first provider.
      throw new DomainError(
        'CONFLICT',
        'identityProvider: this council has no identity provider, so no tenant admin can sign in to accept one; the deployment sets its first provider from tenants/<slug>/identity-provider.yaml with `pnpm tenants:apply` (recorded in the council’s audit chain)',
        { field: 'identityProvider' },
      );
    }
    await refuseIssuerClash(em, idp, id);
    warnOnV1Issuer(ctx, id, idp.issuer);
    await asTenant(ctx, id, (scoped) =>
      proposeIdentityProvider(scoped, tenant, idp, operator.id, now),
    );
  } else {
    Object.assign(tenant, {
      oidcIssuer: null,
      oidcJwksUrl: null,
      oidcAudience: null,
      pendingOidcIssuer: null,
      pendingOidcJwksUrl: null,
      pendingOidcAudience: null,
      pendingOidcRequestedAt: null,
      pendingOidcRequestedBy: null,
    });
    await em.save(tenant);
    await asTenant(ctx, id, (scoped) => clearedIdentityProvider(scoped, tenant, operator.id, now));
  }
  await recordOperatorEvent(ctx, {
    action: idp ? 'tenant.identity-provider-proposed' : 'tenant.identity-provider-cleared',
    tenantId: id,
  });
  return tenant;
}
