import { In } from 'typeorm';
import { type DisseminationRecord, MemberPreference } from '@conduct/db';
import { ALL_ELECTED_MEMBERS, ELECTED_MEMBER_PREFIX } from '@conduct/casework';
import type { Policy } from '@conduct/policy';
import type { RequestContext } from '../request/context';
import { sessionOf } from '../casework/session';
import type { DisseminationNode } from './dissemination.type';

/** Dissemination is recorded by the decision pipeline (@conduct/casework); here it is read. */
/** Nodes with the group named in words (elected members by their preference record). */
export async function toDisseminationNodes(
  ctx: RequestContext,
  policy: Policy,
  rows: DisseminationRecord[],
): Promise<DisseminationNode[]> {
  const memberIds = rows
    .filter((r) => r.audience.startsWith(ELECTED_MEMBER_PREFIX))
    .map((r) => r.audience.slice(ELECTED_MEMBER_PREFIX.length));
  const { em } = sessionOf(ctx);
  const members = memberIds.length
    ? await em.find(MemberPreference, { where: { tenantId: em.tenantId, id: In(memberIds) } })
    : [];
  const memberById = new Map(members.map((m) => [m.id, m]));
  const audiences = new Map(policy.dissemination.audiences.map((a) => [a.key, a.label]));
  return rows.map((r) => {
    let kind = 'role';
    let label = policy.roles[r.audience]?.label ?? r.audience;
    if (r.audience.startsWith(ELECTED_MEMBER_PREFIX)) {
      const m = memberById.get(r.audience.slice(ELECTED_MEMBER_PREFIX.length));
      kind = 'elected-member';
      label = m
        ? `Elected member: ${m.memberName}${m.ward ? ` (${m.ward})` : ''}`
        : 'Elected member';
    } else if (r.audience === ALL_ELECTED_MEMBERS) {
      kind = 'elected-member';
      label = 'All elected members';
    } else if (audiences.has(r.audience)) {
      kind = 'audience';
      label = audiences.get(r.audience)!;
    }
    return {
      id: r.id,
      caseId: r.caseId,
      decisionId: r.decisionId,
      audience: r.audience,
      kind,
      label,
      informedAt: r.informedAt,
    };
  });
}
