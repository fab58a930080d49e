import { AppUser, Operator, type TenantEntityManager } from '@conduct/db';
import type { EntityManager } from 'typeorm';
import type { VerifiedIdentity } from './authenticate';
import { appendVocabularyEvent } from '@conduct/casework';

/**
 * The registered person a verified token names, matched by (issuer, subject):
 * a binding made under one provider never signs anyone in through another, so
 * repointing a council's issuer gains nobody an existing account. An invited
 * user (or one bound under a previous provider) is bound once, only when the
 * provider vouches for the email (`verifiedEmail`) or an admin entered their
 * object id beforehand; the binding is recorded in the council's audit chain.
 * Development tokens carry only an email and are refused in production.
 * Service accounts never sign in with a token.
 */
export async function findStaffUser(
  em: TenantEntityManager,
  identity: VerifiedIdentity,
  now: Date,
): Promise<AppUser | undefined> {
  if (identity.devEmail) return (await byEmail(em, identity.devEmail)) ?? undefined;
  if (!identity.subject || !identity.issuer) return undefined;
  const bound = await em.findOne(AppUser, {
    where: {
      tenantId: em.tenantId,
      issuer: identity.issuer,
      subject: identity.subject,
      kind: 'person',
    },
  });
  if (bound) return bound;
  if (!identity.verifiedEmail) return undefined;
  const invited = await byEmail(em, identity.verifiedEmail);
  if (!invited || !invited.active) return undefined;
  // Bound under this provider to someone else: the email does not move it.
  if (invited.subject !== null && invited.issuer === identity.issuer) return undefined;
  await em.update(
    AppUser,
    { tenantId: em.tenantId, id: invited.id },
    { issuer: identity.issuer, subject: identity.subject },
  );
  await appendVocabularyEvent(em, {
    actorId: invited.id,
    action: 'user.identity-bound',
    entityType: 'user',
    entityId: invited.id,
    payload: { via: 'verified-email', rebound: invited.subject !== null },
    occurredAt: now,
  });
  return Object.assign(invited, { issuer: identity.issuer, subject: identity.subject });
}

function byEmail(em: TenantEntityManager, email: string): Promise<AppUser | null> {
  return em
    .createQueryBuilder(AppUser, 'AppUser')
    .where(
      'AppUser.tenant_id = :tenantId and lower(AppUser.email) = :email and AppUser.kind = :kind',
      { tenantId: em.tenantId, email: email.toLowerCase(), kind: 'person' },
    )
    .getOne();
}

/** The operator a verified platform token names, by subject first and then a vouched-for email. */
export async function findOperator(
  em: EntityManager,
  identity: VerifiedIdentity,
): Promise<Operator | undefined> {
  if (identity.subject) {
    const bySubject = await em.findOne(Operator, { where: { subject: identity.subject } });
    if (bySubject) return bySubject;
  }
  const email = identity.devEmail ?? identity.verifiedEmail;
  if (!email) return undefined;
  const byEmail = await em
    .createQueryBuilder(Operator, 'o')
    .where('lower(o.email) = :email', { email })
    .getOne();
  if (!byEmail) return undefined;
  if (!identity.subject) return byEmail;
  if (byEmail.subject !== null) return undefined;
  if (byEmail.active) {
    await em.update(Operator, { id: byEmail.id }, { subject: identity.subject });
    byEmail.subject = identity.subject;
  }
  return byEmail;
}
