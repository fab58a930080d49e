import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError } from 'graphql';
import type { ApiServices, RequestContext } from './context';
import { documentRoutes } from './documents/routes';
import { armor } from './graphql/armor';
import { correlationPlugin } from './graphql/correlation.plugin';
import { maskError } from './graphql/errors';
import { transactionPlugin } from './graphql/transaction.plugin';
import { benchmarkRoutes } from './benchmarking/benchmark.routes';
import { buildRequestContext } from './identity/request-context';
import { buildApiSchema } from './graphql/schema';
import { webRoutes, type WebSettings } from './console/console.routes';

export interface ApiServer {
  httpServer: Server;
  app: express.Express;
  listen(port: number): Promise<number>;
  /** Stops taking requests, lets in-flight ones finish, then returns. */
  stop(): Promise<void>;
}

export async function createApiServer(
  services: ApiServices,
  production: boolean,
  web: Partial<Pick<WebSettings, 'corsOrigins' | 'consoleOidcClients' | 'consoleDist'>> = {},
): Promise<ApiServer> {
  const app = express();
  const httpServer = createServer(app);
  const schema = await buildApiSchema();
  const protection = armor(production);
  const apollo = new ApolloServer<RequestContext>({
    schema,
    validationRules: protection.validationRules,
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
      transactionPlugin,
      // Apollo's landing page loads from a CDN; development gets a bundled GraphiQL instead (webRoutes).
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  // Letters and evidence packs as PDF/JSON: same bearer authentication, one transaction each.
  app.use('/documents', documentRoutes(services));
  // Benchmarking exports (CSV, SVG charts): same authentication, one read-only transaction each.
  app.use('/benchmarking', benchmarkRoutes(services));
  // The staff console, development sign-in, GraphiQL and CORS: before /graphql, see webRoutes.
  app.use(
    webRoutes({
      production,
      devIssuerSecret: services.auth.devIssuerSecret,
      corsOrigins: web.corsOrigins ?? [],
      consoleOidcClients: web.consoleOidcClients ?? {},
      consoleDist: web.consoleDist,
    }),
  );
  app.use(
    '/graphql',
    express.json({ limit: '200kb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const { ctx, tx } = await buildRequestContext(services, req).catch((err: unknown) => {
          const correlationId = randomUUID();
          services.logger.error({ err, correlationId }, 'could not build the request context');
          throw new GraphQLError('Internal server error', {
            extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId, http: { status: 500 } },
          });
        });
        res.setHeader('x-correlation-id', ctx.correlationId);
        if (tx) {
          // Fallback for requests that end before the plugin runs (e.g. rejected over HTTP).
          res.once('close', () => void tx.finish(false));
        }
        return ctx;
      },
    }),
  );

  return {
    httpServer,
    app,
    listen: (port) =>
      new Promise((resolve) => {
        httpServer.listen(port, () => {
          const address = httpServer.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    stop: () => apollo.stop(),
  };
}
