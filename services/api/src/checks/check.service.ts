import { CheckAttestation } from '@conduct/db';
import type { z } from 'zod';
import type { RequestContext } from '../context';
import { audit, sessionOf } from '../casework/session';
import { loadCase, policyOfCase, touchCase } from '../cases/case.service';
import { AppError } from '../graphql/errors';
import type { attestCheckSchema } from '../cases/case.inputs';

/** Records that a pre-action check of the case's policy was carried out; once per check per case. */
export async function attestCheck(
  ctx: RequestContext,
  input: z.infer<typeof attestCheckSchema>,
): Promise<CheckAttestation> {
  const session = sessionOf(ctx);
  const c = await loadCase(ctx, input.caseId, { lock: true });
  const policy = await policyOfCase(ctx, c);
  if (!(input.checkKey in policy.checks)) {
    throw new AppError(
      'BAD_USER_INPUT',
      `input.checkKey: '${input.checkKey}' is not a pre-action check of this council’s policy`,
      {
        field: 'input.checkKey',
        allowed: Object.keys(policy.checks),
      },
    );
  }
  const { em } = session;
  const existing = await em.findOne(CheckAttestation, {
    where: { tenantId: c.tenantId, caseId: c.id, checkKey: input.checkKey },
  });
  if (existing)
    throw new AppError('CONFLICT', 'This check is already attested on the case', {
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
