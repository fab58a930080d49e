import { roleList, SEVERITIES, type Severity } from '../schema/keys';
import type { Policy } from '../schema/policy';
import type { StaffNotificationRule } from '../schema/records';
import type { StageKind } from '../schema/stages';

export interface LoggedContactFacts {
  behaviourCategories: string[];
  severity: string;
  /** The kind of stage the customer's case is at when the contact is logged, if any. */
  caseStageKind?: StageKind;
  /** The contact raises a new issue. */
  newIssue?: boolean;
  /** Measures are in force on the customer's case. */
  restricted?: boolean;
}

export interface StaffNotice {
  ruleIndex: number;
  event: StaffNotificationRule['on'];
  roles: string[];
  clause?: string;
}

const rank = (s: string) => SEVERITIES.indexOf(s as Severity);

/**
 * The staff notifications a logged contact raises under the policy: matching
 * categories or severity ("the service manager advised immediately"), and any
 * contact on a closed or dormant case ("urgent consideration if behaviour re-commences"),
 * and a new issue from a customer whose measures are in force (Maidstone §7.3:
 * "a decision will be taken on whether any restrictions ... are still appropriate").
 */
export function noticesForContact(policy: Policy, contact: LoggedContactFacts): StaffNotice[] {
  const inactive = contact.caseStageKind === 'closed' || contact.caseStageKind === 'dormant';
  return policy.notifications.flatMap((rule, ruleIndex) => {
    const matches =
      rule.on === 'contact-while-inactive'
        ? inactive
        : rule.on === 'new-issue-while-restricted'
          ? !!contact.newIssue && !!contact.restricted
          : rule.behaviourCategories.some((c) => contact.behaviourCategories.includes(c)) ||
            (rule.minSeverity !== undefined && rank(contact.severity) >= rank(rule.minSeverity));
    if (!matches) return [];
    const notice: StaffNotice = { ruleIndex, event: rule.on, roles: roleList(rule.notify) };
    return [rule.clause === undefined ? notice : { ...notice, clause: rule.clause }];
  });
}
