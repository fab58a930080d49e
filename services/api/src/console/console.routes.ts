import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import cors from 'cors';
import express from 'express';
import { parse as parseYaml } from 'yaml';
import type { ConsoleOidcClient } from '@conduct/config';
import type { HttpHandler } from '../http/handler';
import { signDevToken } from '../identity/dev-issuer';
import { TENANTS_DIR } from '../tenancy/apply-tenants';

/** The console's built bundle (services/console/dist), next to this package in the workspace. */
export const CONSOLE_DIST = join(__dirname, '..', '..', '..', 'console', 'dist');

export interface WebSettings {
  production: boolean;
  devIssuerSecret: string;
  /** Origins of councils' own front ends allowed to call the API from a browser. */
  corsOrigins: string[];
  /** Council slug → its OIDC client for console sign-in in production. */
  consoleOidcClients: Record<string, ConsoleOidcClient>;
  /** Where the console bundle is; tests may point elsewhere. */
  consoleDist?: string;
}

interface DemoCouncil {
  slug: string;
  name: string;
  users: { email: string; name: string; roles: string[] }[];
}

/** The demo users of tenants/*: the people development sign-in offers. */
function demoCouncils(dir: string): DemoCouncil[] {
  // A deployment without the repository's tenants/ folder simply has no demo users.
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'users.yaml')))
    .map((d) => {
      const policy = parseYaml(readFileSync(join(dir, d.name, 'policy.yaml'), 'utf8')) as {
        slug: string;
        name: string;
      };
      const users = parseYaml(readFileSync(join(dir, d.name, 'users.yaml'), 'utf8')) as {
        users: DemoCouncil['users'];
      };
      return { slug: policy.slug, name: policy.name, users: users.users };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Development sign-in: a demo user's development-issuer token, as `pnpm run
 * token` mints it. Never mounted in production, where the route answers 403.
 */
function devSignIn(settings: WebSettings): express.Router {
  const router = express.Router();
  if (settings.production) {
    router.use((_req, res) => {
      res.status(403).json({
        code: 'DEV_SIGN_IN_DISABLED',
        message: 'Development sign-in is not available in production.',
      });
    });
    return router;
  }
  const councils = demoCouncils(TENANTS_DIR);
  router.get('/users', (_req, res) => {
    res.json({ councils });
  });
  router.post('/token', express.json({ limit: '2kb' }), async (req, res) => {
    const { tenant, email } = (req.body ?? {}) as { tenant?: unknown; email?: unknown };
    const council = councils.find((c) => c.slug === tenant);
    if (!council || !council.users.some((u) => u.email === email)) {
      res.status(400).json({
        code: 'UNKNOWN_DEMO_USER',
        field: council ? 'email' : 'tenant',
        message: 'Choose one of the demo users listed.',
      });
      return;
    }
    res.json({
      token: await signDevToken(settings.devIssuerSecret, {
        tenant: council.slug,
        email: email as string,
      }),
    });
  });
  return router;
}

/** How the console signs in here: demo users in development, each council's OIDC client in production. */
function signInSettings(settings: WebSettings) {
  return {
    mode: settings.production ? 'oidc' : 'development',
    councils: Object.entries(settings.consoleOidcClients).map(([slug, c]) => ({
      slug,
      authority: c.authority,
      clientId: c.clientId,
      scope: c.scope,
    })),
  };
}

/**
 * The CORS allow-list for councils' own front ends. Only listed origins get
 * CORS headers; Apollo's CSRF prevention still refuses simple
 * (non-preflighted) requests, so an allowed origin must send JSON. The
 * GraphQL route runs it on both its paths (see `transport/graphql-http.ts`).
 */
export function browserAccess(settings: WebSettings): HttpHandler {
  return cors({
    origin: settings.corsOrigins,
    allowedHeaders: [
      'authorization',
      'content-type',
      'apollo-require-preflight',
      'idempotency-key',
    ],
    exposedHeaders: ['x-correlation-id'],
    maxAge: 600,
  });
}

/**
 * What /graphql answers before the GraphQL middleware, after CORS: in
 * development GraphiQL for a browser's GET. The server mounts it at the head
 * of its /graphql chain, so an API request passes no other route on its way.
 */
export function graphqlWebRoutes(settings: WebSettings): express.RequestHandler[] {
  if (settings.production) return [];
  const dist = settings.consoleDist ?? CONSOLE_DIST;
  const graphiql: express.RequestHandler = (req, res, next) => {
    if (
      req.method !== 'GET' ||
      req.path !== '/' ||
      !req.accepts('html') ||
      req.query.query ||
      !existsSync(join(dist, 'graphiql.html'))
    ) {
      next();
      return;
    }
    res.sendFile(join(dist, 'graphiql.html'));
  };
  return [graphiql];
}

/**
 * The rest of the browser side: the console at /console (static bundle, SPA
 * fallback), development sign-in, and CORS for the document and
 * benchmarking routes.
 */
export function webRoutes(settings: WebSettings): express.Router {
  const router = express.Router();
  const dist = settings.consoleDist ?? CONSOLE_DIST;
  router.use(['/documents', '/benchmarking'], browserAccess(settings));

  router.use('/console/dev', devSignIn(settings));
  router.get('/console/sign-in-settings.json', (_req, res) => {
    res.json(signInSettings(settings));
  });
  router.use(
    '/console/assets',
    express.static(join(dist, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  router.use('/console', express.static(dist, { index: false, redirect: false }));
  // Any other /console path is a page of the single-page app.
  router.get(/^\/console(\/.*)?$/, (_req, res) => {
    const index = join(dist, 'index.html');
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The console is not built: run pnpm run build.');
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
