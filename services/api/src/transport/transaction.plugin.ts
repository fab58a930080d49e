import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { writeRefusals } from '../audit/refusals';
import type { RequestContext } from '../request/context';
import { storeIdempotentResponse } from '../idempotency/idempotency';

/**
 * Commits the request's transaction when the operation succeeded and rolls it
 * back on any error, so a failed mutation leaves no partial write. The audit
 * event is written in the same transaction: it commits with the change or not at all.
 */
export const transactionPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        const tx = contextValue.transaction;
        if (!tx) return writeRefusals(contextValue);
        const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
        const failed = !body || (body.errors?.length ?? 0) > 0;
        try {
          if (body && !failed) await storeIdempotentResponse(contextValue, body);
          await tx.finish(!failed);
          await writeRefusals(contextValue);
        } catch (err) {
          contextValue.services.logger.error(
            { err, correlationId: contextValue.correlationId },
            'commit failed',
          );
          if (body) {
            body.data = null;
            body.errors = [
              new GraphQLError('The change could not be saved; nothing was written', {
                extensions: { code: 'CONFLICT', correlationId: contextValue.correlationId },
              }),
            ];
          }
        }
      },
    };
  },
};
