import { AppUser, Operator, type TenantEntityManager } from '@conduct/db';
import type { EntityManager } from 'typeorm';
import type { VerifiedIdentity } from './authenticate';

/**
 * The registered person a verified token names. Matched by the provider's
 * stable subject (Entra `oid`); an invited user whose subject is not yet known
 * is matched once by email, and the subject is then bound so email is never
 * used for them again. Development tokens carry only an email.
 * Service accounts never sign in with a token.
 */
export async function findStaffUser(
  em: TenantEntityManager,
  identity: VerifiedIdentity,
): Promise<AppUser | undefined> {
  if (identity.subject) {
    const bySubject = await em.findOne(AppUser, {
      where: { tenantId: em.tenantId, subject: identity.subject, kind: 'person' },
    });
    if (bySubject) return bySubject;
  }
  if (!identity.email) return undefined;
  const byEmail = await em
    .createQueryBuilder(AppUser, 'AppUser')
    .where(
      'AppUser.tenant_id = :tenantId and lower(AppUser.email) = :email and AppUser.kind = :kind',
      {
        tenantId: em.tenantId,
        email: identity.email.toLowerCase(),
        kind: 'person',
      },
    )
    .getOne();
  if (!byEmail) return undefined;
  if (!identity.subject) return byEmail;
  if (byEmail.subject !== null) return undefined;
  if (byEmail.active) {
    await em.update(
      AppUser,
      { tenantId: em.tenantId, id: byEmail.id },
      { subject: identity.subject },
    );
    byEmail.subject = identity.subject;
  }
  return byEmail;
}

/** The operator a verified platform token names, by subject first and then (unbound) email. */
export async function findOperator(
  em: EntityManager,
  identity: VerifiedIdentity,
): Promise<Operator | undefined> {
  if (identity.subject) {
    const bySubject = await em.findOne(Operator, { where: { subject: identity.subject } });
    if (bySubject) return bySubject;
  }
  if (!identity.email) return undefined;
  const byEmail = await em
    .createQueryBuilder(Operator, 'o')
    .where('lower(o.email) = :email', { email: identity.email.toLowerCase() })
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
