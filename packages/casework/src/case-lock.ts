import { ManagedCase, type TenantEntityManager } from '@conduct/db';
import { conflict, notFound } from './errors';

/**
 * Locks the case for a decision (every writer of case state takes this lock
 * first, so decisions on one case are serialised) and refuses a decision taken
 * on a view the case has since left: the version the caller saw, when given.
 */
export async function lockCaseForDecision(
  em: TenantEntityManager,
  caseId: string,
  expectedVersion?: number | null,
): Promise<ManagedCase> {
  const found = await em.findOne(ManagedCase, {
    where: { tenantId: em.tenantId, id: caseId },
    lock: { mode: 'pessimistic_write' },
  });
  if (!found) throw notFound('Case');
  if (expectedVersion != null && found.version !== expectedVersion) {
    throw conflict(
      `The case changed since you looked at it (version ${expectedVersion}, now ${found.version}); reload it and decide again.`,
      { field: 'input.expectedCaseVersion', caseVersion: found.version },
    );
  }
  return found;
}
