import { ApolloArmor } from '@escape.tech/graphql-armor';

/**
 * Limits checked while validating a document, before any resolver runs
 * (RELIABILITY target 4). Limits are not exposed in production messages.
 */
export function armor(production: boolean) {
  const exposeLimits = !production;
  return new ApolloArmor({
    maxDepth: { n: 8, exposeLimits, flattenFragments: true },
    maxAliases: { n: 15, exposeLimits },
    maxTokens: { n: 1000, exposeLimits },
    maxDirectives: { n: 20, exposeLimits },
    costLimit: { maxCost: 5000, exposeLimits },
    blockFieldSuggestion: { enabled: production },
  }).protect();
}
