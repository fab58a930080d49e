import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type ValidationContext,
} from 'graphql';
import { COST_LIMIT } from '../graphql/armor';

type CostVisitor = { computeComplexity(node: OperationDefinitionNode): number };

/**
 * Apollo keeps parsed documents, so a repeated document arrives as the same
 * nodes: its cost is computed once, not walked again on every request.
 */
const costs = new WeakMap<OperationDefinitionNode, number>();

/**
 * The cost of one operation by graphql-armor's own estimate (the visitor the
 * complexity limit runs), so a request is charged exactly what the limit
 * measured.
 */
export function queryCost(document: DocumentNode, operation: OperationDefinitionNode): number {
  let cost = costs.get(operation);
  if (cost === undefined) costs.set(operation, (cost = computeCost(document, operation)));
  return cost;
}

function computeCost(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const context = { getFragment: (name: string) => fragments.get(name) };
  const visitor = costLimitRule({ ...COST_LIMIT, flattenFragments: false })(
    context as unknown as ValidationContext,
  ) as unknown as CostVisitor;
  return Math.max(1, Math.ceil(visitor.computeComplexity(operation)));
}
