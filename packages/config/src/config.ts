import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);

const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

/** Every setting the services read, validated once at start-up. */
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
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production') {
      for (const key of ['DATABASE_URL', 'REDIS_URL'] as const) {
        if (!c[key])
          ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production' });
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
