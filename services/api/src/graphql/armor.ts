import { ApolloArmor } from '@escape.tech/graphql-armor';

/** The query-cost estimate: the complexity limit and the rate limits charge the same figure. */
export const COST_LIMIT = { maxCost: 5000 } as const;

/**
 * Limits checked while validating a document, before any resolver runs
 * (RELIABILITY target 4). Limits are not exposed in production messages.
 */
export function armor(production: boolean) {
  const exposeLimits = !production;
  return new ApolloArmor({
    maxDepth: { n: 8, exposeLimits, flattenFragments: true },
    maxAliases: { n: 15, exposeLimits },
    // The token limit is document-limits.ts's (a 400, not a 500); the alias limit is doubled there for __typename.
    maxTokens: { enabled: false },
    maxDirectives: { n: 20, exposeLimits },
    costLimit: { ...COST_LIMIT, exposeLimits },
    blockFieldSuggestion: { enabled: production },
  }).protect();
}
