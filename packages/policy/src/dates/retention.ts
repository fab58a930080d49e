import type { Policy } from '../schema/policy';
import type { RetentionRule } from '../schema/records';
import { addPeriod } from './calendar';

export interface RetentionFacts {
  restrictionEndedAt?: Date;
  dormantAt?: Date;
  closedAt?: Date;
  lastActivityAt: Date;
}

const TRIGGER_FACT: Record<RetentionRule['trigger'], keyof RetentionFacts> = {
  'restriction-ended': 'restrictionEndedAt',
  'case-dormant': 'dormantAt',
  'case-closed': 'closedAt',
};

/**
 * When the case's records are due for destruction or anonymisation. When more
 * than one rule applies the latest wins: a record another rule still requires
 * must not be destroyed. Null when no rule has been triggered yet.
 */
export function retentionDueDate(
  policy: Policy,
  facts: RetentionFacts,
): { dueAt: Date; ruleId: string; action: 'destroy' | 'anonymise' } | null {
  let best: { dueAt: Date; ruleId: string; action: 'destroy' | 'anonymise' } | null = null;
  for (const rule of policy.retention) {
    const triggeredAt = facts[TRIGGER_FACT[rule.trigger]];
    if (!triggeredAt) continue;
    const from =
      rule.resetByActivity && facts.lastActivityAt > triggeredAt
        ? facts.lastActivityAt
        : triggeredAt;
    const dueAt = addPeriod(from, rule.after);
    if (!best || dueAt > best.dueAt) best = { dueAt, ruleId: rule.id, action: rule.action };
  }
  return best;
}
