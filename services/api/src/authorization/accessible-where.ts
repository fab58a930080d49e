import { rulesToAST } from '@casl/ability/extra';
import type { Action, AppAbility, Subject } from './ability';

type Node = { operator: string; field?: string; value: unknown };

const COLUMNS: Record<string, string> = { tenantId: 'tenant_id' };

/**
 * Turns the ability's conditions for (action, subject) into a SQL condition on
 * `alias`. No rule at all becomes `false`, never "no filter". Only the equality
 * and and/or nodes the ability uses are supported; anything else is refused.
 */
export function accessibleWhere(
  ability: AppAbility,
  action: Action,
  subject: Subject,
  alias: string,
): { sql: string; params: Record<string, unknown> } {
  const ast = rulesToAST(ability, action, subject) as Node | null;
  const params: Record<string, unknown> = {};
  if (!ast) return { sql: 'false', params };
  let n = 0;
  const visit = (node: Node): string => {
    if (node.operator === 'and' || node.operator === 'or') {
      const parts = (node.value as Node[]).map(visit);
      if (parts.length === 0) return node.operator === 'and' ? 'true' : 'false';
      return `(${parts.join(` ${node.operator} `)})`;
    }
    if (node.operator === 'eq' && node.field && COLUMNS[node.field]) {
      const name = `casl_${alias}_${n++}`;
      params[name] = node.value;
      return `${alias}.${COLUMNS[node.field]} = :${name}`;
    }
    throw new Error(`unsupported ability condition ${node.operator} on ${node.field ?? '?'}`);
  };
  return { sql: visit(ast), params };
}
