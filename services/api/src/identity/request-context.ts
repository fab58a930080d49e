import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { EntityManager } from 'typeorm';
import { ApiKey, ApiKeyLocator, AppUser, Tenant } from '@conduct/db';
import { abilityFor, defineAbility, defineOperatorAbility } from '../authorization/ability';
import { secretMatches } from '../api-keys/api-key.secret';
import { decidingRoles } from '../authorization/separation-of-duties';
import type { ApiServices, RequestContext } from '../request/context';
import { RequestTransaction } from '../request/transaction';
import { TenantDirectory } from './tenant-directory';
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
export async function buildRequestContext(
  services: ApiServices,
  req: IncomingMessage,
): Promise<Built> {
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
  const directory = TenantDirectory.of(services.ds);
  // A council that has spent its budget is refused before its token's signature is checked.
  const refuseSpent = services.rateLimits
    ? (tenantId: string) => services.rateLimits!.refuseSpentCouncil(tenantId)
    : undefined;
  const verified = await verifyBearer(directory, credential.token, services.auth, refuseSpent);
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
  const { tx, opened } = await councilSlot(
    services,
    verified.tenant.id,
    () => RequestTransaction.beginSession(services.ds, verified.tenant.id, verified.identity),
    (o) => o.tx,
  );
  return guarded(tx, async () => {
    // The token was verified with what the directory knew; the row read in this
    // transaction must still say the same, or the request is refused.
    if (!opened.tenant || !sameIdentityProvider(verified.tenant, opened.tenant)) {
      directory.forget(verified.tenant.id);
      throw new AuthenticationError('unknown or suspended tenant');
    }
    // The session read found a user already bound to (issuer, subject), or named
    // by a development token; anyone else goes through the binding rules.
    const user =
      opened.user ?? (await findStaffUser(tx.em, verified.identity, services.clock.now()));
    if (!user) throw new AuthenticationError('no such user in this council');
    return tenantSession(
      services,
      correlationId,
      tx,
      opened.tenant,
      user,
      opened.policyVersionId ?? null,
    );
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

function sameIdentityProvider(verifiedWith: Tenant, now: Tenant): boolean {
  return (
    now.status === 'active' &&
    now.slug === verifiedWith.slug &&
    now.oidcIssuer === verifiedWith.oidcIssuer &&
    now.oidcJwksUrl === verifiedWith.oidcJwksUrl &&
    now.oidcAudience === verifiedWith.oidcAudience
  );
}

/**
 * `activeVersionId`: the tenant's active policy version when the session
 * statement already read it (null: there is none); omitted, it is looked up.
 */
async function tenantSession(
  services: ApiServices,
  correlationId: string,
  tx: RequestTransaction,
  tenant: Tenant,
  user: AppUser,
  activeVersionId?: string | null,
): Promise<Built> {
  if (!user.active) throw new AuthenticationError('this user has been deactivated');
  const active =
    activeVersionId === undefined
      ? await services.policies.active(tx.em)
      : activeVersionId && {
          id: activeVersionId,
          policy: await services.policies.get(tx.em, activeVersionId),
        };
  if (!active) throw new AuthenticationError('this council has no active policy yet');
  const session = {
    tenant,
    user,
    em: tx.em,
    policy: active.policy,
    policyVersionId: active.id,
    actor: { userId: user.id, roles: user.roles },
  };
  const ability = abilityFor(
    { id: user.id, tenantId: user.tenantId, roles: user.roles },
    active.id,
    active.policy,
  );
  return { ctx: { services, correlationId, ability, session, transaction: tx }, tx };
}

/**
 * Opens a council's request transaction once the council has a free
 * concurrency slot (fair sharing of the pool and the process); the slot is
 * freed when the transaction ends. A council over its budget is refused first.
 */
async function councilSlot<T>(
  services: ApiServices,
  tenantId: string,
  open: () => Promise<T>,
  txOf: (opened: T) => RequestTransaction,
): Promise<T> {
  const limits = services.rateLimits;
  if (!limits) return open();
  await limits.refuseSpentCouncil(tenantId);
  const release = await limits.acquireSlot(tenantId);
  try {
    const opened = await open();
    txOf(opened).onFinish(release);
    return opened;
  } catch (e) {
    release();
    throw e;
  }
}

/** The council's request transaction (API keys), in a concurrency slot. */
function councilTransaction(services: ApiServices, tenantId: string): Promise<RequestTransaction> {
  return councilSlot(
    services,
    tenantId,
    () => RequestTransaction.begin(services.ds, tenantId),
    (tx) => tx,
  );
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
