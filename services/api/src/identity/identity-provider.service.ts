import { AppUser, Tenant, type TenantEntityManager } from '@conduct/db';
import { noticeToAdmins } from '../tenant-admins/notices';
import { appendVocabularyEvent, DomainError, notFound } from '@conduct/casework';
import { audit, sessionOf } from '../casework/session';
import type { RequestContext } from '../request/context';
import { isEntraV1Issuer } from './oidc';

export interface IdentityProviderSettings {
  issuer: string;
  jwksUrl: string;
  audience: string;
}

/** Logged when a council is pointed at Entra's v1 endpoint: Conduct expects v2 tokens. */
export function warnOnV1Issuer(ctx: RequestContext, tenantId: string, issuer: string): void {
  if (isEntraV1Issuer(issuer)) {
    ctx.services.logger.warn(
      { tenantId, issuer, correlationId: ctx.correlationId },
      'identity provider is an Entra ID v1 issuer (sts.windows.net); set accessTokenAcceptedVersion: 2 in the app registration and use https://login.microsoftonline.com/<tid>/v2.0',
    );
  }
}

/**
 * An operator's proposal of a new provider for a council. It signs nobody in
 * until a tenant admin accepts it; it is recorded in the council's own chain
 * and every active tenant admin gets a notice. `em` is scoped to the council.
 */
export async function proposeIdentityProvider(
  em: TenantEntityManager,
  tenant: Tenant,
  idp: IdentityProviderSettings,
  operatorId: string,
  now: Date,
): Promise<void> {
  Object.assign(tenant, {
    pendingOidcIssuer: idp.issuer,
    pendingOidcJwksUrl: idp.jwksUrl,
    pendingOidcAudience: idp.audience,
    pendingOidcRequestedAt: now,
    pendingOidcRequestedBy: operatorId,
  });
  await em.save(tenant);
  await appendVocabularyEvent(em, {
    actorId: null,
    action: 'identity-provider.proposed',
    entityType: 'tenant',
    entityId: tenant.id,
    payload: { via: 'operator', operatorId, issuerChanged: idp.issuer !== tenant.oidcIssuer },
    occurredAt: now,
  });
  await noticeToAdmins(em, now, {
    title: 'A new identity provider was proposed for your council',
    body: 'A platform operator proposed a new sign-in provider. It signs nobody in until a tenant admin accepts it; check it with your IT team before accepting, and reject it if you did not ask for it.',
  });
}

/** An operator cleared the council's provider: nobody can sign in; recorded and noticed. */
export async function clearedIdentityProvider(
  em: TenantEntityManager,
  tenant: Tenant,
  operatorId: string,
  now: Date,
): Promise<void> {
  await appendVocabularyEvent(em, {
    actorId: null,
    action: 'identity-provider.cleared',
    entityType: 'tenant',
    entityId: tenant.id,
    payload: { via: 'operator', operatorId },
    occurredAt: now,
  });
  await noticeToAdmins(em, now, {
    title: 'Your council’s identity provider was cleared',
    body: 'A platform operator cleared your sign-in provider: staff cannot sign in until a new one is proposed and a tenant admin accepts it.',
  });
}

/** The council's own row (a platform table; the verified token named the council). */
async function ownTenant(ctx: RequestContext, lock = false): Promise<Tenant> {
  const { em, tenant } = sessionOf(ctx);
  const row = await em.findOne(Tenant, {
    where: { id: tenant.id },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!row) throw notFound('Council');
  return row;
}

export async function pendingIdentityProvider(ctx: RequestContext): Promise<Tenant> {
  return ownTenant(ctx);
}

/**
 * A tenant admin accepts (or rejects) the provider an operator proposed. The
 * admin names the issuer they were shown, so a proposal changed meanwhile is
 * not accepted by mistake. Bindings made under the old provider do not carry
 * over: each person is bound again at their first sign-in by a vouched-for
 * email, or by the object id an admin enters.
 */
export async function decideIdentityProvider(
  ctx: RequestContext,
  issuer: string,
  accept: boolean,
): Promise<Tenant> {
  const { em, tenant } = sessionOf(ctx);
  const current = await ownTenant(ctx, true);
  if (current.pendingOidcIssuer === null || current.pendingOidcIssuer !== issuer) {
    throw new DomainError('CONFLICT', 'issuer: no such proposal waits for your council', {
      field: 'issuer',
    });
  }
  const proposedBy = current.pendingOidcRequestedBy;
  // Acceptance vouches for the new provider with the old one: only someone
  // signed in through the council's current provider can give it.
  if (
    accept &&
    (current.oidcIssuer === null || sessionOf(ctx).user.issuer !== current.oidcIssuer)
  ) {
    throw new DomainError(
      'CONFLICT',
      'issuer: only a tenant admin signed in through your council’s current identity provider can accept a new one; a council with none gets its first from the deployment (`pnpm tenants:apply`)',
      { field: 'issuer' },
    );
  }
  if (accept) {
    Object.assign(current, {
      oidcIssuer: current.pendingOidcIssuer,
      oidcJwksUrl: current.pendingOidcJwksUrl,
      oidcAudience: current.pendingOidcAudience,
    });
  }
  Object.assign(current, {
    pendingOidcIssuer: null,
    pendingOidcJwksUrl: null,
    pendingOidcAudience: null,
    pendingOidcRequestedAt: null,
    pendingOidcRequestedBy: null,
  });
  await em.save(current);
  await audit(ctx, {
    action: accept ? 'identity-provider.accepted' : 'identity-provider.rejected',
    entityType: 'tenant',
    entityId: tenant.id,
    payload: { proposedBy },
  });
  if (accept) warnOnV1Issuer(ctx, tenant.id, issuer);
  return current;
}

/**
 * Binds a person to an account of the council's current provider by its
 * object id (Entra `oid`), entered by a tenant admin, for people whose
 * provider does not vouch for their email.
 */
export async function bindUserIdentity(
  ctx: RequestContext,
  userId: string,
  objectId: string,
): Promise<AppUser> {
  const { em, tenant } = sessionOf(ctx);
  const user = await em.findOne(AppUser, { where: { tenantId: tenant.id, id: userId } });
  if (!user || user.kind !== 'person') throw notFound('User');
  const { oidcIssuer } = await ownTenant(ctx);
  if (!oidcIssuer)
    throw new DomainError('CONFLICT', 'Your council has no identity provider yet', {
      field: 'objectId',
    });
  const clash = await em.findOne(AppUser, {
    where: { tenantId: tenant.id, issuer: oidcIssuer, subject: objectId },
  });
  if (clash && clash.id !== user.id)
    throw new DomainError('CONFLICT', 'objectId: already bound to another user', {
      field: 'objectId',
    });
  await em.update(
    AppUser,
    { tenantId: tenant.id, id: user.id },
    { issuer: oidcIssuer, subject: objectId },
  );
  await audit(ctx, {
    action: 'user.identity-bound',
    entityType: 'user',
    entityId: user.id,
    payload: { via: 'admin', rebound: user.subject !== null },
  });
  return Object.assign(user, { issuer: oidcIssuer, subject: objectId });
}
