import { In } from 'typeorm';
import { AppUser, type TenantEntityManager } from '@conduct/db';
import type { Policy } from '@conduct/policy';
import { badInput } from '../errors';
import type { Measure } from './measure';

/**
 * A measure may link its designated officer to a staff account (`staff-user`
 * parameters); only that person then confirms filed correspondence, so a link
 * to nobody would leave items nobody may confirm. Refused unless every linked
 * id is an active member of staff of the council. The pipeline applies it to
 * every decision that imposes or varies measures (transition, review VARY,
 * appeal VARIED); a proposal calls it too, to refuse before anyone approves.
 */
export async function refuseUnknownLinkedStaff(
  em: TenantEntityManager,
  policy: Policy,
  measures: Measure[],
): Promise<void> {
  const linked = measures.flatMap((m, i) =>
    Object.entries(policy.restrictionTypes[m.type]?.parameters ?? {})
      .filter(
        ([name, spec]) => spec.type === 'staff-user' && typeof m.parameters[name] === 'string',
      )
      .map(([name]) => ({
        at: `restrictions.${i}.parameters.${name}`,
        id: m.parameters[name] as string,
      })),
  );
  if (linked.length === 0) return;
  const found = await em.find(AppUser, {
    where: { tenantId: em.tenantId, id: In(linked.map((l) => l.id)), active: true },
    select: { id: true },
  });
  const missing = linked.find((l) => !found.some((u) => u.id === l.id));
  if (missing) throw badInput(missing.at, 'not an active member of staff of this council');
}
