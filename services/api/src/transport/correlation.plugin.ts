import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../request/context';
import { domainErrorOf } from '../graphql/domain-errors';
import { causeOf, isExposed } from '../graphql/errors';

/**
 * Every error a client sees carries the request's correlation id; errors that
 * were masked are logged in full under the same id, so support can find them.
 */
export const correlationPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const error of errors) {
          if (!isExposed(error.extensions?.code) && !domainErrorOf(error)) {
            contextValue.services.logger.error(
              { err: causeOf(error), correlationId: contextValue.correlationId, path: error.path },
              'unexpected error',
            );
          }
        }
      },
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single') return;
        for (const error of response.body.singleResult.errors ?? []) {
          (error.extensions as Record<string, unknown>).correlationId = contextValue.correlationId;
        }
      },
    };
  },
};
