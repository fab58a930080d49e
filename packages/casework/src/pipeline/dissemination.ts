import { DisseminationRecord, MemberPreference } from '@conduct/db';
import type { CaseContext } from '../case-context';
import { recordEvent } from '../audit/vocabulary';

/** Audience key of one elected member: the preference row's id, never a name. */
export const ELECTED_MEMBER_PREFIX = 'elected-member:';
/** Audience key when the policy tells all elected members. */
export const ALL_ELECTED_MEMBERS = 'elected-members';

/**
 * Who must be told of a decision: the `inform` roles always; when the decision
 * restricts the customer, also the policy's dissemination audiences and the
 * elected members its arrangement includes (Cheshire §1: only members who
 * opted in; opt-out: every member who has not opted out).
 */
export async function audiencesOf(
  ctx: CaseContext,
  inform: string[],
  restrictive: boolean,
): Promise<string[]> {
  const { policy, em } = ctx;
  const keys = [...inform];
  if (restrictive) {
    keys.push(...policy.dissemination.audiences.map((a) => a.key));
    const arrangement = policy.dissemination.electedMembers.arrangement;
    if (arrangement === 'informed') keys.push(ALL_ELECTED_MEMBERS);
    if (arrangement === 'opt-in' || arrangement === 'opt-out') {
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
export async function disseminate(
  ctx: CaseContext,
  caseId: string,
  decisionId: string,
  audiences: string[],
): Promise<DisseminationRecord[]> {
  const rows: DisseminationRecord[] = [];
  for (const audience of audiences) {
    const row = await ctx.em.save(
      ctx.em.create(DisseminationRecord, {
        tenantId: ctx.em.tenantId,
        caseId,
        decisionId,
        audience,
        informedAt: ctx.now,
      }),
    );
    await recordEvent(
      ctx,
      'dissemination.recorded',
      { entityId: row.id, caseId },
      { decisionId, audience },
    );
    rows.push(row);
  }
  return rows;
}
