import type { z } from 'zod';
import { ApiKey, ApiKeyLocator, AppUser } from '@conduct/db';
import { addDays } from '@conduct/policy';
import { DomainError, notFound } from '@conduct/casework';
import { accessibleWhere } from '../authorization/accessible-where';
import { refusal } from '../audit/refusals';
import { TENANT_ADMIN_ROLE } from '../authorization/permissions';
import { decidingRoles } from '../authorization/separation-of-duties';
import { audit, sessionOf } from '../casework/session';
import type { RequestContext } from '../request/context';
import { refuseUnknownRoles } from '../staff/staff.service';
import type { createApiKeySchema } from './api-key.inputs';
import { API_KEY_PREFIX, generateApiKey, hashSecret } from './api-key.secret';
import type { ApiKeyNode } from './api-key.type';

export function toApiKeyNode(ctx: RequestContext, k: ApiKey): ApiKeyNode {
  const status = k.revokedAt
    ? 'revoked'
    : k.expiresAt <= ctx.services.clock.now()
      ? 'expired'
      : 'active';
  return {
    id: k.id,
    prefix: `${API_KEY_PREFIX}${k.keyId}`,
    name: k.name,
    roles: k.roles,
    status,
    expiresAt: k.expiresAt,
    revokedAt: k.revokedAt,
    createdAt: k.createdAt,
    createdBy: k.createdBy,
  };
}

export async function listApiKeys(ctx: RequestContext): Promise<ApiKey[]> {
  const { em } = sessionOf(ctx);
  const where = accessibleWhere(ctx.ability, 'manage', 'Tenant', 'k');
  return em
    .createQueryBuilder(ApiKey, 'k')
    .where(where.sql, where.params)
    .orderBy('k.created_at', 'DESC')
    .addOrderBy('k.id', 'DESC')
    .getMany();
}

/**
 * Creates a key and the service account it acts as. The secret is returned
 * once; only its sha256 is stored. The platform learns only which tenant the
 * (non-secret) key id belongs to.
 */
export async function createApiKey(
  ctx: RequestContext,
  input: z.infer<typeof createApiKeySchema>,
): Promise<{ apiKey: ApiKey; secret: string }> {
  const session = sessionOf(ctx);
  const { em } = session;
  if (input.roles.includes(TENANT_ADMIN_ROLE)) {
    throw new DomainError(
      'BAD_USER_INPUT',
      'input.roles: an API key cannot administer the council',
      {
        field: 'input.roles',
      },
    );
  }
  const roles = refuseUnknownRoles(ctx, input.roles, 'input.roles');
  const deciding = roles.filter((r) => decidingRoles(session.policy).has(r));
  if (deciding.length) {
    // Separation of duties: a credential no person holds never proposes or decides.
    throw refusal(
      ctx,
      new DomainError(
        'BAD_USER_INPUT',
        `input.roles: an API key cannot hold a role that proposes or decides: ${deciding.join(', ')}`,
        { field: 'input.roles' },
      ),
      {
        tenantId: em.tenantId,
        actorId: session.user.id,
        action: 'api-key.create',
        payload: { roles: deciding },
      },
    );
  }
  const now = ctx.services.clock.now();
  const generated = generateApiKey();
  const account = await em.save(
    em.create(AppUser, {
      tenantId: em.tenantId,
      email: `api-key+${generated.keyId}@service.invalid`,
      displayName: input.name,
      roles,
      active: true,
      kind: 'service',
      subject: null,
      deactivatedAt: null,
    }),
  );
  await em.insert(ApiKeyLocator, { keyId: generated.keyId, tenantId: em.tenantId });
  const apiKey = await em.save(
    em.create(ApiKey, {
      tenantId: em.tenantId,
      keyId: generated.keyId,
      name: input.name,
      secretHash: hashSecret(generated.secret),
      roles,
      userId: account.id,
      expiresAt: addDays(now, input.expiresInDays),
      revokedAt: null,
      revokedBy: null,
      createdBy: session.user.id,
      createdAt: now,
    }),
  );
  await audit(ctx, {
    action: 'api-key.created',
    entityType: 'api_key',
    entityId: apiKey.id,
    payload: {
      keyId: apiKey.keyId,
      roles,
      expiresAt: apiKey.expiresAt.toISOString(),
      serviceUserId: account.id,
    },
  });
  return { apiKey, secret: generated.key };
}

/** Revokes a key at once (the next request with it is refused) and deactivates its service account. */
export async function revokeApiKey(ctx: RequestContext, id: string): Promise<ApiKey> {
  const session = sessionOf(ctx);
  const { em } = session;
  const key = await em.findOne(ApiKey, {
    where: { tenantId: em.tenantId, id },
    lock: { mode: 'pessimistic_write' },
  });
  if (!key) throw notFound('API key');
  if (key.revokedAt) return key;
  key.revokedAt = ctx.services.clock.now();
  key.revokedBy = session.user.id;
  await em.update(
    ApiKey,
    { tenantId: em.tenantId, id },
    { revokedAt: key.revokedAt, revokedBy: key.revokedBy },
  );
  await em.update(
    AppUser,
    { tenantId: em.tenantId, id: key.userId },
    { active: false, deactivatedAt: key.revokedAt },
  );
  await audit(ctx, {
    action: 'api-key.revoked',
    entityType: 'api_key',
    entityId: id,
    payload: { keyId: key.keyId },
  });
  return key;
}
