/** What a break-glass action did: its operator-log entry is `tenant.break-glass.<act>`. */
export type BreakGlassAct =
  'roles-assigned' | 'staff-change-approved' | 'policy-activation-approved';

/**
 * Every kind of entry the operator log holds: what writes an entry names one
 * of these (the compiler refuses any other, break-glass acts included).
 */
export const OPERATOR_LOG_ACTIONS = [
  'operator-added',
  'operator-reactivated',
  'operator-deactivated',
  'tenant.created',
  'tenant.suspended',
  'tenant.reinstated',
  'tenant.identity-provider-proposed',
  'tenant.identity-provider-cleared',
  'tenant.break-glass.roles-assigned',
  'tenant.break-glass.staff-change-approved',
  'tenant.break-glass.policy-activation-approved',
] as const;
export type OperatorLogAction = (typeof OPERATOR_LOG_ACTIONS)[number];
