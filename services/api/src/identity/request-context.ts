import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { EntityManager } from 'typeorm';
import { ApiKey, ApiKeyLocator, AppUser, Tenant } from '@conduct/db';
import { defineAbility, defineOperatorAbility } from '../authorization/ability';
import { secretMatches } from '../api-keys/api-key.secret';
import { decidingRoles } from '../authorization/separation-of-duties';
import type { ApiServices, RequestContext } from '../context';
import { RequestTransaction } from '../tenancy/request-transaction';
import {
  AuthenticationError,
  parseAuthorization,
  verifyBearer,
  type Credential,
} from './authenticate';
import { findOperator, findStaffUser } from './user-match';

type Built = { ctx: RequestContext; tx?: RequestTransaction<EntityManager> };

/**
 * Builds the context of one request: verifies the credential, opens the
 * tenant's transaction, finds the active user in it and builds the ability.
 * The user is re-read on every request, so a deactivated user or a revoked key
 * stops working at once. A platform operator gets a transaction with no tenant
 * (RLS: zero tenant rows). A refused credential leaves the request anonymous
 * with the reason kept for resolvers.
 */
export async function buildRequestContext(services: ApiServices, req: Request): Promise<Built> {
  const correlationId = randomUUID();
  try {
    const credential = parseAuthorization(req.headers.authorization);
    if (!credential) return anonymous(services, correlationId);
    return await authenticated(services, correlationId, credential);
  } catch (e) {
    if (e instanceof AuthenticationError) return anonymous(services, correlationId, e.message);
    throw e;
  }
}

function anonymous(services: ApiServices, correlationId: string, authError?: string): Built {
  return {
    ctx: { services, correlationId, ability: defineAbility(undefined, undefined), authError },
  };
}

async function authenticated(
  services: ApiServices,
  correlationId: string,
  credential: Credential,
): Promise<Built> {
  if (credential.kind === 'api-key') return apiKeySession(services, correlationId, credential);
  const verified = await verifyBearer(services.ds.manager, credential.token, services.auth);
  if (verified.kind === 'operator') {
    const tx = await RequestTransaction.beginPlatform(services.ds);
    return guarded(tx, async () => {
      const operator = await findOperator(tx.em, verified.identity);
      if (!operator || !operator.active) throw new AuthenticationError('not a platform operator');
      const ctx: RequestContext = {
        services,
        correlationId,
        ability: defineOperatorAbility(),
        operatorSession: { operator, em: tx.em },
        transaction: tx,
      };
      return { ctx, tx };
    });
  }
  const tx = await councilTransaction(services, verified.tenant.id);
  return guarded(tx, async () => {
    const user = await findStaffUser(tx.em, verified.identity, services.clock.now());
    if (!user) throw new AuthenticationError('no such user in this council');
    return tenantSession(services, correlationId, tx, verified.tenant, user);
  });
}

async function apiKeySession(
  services: ApiServices,
  correlationId: string,
  credential: { keyId: string; secret: string },
): Promise<Built> {
  const locator = await services.ds.manager.findOne(ApiKeyLocator, {
    where: { keyId: credential.keyId },
  });
  if (!locator) throw new AuthenticationError('unknown API key');
  const tenant = await services.ds.manager.findOne(Tenant, { where: { id: locator.tenantId } });
  if (!tenant || tenant.status !== 'active')
    throw new AuthenticationError('unknown or suspended tenant');
  const tx = await councilTransaction(services, tenant.id);
  return guarded(tx, async () => {
    const key = await tx.em.findOne(ApiKey, {
      where: { tenantId: tenant.id, keyId: credential.keyId },
    });
    if (!key || !secretMatches(credential.secret, key.secretHash))
      throw new AuthenticationError('unknown API key');
    if (key.revokedAt) throw new AuthenticationError('this API key has been revoked');
    if (key.expiresAt <= services.clock.now())
      throw new AuthenticationError('this API key has expired');
    const user = await tx.em.findOne(AppUser, {
      where: { tenantId: tenant.id, id: key.userId, kind: 'service' },
    });
    if (!user) throw new AuthenticationError('unknown API key');
    // The key's scope, never more than its service account holds, and never a
    // role that proposes or decides (the active policy may have made it one).
    const active = await services.policies.active(tx.em);
    const deciding = active ? decidingRoles(active.policy) : new Set<string>();
    return tenantSession(services, correlationId, tx, tenant, {
      ...user,
      roles: key.roles.filter((r) => user.roles.includes(r) && !deciding.has(r)),
    });
  });
}

async function tenantSession(
  services: ApiServices,
  correlationId: string,
  tx: RequestTransaction,
  tenant: Tenant,
  user: AppUser,
): Promise<Built> {
  if (!user.active) throw new AuthenticationError('this user has been deactivated');
  const active = await services.policies.active(tx.em);
  if (!active) throw new AuthenticationError('this council has no active policy yet');
  const session = {
    tenant,
    user,
    em: tx.em,
    policy: active.policy,
    policyVersionId: active.id,
    actor: { userId: user.id, roles: user.roles },
  };
  const ability = defineAbility(
    { id: user.id, tenantId: user.tenantId, roles: user.roles },
    active.policy,
  );
  return { ctx: { services, correlationId, ability, session, transaction: tx }, tx };
}

/**
 * The council's request transaction, opened once the council has a free
 * concurrency slot (fair sharing of the pool); the slot is freed when it ends.
 */
async function councilTransaction(
  services: ApiServices,
  tenantId: string,
): Promise<RequestTransaction> {
  await services.rateLimits?.refuseSpentCouncil(tenantId);
  const release = services.rateLimits ? await services.rateLimits.slots.acquire(tenantId) : null;
  try {
    const tx = await RequestTransaction.begin(services.ds, tenantId);
    if (release) tx.onFinish(release);
    return tx;
  } catch (e) {
    release?.();
    throw e;
  }
}

/** Rolls the transaction back when the session cannot be built. */
async function guarded<E extends EntityManager>(
  tx: RequestTransaction<E>,
  build: () => Promise<Built>,
): Promise<Built> {
  try {
    return await build();
  } catch (e) {
    await tx.finish(false);
    throw e;
  }
}
