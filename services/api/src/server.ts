import { spentCouncilGate } from './transport/spent-council-gate';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import express from 'express';
import { DomainError } from '@conduct/casework';
import { GraphQLError } from 'graphql';
import type { ApiServices, RequestContext } from './request/context';
import { documentRoutes } from './document-routes';
import { armor } from './graphql/armor';
import { aliasLimitRule, tokenLimit } from './graphql/document-limits';
import { graphqlBody, readJsonBody, refuseBody } from './graphql/body-limits';
import { apolloHandler, graphqlLeanPath, type ContextFor } from './transport/graphql-http';
import { correlationPlugin } from './transport/correlation.plugin';
import { AppError } from './graphql/errors';
import { maskError } from './transport/mask-error';
import { toAppError } from './graphql/domain-errors';
import { transactionPlugin } from './transport/transaction.plugin';
import { benchmarkRoutes } from './benchmarking/benchmark.routes';
import { buildRequestContext } from './identity/request-context';
import { buildApiSchema } from './schema';
import { compiledExecution } from './graphql/compiled-execution';
import { probeRoutes } from './health/probe.routes';
import { accessLog, accessNotesPlugin } from './observability/access-log';
import type { ApiMetrics } from '@conduct/operations';
import { idempotencyPlugin } from './idempotency/idempotency';
import { rateLimitPlugin } from './transport/rate-limit.plugin';
import { RateLimits } from './rate-limits/rate-limits';
import {
  browserAccess,
  graphqlWebRoutes,
  webRoutes,
  type WebSettings,
} from './console/console.routes';

export interface ApiServer {
  httpServer: Server;
  app: express.Express;
  listen(port: number): Promise<number>;
  /** Stops taking requests, lets in-flight ones finish, then returns. */
  stop(): Promise<void>;
}

export async function createApiServer(
  given: ApiServices,
  production: boolean,
  extras: { metrics?: ApiMetrics } & Partial<
    Pick<WebSettings, 'corsOrigins' | 'consoleOidcClients' | 'consoleDist'>
  > = {},
): Promise<ApiServer> {
  const services = { ...given, rateLimits: given.rateLimits ?? new RateLimits() };
  const app = express();
  // Every response is per user and uncacheable: no ETag (a hash of every body).
  app.set('etag', false);
  // POST /graphql takes a lean path past Express (see graphql-http.ts), set once Apollo
  // has started (it drains this server); the rest is Express's.
  const graphqlRoute: { lean?: (req: IncomingMessage, res: ServerResponse) => boolean } = {};
  const httpServer = createServer((req, res) => {
    if (!graphqlRoute.lean?.(req, res)) app(req, res);
  });
  const schema = await buildApiSchema();
  const protection = armor(production);
  const apollo = new ApolloServer<RequestContext>({
    gateway: compiledExecution(schema),
    validationRules: [...protection.validationRules, aliasLimitRule],
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    csrfPrevention: true,
    // Shutdown is ours: drain HTTP, then the worker, then the databases.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    formatError: maskError,
    plugins: [
      ...(protection.plugins as ApolloServerPlugin<RequestContext>[]),
      // A stop lets requests in flight finish for up to 20 s of the 30 s a SIGTERM gives
      // (Apollo's default is 10 s), then cuts them, leaving time to close the pools.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: 20_000 }),
      correlationPlugin,
      accessNotesPlugin(extras.metrics),
      rateLimitPlugin(services.rateLimits),
      idempotencyPlugin,
      transactionPlugin,
      // No response is HTTP-cacheable (every one is per user); the default plugin
      // would wrap every field resolution of every response for nothing.
      ApolloServerPluginCacheControlDisabled(),
      // Apollo's landing page loads from a CDN; development gets a bundled GraphiQL instead (graphqlWebRoutes).
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  const logAccess = accessLog(services, extras.metrics);
  app.use(logAccess);
  const web: WebSettings = {
    production,
    devIssuerSecret: services.auth.devIssuerSecret,
    corsOrigins: extras.corsOrigins ?? [],
    consoleOidcClients: extras.consoleOidcClients ?? {},
    consoleDist: extras.consoleDist,
  };
  // Bodies refused before GraphQL (over the limit: 413; malformed: 400) answer
  // JSON with a code and a correlation id, never Express's HTML page or a stack.
  const failed = (err: unknown, res: ServerResponse) => {
    const { status, statusCode, limit } = err as {
      status?: number;
      statusCode?: number;
      limit?: number;
    };
    const code = status ?? statusCode ?? 500;
    const correlationId = refuseBody(res, code, limit);
    if (code >= 500) services.logger.error({ err, correlationId }, 'request failed');
  };
  const context: ContextFor<RequestContext> = async ({ req, res }) => {
    const { ctx, tx } = await buildRequestContext(services, req).catch((err: unknown) => {
      // A coded refusal (RATE_LIMITED: 429 with Retry-After) goes to the client as is.
      if (err instanceof AppError) throw err;
      if (err instanceof DomainError) throw toAppError(err);
      const correlationId = randomUUID();
      services.logger.error({ err, correlationId }, 'could not build the request context');
      throw new GraphQLError('Internal server error', {
        extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId, http: { status: 500 } },
      });
    });
    ctx.clientIp = req.socket.remoteAddress;
    res.setHeader('x-correlation-id', ctx.correlationId);
    res.locals.requestContext = ctx;
    if (tx) {
      // Fallback for requests that end before the plugin runs (e.g. rejected over HTTP).
      res.once('close', () => void tx.finish(false));
    }
    return ctx;
  };
  const cors = browserAccess(web);
  // One Apollo handler for both paths: it uses nothing of Express's.
  const graphql = apolloHandler(apollo, context);
  const gate = spentCouncilGate(services);
  // GraphQL first: an API request passes no other route's matching on its way.
  // CORS and (in development) GraphiQL for a browser's GET come before Apollo.
  app.use('/graphql', cors, ...graphqlWebRoutes(web), gate, ...graphqlBody(), tokenLimit, graphql);
  graphqlRoute.lean = graphqlLeanPath(
    [logAccess, cors, gate, readJsonBody, tokenLimit, graphql],
    failed,
  );

  // Probes for the orchestrator: anonymous, so they say "ok" or "unavailable" and no more.
  app.use(probeRoutes(services));
  // Letters and evidence packs as PDF/JSON: same bearer authentication, one transaction each.
  app.use('/documents', documentRoutes(services));
  // Benchmarking exports (CSV, SVG charts): same authentication, one read-only transaction each.
  app.use('/benchmarking', benchmarkRoutes(services));
  // The staff console and development sign-in.
  app.use(webRoutes(web));

  app.use(
    (err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      if (res.headersSent) return next(err);
      failed(err, res);
    },
  );

  return {
    httpServer,
    app,
    listen: (port) =>
      new Promise((resolve) => {
        // A deep accept queue (Node's default is 511): under a flood, other councils'
        // new connections wait their turn instead of being dropped and retried after seconds.
        httpServer.listen({ port, backlog: 4096 }, () => {
          const address = httpServer.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    stop: () => apollo.stop(),
  };
}
