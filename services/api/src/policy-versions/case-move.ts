import type { Policy, Reason, Verdict } from '@conduct/policy';

/** What must still make sense about a case under the version it would move to. */
export interface MovingCase {
  stage: string;
  status: string;
  /** Transition key of the open proposal, if one is open. */
  openProposal?: string;
  activeRestrictionTypes: string[];
}

/**
 * Whether a case can be re-pinned from one policy version to another, judged
 * on its current state; pure, like the rest of the engine. The stage must
 * exist in the new version with the same kind, an open proposal's move must
 * still exist from that stage, and every measure in force must still be in the
 * catalogue.
 */
export function canMoveCaseToPolicy(from: Policy, to: Policy, c: MovingCase): Verdict {
  const reasons: Reason[] = [];
  if (c.status !== 'open') {
    reasons.push({
      code: 'CASE_NOT_OPEN',
      message: `Only an open case can move to another policy version (this one is ${c.status})`,
    });
  }
  const now = from.stages[c.stage];
  const next = to.stages[c.stage];
  if (!next) {
    reasons.push({ code: 'NO_SUCH_STAGE', message: `The new version has no stage '${c.stage}'` });
  } else if (now && now.kind !== next.kind) {
    reasons.push({
      code: 'STAGE_KIND_CHANGED',
      message: `Stage '${c.stage}' is a ${now.kind} stage now but a ${next.kind} stage in the new version`,
    });
  }
  if (c.openProposal && next && !next.transitions.some((t) => t.key === c.openProposal)) {
    reasons.push({
      code: 'NO_SUCH_TRANSITION',
      message: `The open proposal's move '${c.openProposal}' does not exist from '${c.stage}' in the new version`,
    });
  }
  for (const type of new Set(c.activeRestrictionTypes)) {
    if (!(type in to.restrictionTypes)) {
      reasons.push({
        code: 'UNKNOWN_RESTRICTION',
        message: `The measure '${type}' in force is not in the new version’s catalogue`,
      });
    }
  }
  return reasons.length ? { allowed: false, reasons } : { allowed: true };
}
