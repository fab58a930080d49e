import { z } from 'zod';

/** An origin as browsers send it: scheme, host and port, no path. */
const origin = z
  .string()
  .url()
  .refine((v) => /^https?:\/\/[^/]+$/.test(v), {
    message: 'each origin is scheme://host[:port] with no path or trailing slash',
  });

/**
 * One council's single-page-app registration with its own identity provider
 * (Authorization Code with PKCE; a public client, so no secret).
 */
export const consoleOidcClientSchema = z.strictObject({
  /** The issuer, e.g. https://login.microsoftonline.com/<tenant id>/v2.0 */
  authority: z.string().url().startsWith('https://'),
  clientId: z.string().min(1),
  /** Must include the scope whose access token the API accepts for the council. */
  scope: z.string().min(1).default('openid profile email'),
});
export type ConsoleOidcClient = z.infer<typeof consoleOidcClientSchema>;

const json = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

/** Settings of the browser-facing side: the console's sign-in and the CORS allow-list. */
export const webSettings = {
  /**
   * Comma-separated origins of councils' own front ends allowed to call the API
   * from a browser (e.g. https://intranet.maidstone.gov.uk). Unset: same origin only.
   */
  CORS_ORIGINS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(origin))
    .default([]),
  /** JSON: council slug → its OIDC client for the console, e.g. {"maidstone":{"authority":"https://…","clientId":"…","scope":"openid api://conduct/access"}}. */
  CONSOLE_OIDC_CLIENTS: json(z.record(z.string().min(1), consoleOidcClientSchema)).default({}),
};
