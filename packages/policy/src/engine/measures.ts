import type { Policy } from '../schema/policy';
import type { Reason } from './case-state';
import { holdsAny, rolesInWords, stageLabel } from '../schema/policy-lookup';
import { reason } from './reasons';
import { restrictionReasons } from './restriction-parameters';

/**
 * Whether these measures may be imposed at `stageKey` by someone acting in
 * `deciderRoles`: each must be in the catalogue with its parameters, listed for
 * the stage (unless the policy keeps the stage's list open), and, where the
 * catalogue names an authority for it, decided by that authority.
 */
export function measureReasons(
  policy: Policy,
  stageKey: string,
  measures: { type: string; parameters: unknown }[],
  deciderRoles: string[],
): Reason[] {
  return [
    ...restrictionReasons(policy, measures),
    ...measureTypeReasons(
      policy,
      stageKey,
      measures.map((m) => m.type),
      deciderRoles,
    ),
  ];
}

/** The stage's list and the measure's authority, for measures already described (e.g. those extended). */
export function measureTypeReasons(
  policy: Policy,
  stageKey: string,
  types: string[],
  deciderRoles: string[],
): Reason[] {
  const reasons: Reason[] = [];
  const stage = policy.stages[stageKey];
  if (!stage) return reasons;
  for (const typeKey of new Set(types)) {
    const type = policy.restrictionTypes[typeKey];
    if (!type) continue; // already reported as UNKNOWN_RESTRICTION
    if (!stage.openMeasures && !stage.measures.includes(typeKey)) {
      reasons.push(
        reason(
          'MEASURE_NOT_AT_STAGE',
          `'${type.label}' cannot be imposed at '${stageLabel(policy, stageKey)}' under this council's policy.`,
        ),
      );
    }
    if (type.authority && !holdsAny(deciderRoles, type.authority)) {
      reasons.push(
        reason(
          'MEASURE_AUTHORITY',
          `Only ${rolesInWords(policy, type.authority)} may impose '${type.label}'.`,
        ),
      );
    }
  }
  return reasons;
}
