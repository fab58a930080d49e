import { z } from 'zod';
import { webSettings } from './web';

const port = z.coerce.number().int().min(1).max(65535);

const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

/** Every setting the services read, validated once at start-up. */
/** Development only; production refuses it. */
export const DEV_AUDIT_ANCHOR_KEY = 'conduct-development-audit-anchor-key-not-for-production';

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: port.default(4000),
    /** Owner connection: runs migrations. Unset → embedded Postgres under .conduct/. */
    DATABASE_URL: url(['postgres', 'postgresql']).optional(),
    /** Application connection (non-owner role, subject to row-level security). */
    DATABASE_APP_URL: url(['postgres', 'postgresql']).optional(),
    /** Password given to the conduct_app role when start-up creates it. */
    DATABASE_APP_PASSWORD: z.string().min(8).default('conduct-app-local'),
    /** Unset → a redis-server started under .conduct/. */
    REDIS_URL: url(['redis', 'rediss']).optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /** Where embedded servers keep their data. */
    CONDUCT_HOME: z.string().min(1).default('.conduct'),
    /** Ports of the embedded servers (only used when the URLs above are unset). */
    CONDUCT_PG_PORT: port.default(54329),
    CONDUCT_REDIS_PORT: port.default(63799),
    /** Signing secret of the development token issuer (never accepted in production). */
    DEV_ISSUER_SECRET: z
      .string()
      .min(32)
      .default('conduct-development-issuer-secret-not-for-production'),
    /**
     * HMAC key that signs audit-chain anchors (each council's head, recorded by
     * the worker outside the council's table). The database never holds it, so
     * a database superuser cannot forge an anchor after truncating a chain.
     */
    AUDIT_ANCHOR_KEY: z.string().min(32).default(DEV_AUDIT_ANCHOR_KEY),
    /**
     * Append-only JSON-lines file each anchor is also exported to (opened
     * O_APPEND), on a write-once mount; in production, S3 Object Lock (infra/README.md).
     */
    AUDIT_ANCHOR_FILE: z.string().min(1).optional(),
    /**
     * Rate limits, per API process, in query cost per second (the complexity limit's estimate).
     * 5,000 is the complexity ceiling, so any allowed query can run; at 30,000 one council's
     * flood kept a 2-core process busy enough to quadruple another council's p95 (bench:fairness).
     */
    RATE_LIMIT_COUNCIL_COST: z.coerce.number().int().min(1).default(5_000),
    RATE_LIMIT_PRINCIPAL_COST: z.coerce.number().int().min(1).default(5_000),
    /** Anonymous callers, per IP address. */
    RATE_LIMIT_ANONYMOUS_COST: z.coerce.number().int().min(1).default(2_000),
    /** Transactions of one council at a time per API process (its share of the pool of 10). */
    COUNCIL_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
    /** The platform's own OIDC provider, whose tokens name platform operators (all three or none). */
    PLATFORM_OIDC_ISSUER: z.string().min(1).optional(),
    PLATFORM_OIDC_JWKS_URL: url(['https']).optional(),
    PLATFORM_OIDC_AUDIENCE: z.string().min(1).optional(),
    /** Outgoing mail (reminders, escalations): e.g. smtp://user:pass@host:587. Unset → in-app notifications only. */
    SMTP_URL: url(['smtp', 'smtps']).optional(),
    /** The From: address of mail the worker sends. */
    MAIL_FROM: z.string().min(3).default('Conduct <no-reply@conduct.invalid>'),
    /** How often the worker's reconciler looks in the database for due work (ms). */
    SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(300_000),
    /** BullMQ lock on a job in hand; a killed worker's job is taken back after it lapses (ms). */
    WORKER_LOCK_DURATION_MS: z.coerce.number().int().min(1000).default(30_000),
    /** How often workers look for stalled jobs (ms). */
    WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(1000).default(30_000),
    /** Cases purged per transaction. */
    PURGE_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(200),
    /** Prometheus `/metrics` on a port of its own (keep it off the public ingress). Unset → no metrics server. */
    METRICS_PORT: port.optional(),
    /** The worker's `/livez` and `/readyz`. Unset → no probe server. */
    WORKER_HEALTH_PORT: port.optional(),
    /** Run migrations when the API starts. Off in production, where the `migrate` command (a Job) runs them. */
    MIGRATE_AT_START: z
      .enum(['true', 'false'])
      .optional()
      .transform((v) => (v === undefined ? undefined : v === 'true')),
    /** OpenTelemetry traces go to this OTLP/HTTP endpoint when set. */
    OTEL_EXPORTER_OTLP_ENDPOINT: url(['http', 'https']).optional(),
    /** Test-settable time for the API and the worker: a file holding an ISO instant (frozen) or `+<ms>` (offset). Never in production. */
    CONDUCT_CLOCK_FILE: z.string().min(1).optional(),
    ...webSettings,
  })
  .superRefine((c, ctx) => {
    const platformOidc = [
      c.PLATFORM_OIDC_ISSUER,
      c.PLATFORM_OIDC_JWKS_URL,
      c.PLATFORM_OIDC_AUDIENCE,
    ];
    if (platformOidc.some(Boolean) && !platformOidc.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: ['PLATFORM_OIDC_ISSUER'],
        message:
          'set PLATFORM_OIDC_ISSUER, PLATFORM_OIDC_JWKS_URL and PLATFORM_OIDC_AUDIENCE together',
      });
    }
    if (c.NODE_ENV === 'production') {
      for (const key of ['DATABASE_URL', 'REDIS_URL'] as const) {
        if (!c[key])
          ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production' });
      }
      if (c.CONDUCT_CLOCK_FILE) {
        ctx.addIssue({
          code: 'custom',
          path: ['CONDUCT_CLOCK_FILE'],
          message: 'a settable clock is for tests only',
        });
      }
      if (c.AUDIT_ANCHOR_KEY === DEV_AUDIT_ANCHOR_KEY) {
        ctx.addIssue({
          code: 'custom',
          path: ['AUDIT_ANCHOR_KEY'],
          message: 'must be set to a secret in production',
        });
      }
      if (c.DATABASE_APP_PASSWORD === 'conduct-app-local') {
        ctx.addIssue({
          code: 'custom',
          path: ['DATABASE_APP_PASSWORD'],
          message: 'must be set to a secret in production',
        });
      }
    }
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the environment; throws ConfigError naming each bad variable and why. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = configSchema.safeParse(blankless);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`),
  );
}
