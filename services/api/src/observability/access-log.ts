import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { OperationDefinitionNode } from 'graphql';
import type { ApiMetrics } from '@conduct/operations';
import type { Logger } from '@conduct/config';
import type { ApiServices, RequestContext } from '../request/context';
import type { HttpHandler, HttpRequest } from '../http/handler';

/** What the GraphQL layer learns of a request, for its access-log line. */
interface GraphQLNote {
  operation?: string;
  codes: string[];
}
/** By correlation id (Apollo may hand plugins a copy of the context); taken when the response finishes. */
const notes = new Map<string, GraphQLNote>();

/**
 * The operation as a bounded label: its type and root fields (from the schema),
 * never the client's free-text operation name or any argument.
 */
function operationLabel(op: OperationDefinitionNode): string {
  const fields = op.selectionSet.selections
    .map((s) => (s.kind === 'Field' ? s.name.value : '…'))
    .sort();
  return `${op.operation}:${[...new Set(fields)].join(',')}`.slice(0, 120);
}

/** Records each request's operation and error codes for the access log and the metrics. */
export function accessNotesPlugin(metrics?: ApiMetrics): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      const note: GraphQLNote = { codes: [] };
      notes.set(contextValue.correlationId, note);
      return {
        async didResolveOperation({ operation }) {
          if (operation) note.operation = operationLabel(operation);
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          for (const e of response.body.singleResult.errors ?? []) {
            const code = String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
            note.codes.push(code);
            metrics?.errors.inc({ code });
          }
        },
      };
    },
  };
}

/** The route's first segment: a bounded label for requests outside GraphQL. */
function routeLabel(path: string): string {
  const first = path.split('/')[1] ?? '';
  return /^[a-z]{1,20}$/.test(first) ? `http:/${first}` : 'http:other';
}

/** The path asked for (Express rewrites `url` under a mounted router; `originalUrl` keeps it). */
function pathOf(req: HttpRequest): string {
  const url = req.originalUrl ?? req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** How often a council's refusals at the gate are summed up in one access-log line. */
const REFUSALS_LINE_MS = 1000;

/**
 * A flood's refusals at the gate (`res.locals.refusedAtGate`: the council its
 * token claims), one access-log line per council per second with their count
 * rather than one per request: a log line is a write of its own, and a
 * refused request should cost the process as little as it can.
 */
export class GateRefusals {
  private readonly counts = new Map<string, number>();

  constructor(private readonly logger: Logger) {}

  count(council: string): void {
    const n = this.counts.get(council);
    this.counts.set(council, (n ?? 0) + 1);
    if (n === undefined) setTimeout(() => this.flush(council), REFUSALS_LINE_MS).unref();
  }

  private flush(council: string): void {
    const count = this.counts.get(council) ?? 0;
    this.counts.delete(council);
    this.logger.info(
      {
        access: true,
        operation: 'graphql:refused-at-gate',
        claimedTenantId: council,
        status: 429,
        count,
        seconds: REFUSALS_LINE_MS / 1000,
      },
      'requests refused',
    );
  }
}

/**
 * One structured line per request when it finishes: operation, tenant id,
 * principal id, status, duration, correlation id. Ids only; never a name, an
 * address, a query's variables or a token. Refusals at the rate-limit gate are
 * summed up per council instead (`GateRefusals`).
 */
export function accessLog(services: ApiServices, metrics?: ApiMetrics): HttpHandler {
  const refusals = new GateRefusals(services.logger);
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    // GraphQL replaces it with the request context's own id.
    res.setHeader('x-correlation-id', randomUUID());
    // A client that hangs up never gets 'finish': its note must not stay behind.
    res.once('close', () => {
      const ctx = res.locals.requestContext as RequestContext | undefined;
      if (ctx && !res.writableFinished) notes.delete(ctx.correlationId);
    });
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const ctx = res.locals.requestContext as RequestContext | undefined;
      const note = ctx ? notes.get(ctx.correlationId) : undefined;
      if (ctx) notes.delete(ctx.correlationId);
      const path = pathOf(req);
      const operation = note?.operation ?? routeLabel(path);
      if (path === '/livez' || path === '/readyz' || path === '/healthz') return;
      metrics?.requestDuration.observe({ operation, status: String(res.statusCode) }, seconds);
      const refusedAtGate = res.locals.refusedAtGate as string | undefined;
      if (refusedAtGate !== undefined) return refusals.count(refusedAtGate);
      services.logger.info(
        {
          access: true,
          method: req.method,
          operation,
          tenantId: ctx?.session?.tenant.id,
          principalId:
            ctx?.session?.user.id ??
            ctx?.operatorSession?.operator.id ??
            (ctx ? 'anonymous' : undefined),
          status: res.statusCode,
          errorCodes: note?.codes.length ? note.codes : undefined,
          durationMs: Math.round(seconds * 1000),
          correlationId: res.getHeader('x-correlation-id'),
        },
        'request',
      );
    });
    next();
  };
}
