import { CheckAttestation, Decision } from '@conduct/db';
import { canAttestCheck } from '@conduct/policy';
import { MoreThan } from 'typeorm';
import type { z } from 'zod';
import { DomainError } from '@conduct/casework';
import type { RequestContext } from '../request/context';
import { audit, sessionOf } from '../casework/session';
import { loadCase, policyOfCase, touchCase } from '../cases/case.service';
import { requireAllowed } from '../decisions/policy-violation';
import type { attestCheckSchema } from '../cases/case.inputs';

/**
 * Records that a pre-action check of the case's policy was carried out, by a
 * role the check allows; it counts for the next decision on the case only.
 */
export async function attestCheck(
  ctx: RequestContext,
  input: z.infer<typeof attestCheckSchema>,
): Promise<CheckAttestation> {
  const session = sessionOf(ctx);
  const c = await loadCase(ctx, input.caseId, { lock: true });
  const policy = await policyOfCase(ctx, c);
  if (!(input.checkKey in policy.checks)) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `input.checkKey: '${input.checkKey}' is not a pre-action check of this council’s policy`,
      {
        field: 'input.checkKey',
        allowed: Object.keys(policy.checks),
      },
    );
  }
  requireAllowed(canAttestCheck(policy, session.actor, input.checkKey));
  const { em } = session;
  // An attestation counts for the next decision only, so it may be given again after one.
  const since = await em.findOne(Decision, {
    where: { tenantId: c.tenantId, caseId: c.id },
    order: { decidedAt: 'DESC' },
  });
  const existing = await em.findOne(CheckAttestation, {
    where: {
      tenantId: c.tenantId,
      caseId: c.id,
      checkKey: input.checkKey,
      ...(since ? { attestedAt: MoreThan(since.decidedAt) } : {}),
    },
  });
  if (existing)
    throw new DomainError('CONFLICT', 'This check is already attested for the next decision', {
      field: 'input.checkKey',
    });
  const row = await em.save(
    em.create(CheckAttestation, {
      tenantId: c.tenantId,
      caseId: c.id,
      checkKey: input.checkKey,
      note: input.note,
      attestedBy: session.user.id,
      attestedAt: ctx.services.clock.now(),
    }),
  );
  await touchCase(ctx, c);
  await audit(ctx, {
    action: 'check.attested',
    entityType: 'check_attestation',
    entityId: row.id,
    caseId: c.id,
    payload: { checkKey: input.checkKey },
  });
  return row;
}
