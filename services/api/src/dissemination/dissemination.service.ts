import { In } from 'typeorm';
import {
  type Decision,
  DisseminationRecord,
  type ManagedCase,
  MemberPreference,
} from '@conduct/db';
import type { Policy } from '@conduct/policy';
import type { RequestContext } from '../context';
import { audit, sessionOf } from '../casework/session';
import type { DisseminationNode } from './dissemination.type';

/** Audience key of one elected member: the preference row's id, never a name. */
export const ELECTED_MEMBER_PREFIX = 'elected-member:';
/** Audience key when the policy tells all elected members. */
export const ALL_ELECTED_MEMBERS = 'elected-members';

/**
 * Who must be told of a decision: the transition's `inform` roles always; when the
 * decision restricts the customer, also the policy's dissemination audiences and
 * the elected members its arrangement includes (Cheshire §1: only members who
 * opted in; opt-out: every member who has not opted out).
 */
export async function audiencesFor(
  ctx: RequestContext,
  policy: Policy,
  inform: string[],
  restrictive: boolean,
): Promise<string[]> {
  const keys = [...inform];
  if (restrictive) {
    keys.push(...policy.dissemination.audiences.map((a) => a.key));
    const arrangement = policy.dissemination.electedMembers.arrangement;
    if (arrangement === 'informed') keys.push(ALL_ELECTED_MEMBERS);
    if (arrangement === 'opt-in' || arrangement === 'opt-out') {
      const { em } = sessionOf(ctx);
      const members = await em.find(MemberPreference, {
        where: { tenantId: em.tenantId, optedIn: true },
        order: { memberName: 'ASC' },
      });
      keys.push(...members.map((m) => `${ELECTED_MEMBER_PREFIX}${m.id}`));
    }
  }
  return [...new Set(keys)];
}

/** Records that each group was told of the decision, and audits each record. */
export async function recordDissemination(
  ctx: RequestContext,
  theCase: ManagedCase,
  decision: Decision,
  audiences: string[],
): Promise<DisseminationRecord[]> {
  const { em } = sessionOf(ctx);
  const informedAt = ctx.services.clock.now();
  const rows: DisseminationRecord[] = [];
  for (const audience of audiences) {
    const row = await em.save(
      em.create(DisseminationRecord, {
        tenantId: theCase.tenantId,
        caseId: theCase.id,
        decisionId: decision.id,
        audience,
        informedAt,
      }),
    );
    await audit(ctx, {
      action: 'dissemination.recorded',
      entityType: 'dissemination_record',
      entityId: row.id,
      caseId: theCase.id,
      payload: { decisionId: decision.id, audience },
    });
    rows.push(row);
  }
  return rows;
}

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
