import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../request/context';
import { queryCost } from '../rate-limits/query-cost';
import type { RateLimits } from '../rate-limits/rate-limits';

/**
 * Charges each operation's cost to its council and principal (anonymous
 * callers: their IP) once it is resolved and validated, before any resolver
 * runs; a spent budget answers RATE_LIMITED with HTTP 429 and Retry-After.
 * A council over its budget then yields to the others before it executes.
 */
export function rateLimitPlugin(limits: RateLimits): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, contextValue: ctx }) {
          if (!operation) return;
          const council = ctx.session?.tenant.id;
          const principal = ctx.session
            ? `user:${ctx.session.user.id}`
            : ctx.operatorSession
              ? `operator:${ctx.operatorSession.operator.id}`
              : undefined;
          await limits.charge(
            { council, principal, ip: ctx.clientIp },
            queryCost(document, operation),
          );
          if (council) await limits.yieldToOthers(council);
        },
      };
    },
  };
}
