import { In } from 'typeorm';
import { AppUser } from '@conduct/db';
import type { Policy } from '@conduct/policy';
import { DomainError } from '@conduct/casework';
import type { RequestContext } from '../context';
import { sessionOf } from '../casework/session';

/**
 * A measure may link its designated officer to a staff account (`staff-user`
 * parameters); only that person then confirms filed correspondence, so a link
 * to nobody would leave items nobody may confirm. Refused unless every linked
 * id is an active member of staff of the council.
 */
export async function refuseUnknownLinkedStaff(
  ctx: RequestContext,
  policy: Policy,
  measures: { type: string; parameters: Record<string, unknown> }[],
  field: string,
): Promise<void> {
  const linked = measures.flatMap((m, i) =>
    Object.entries(policy.restrictionTypes[m.type]?.parameters ?? {})
      .filter(
        ([name, spec]) => spec.type === 'staff-user' && typeof m.parameters[name] === 'string',
      )
      .map(([name]) => ({
        at: `${field}.${i}.parameters.${name}`,
        id: m.parameters[name] as string,
      })),
  );
  if (linked.length === 0) return;
  const { em } = sessionOf(ctx);
  const found = await em.find(AppUser, {
    where: { tenantId: em.tenantId, id: In(linked.map((l) => l.id)), active: true },
    select: { id: true },
  });
  const missing = linked.find((l) => !found.some((u) => u.id === l.id));
  if (missing) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `${missing.at}: not an active member of staff of this council`,
      { field: missing.at },
    );
  }
}
