import { roleList, type RoleRefs } from './keys';
import type { Policy } from './policy';
import type { Stage, Transition } from './stages';

export function stageOf(policy: Policy, stageKey: string): Stage {
  const stage = policy.stages[stageKey];
  if (!stage) throw new Error(`'${stageKey}' is not a stage of policy '${policy.slug}'`);
  return stage;
}

export function findTransition(
  policy: Policy,
  transitionKey: string,
): { from: string; transition: Transition } | undefined {
  for (const [from, stage] of Object.entries(policy.stages)) {
    const transition = stage.transitions.find((t) => t.key === transitionKey);
    if (transition) return { from, transition };
  }
  return undefined;
}

export function stageLabel(policy: Policy, stageKey: string | undefined): string {
  return (stageKey && policy.stages[stageKey]?.label) || stageKey || 'unknown stage';
}

export function roleLabel(policy: Policy, roleKey: string): string {
  return policy.roles[roleKey]?.label ?? roleKey;
}

/** "the Chief Executive or a Director" — for messages. */
export function rolesInWords(policy: Policy, refs: RoleRefs | undefined): string {
  const labels = roleList(refs).map((r) => `the ${roleLabel(policy, r)}`);
  if (labels.length <= 1) return labels[0] ?? 'nobody';
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

export function holdsAny(actorRoles: string[], refs: RoleRefs | undefined): string | undefined {
  return roleList(refs).find((r) => actorRoles.includes(r));
}
