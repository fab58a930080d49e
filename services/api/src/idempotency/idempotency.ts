import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequest } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import type { RequestContext } from '../request/context';
import { idempotencyCutoff } from '@conduct/db';
import { AppError } from '../graphql/errors';

const KEY = /^[\x21-\x7e]{1,200}$/;
type Claim = { tenantId: string; principal: string; key: string; requestHash: string };
const claims = new WeakMap<RequestContext, Claim>();

function requestHash(request: GraphQLRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([request.query, request.operationName ?? null, request.variables ?? {}]))
    .digest('hex');
}

/**
 * `Idempotency-Key` for every mutation: the same key from the same principal
 * gets the first response and causes no second effect. A transaction-scoped
 * advisory lock on (council, principal, key) makes concurrent duplicates wait
 * for the first; the response is stored (behind RLS) in the same transaction
 * as the mutation's effect (`storeIdempotentResponse`, called before commit),
 * so either both commit or neither does and a retry runs afresh. The same key
 * with a different request is refused. A key is remembered for
 * IDEMPOTENCY_WINDOW_HOURS; the worker's sweep deletes expired records.
 */
export const idempotencyPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart({ request }) {
    const header = request.http?.headers.get('idempotency-key');
    if (header === undefined) return {};
    let replay: FormattedExecutionResult | undefined;
    return {
      async didResolveOperation({ operation, contextValue: ctx }) {
        if (operation?.operation !== 'mutation') return;
        if (!KEY.test(header))
          throw new AppError(
            'BAD_USER_INPUT',
            'Idempotency-Key: 1 to 200 visible ASCII characters',
            {
              field: 'Idempotency-Key',
            },
          );
        const session = ctx.session;
        if (!session) return;
        const claim = {
          tenantId: session.tenant.id,
          principal: session.user.id,
          key: header,
          requestHash: requestHash(request),
        };
        const { em } = session;
        await em.query(
          `select pg_advisory_xact_lock(hashtextextended('idem:' || $1 || ':' || $2 || ':' || $3, 0))`,
          [claim.tenantId, claim.principal, claim.key],
        );
        // After the window a key is new: the expired record gives way to this request's.
        await em.query(
          `delete from idempotency_record where tenant_id = $1 and principal = $2 and key = $3 and created_at <= $4`,
          [claim.tenantId, claim.principal, claim.key, idempotencyCutoff(ctx.services.clock.now())],
        );
        const [stored] = (await em.query(
          `select request_hash, response from idempotency_record where tenant_id = $1 and principal = $2 and key = $3`,
          [claim.tenantId, claim.principal, claim.key],
        )) as { request_hash: string; response: FormattedExecutionResult }[];
        if (!stored) {
          claims.set(ctx, claim);
          return;
        }
        if (stored.request_hash !== claim.requestHash)
          throw new AppError('CONFLICT', 'Idempotency-Key: already used for a different request', {
            field: 'Idempotency-Key',
          });
        replay = stored.response;
      },
      async responseForOperation() {
        if (!replay) return null;
        const http = { status: 200, headers: new HeaderMap([['idempotent-replayed', 'true']]) };
        return { http, body: { kind: 'single', singleResult: replay } };
      },
    };
  },
};

/** Stores a successful mutation's response in its own transaction, just before commit. */
export async function storeIdempotentResponse(
  ctx: RequestContext,
  result: FormattedExecutionResult,
): Promise<void> {
  const claim = claims.get(ctx);
  if (!claim || !ctx.session) return;
  claims.delete(ctx);
  await ctx.session.em.query(
    `insert into idempotency_record (tenant_id, principal, key, request_hash, response, created_at)
     values ($1, $2, $3, $4, $5, $6)`,
    [
      claim.tenantId,
      claim.principal,
      claim.key,
      claim.requestHash,
      { data: result.data ?? null },
      ctx.services.clock.now(),
    ],
  );
}
