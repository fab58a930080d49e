import 'reflect-metadata';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createLogger, packageVersion } from '@conduct/config';
import { createDataSource } from '@conduct/db';
import { producerConnection } from '@conduct/jobs';
import {
  createTestDatabase,
  startTestRedis,
  type TestDatabase,
  type TestRedis,
} from '@conduct/testing';
import { SettableClock } from '@conduct/config';
import type { AuthSettings } from '@conduct/api/request/auth-settings';
import { signDevOperatorToken, signDevToken } from '@conduct/api/identity/dev-issuer';
import { createApiServer, type ApiServer } from '@conduct/api/server';
import { TENANTS_DIR, applyTenants } from '@conduct/api/tenancy/apply-tenants';
import { PolicyCache } from '@conduct/api/request/policy-cache';
import {
  DEFAULT_RATE_LIMITS,
  RateLimits,
  type RateLimitSettings,
} from '@conduct/api/rate-limits/rate-limits';

export const TEST_ISSUER_SECRET = 'test-issuer-secret-of-at-least-32-characters';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

export interface TestApi {
  db: TestDatabase;
  redis: TestRedis;
  /** The app role's data source, as the server uses it. */
  ds: DataSource;
  /** A superuser data source for assertions that must see past row-level security. */
  owner: DataSource;
  server: ApiServer;
  /** The clock the server decides with: tests move it forward. */
  clock: SettableClock;
  /** Tenant ids of the councils loaded from tenants/, by slug. */
  tenants: Record<string, string>;
  /** A development-issuer token for a user of a council. */
  token(tenant: string, email: string): Promise<string>;
  /** A development-issuer token for a platform operator (the operator row must exist). */
  operatorToken(email: string): Promise<string>;
  /** Like `gql`, with the Authorization header exactly as given (e.g. `ApiKey ck_…`). */
  gqlAs<T = Record<string, unknown>>(
    authorization: string | undefined,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>>;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/**
 * The real API over HTTP against a database and a Redis of this test file's
 * own: the same wiring as production, nothing mocked.
 */
export async function startTestApi(
  options: {
    production?: boolean;
    now?: Date;
    tenants?: boolean;
    /** The platform's own provider (operators' tokens), e.g. a JWKS the test serves. */
    platformOidc?: AuthSettings['platformOidc'];
    /**
     * Rate limits; by default budgets no test reaches (tests of other things
     * fire hundreds of requests a second), with the production concurrency cap.
     */
    rateLimits?: RateLimitSettings;
    web?: Parameters<typeof createApiServer>[2];
  } = {},
): Promise<TestApi> {
  const db = await createTestDatabase();
  const redis = await startTestRedis();
  const ds = createDataSource(db.appUrl, 'app', 5);
  const owner = createDataSource(db.ownerUrl, 'owner', 2);
  await Promise.all([ds.initialize(), owner.initialize()]);
  const redisClient = await producerConnection(redis.url);
  const logger = createLogger('api-test', process.env.LOG_LEVEL ?? 'silent');
  const clock = new SettableClock(options.now ?? new Date('2026-01-05T09:00:00Z'));
  const production = options.production ?? false;
  const server = await createApiServer(
    {
      ds,
      redis: redisClient,
      logger,
      version: packageVersion,
      clock,
      policies: new PolicyCache(),
      rateLimits: new RateLimits(
        options.rateLimits ?? {
          ...DEFAULT_RATE_LIMITS,
          councilCostPerSecond: 1e9,
          principalCostPerSecond: 1e9,
          anonymousCostPerSecond: 1e9,
        },
      ),
      auth: {
        production,
        devIssuerSecret: TEST_ISSUER_SECRET,
        platformOidc: options.platformOidc,
      },
    },
    production,
    options.web,
  );
  const tenants = options.tenants === false ? [] : await applyTenants(ds, TENANTS_DIR, clock.now());
  const port = await server.listen(0);
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    db,
    redis,
    clock,
    tenants: Object.fromEntries(tenants.map((t) => [t.slug, t.tenantId])),
    token: (tenant, email) => signDevToken(TEST_ISSUER_SECRET, { tenant, email }),
    operatorToken: (email) => signDevOperatorToken(TEST_ISSUER_SECRET, email),
    async gqlAs(authorization, query, variables) {
      const req = request(baseUrl).post('/graphql').set('content-type', 'application/json');
      if (authorization) req.set('authorization', authorization);
      const res = await req.send({ query, variables });
      return { status: res.status, ...(res.body as object) };
    },
    ds,
    owner,
    server,
    async gql(query, variables, token) {
      const req = request(baseUrl).post('/graphql').set('content-type', 'application/json');
      if (token) req.set('authorization', `Bearer ${token}`);
      const res = await req.send({ query, variables });
      return { status: res.status, ...(res.body as object) };
    },
    async close() {
      await server.stop();
      redisClient.disconnect();
      await Promise.all([ds.destroy(), owner.destroy()]);
      await redis.stop();
      await db.drop();
    },
  };
}
