import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('applies defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(4000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.NODE_ENV).toBe('development');
  });

  it('names each bad variable and why', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      expect(problems).toMatch(/^PORT: /m);
      expect(problems).toMatch(/^DATABASE_URL: .*postgres:\/\//m);
      expect(problems).toMatch(/^LOG_LEVEL: /m);
    }
  });

  it('requires real servers and secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL: is required/);
  });
});

describe('browser-facing settings', () => {
  it('reads a CORS allow-list and refuses an origin with a path', () => {
    expect(
      loadConfig({ CORS_ORIGINS: 'https://a.example, http://b.example:8080' }).CORS_ORIGINS,
    ).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(loadConfig({}).CORS_ORIGINS).toEqual([]);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/app' })).toThrow(
      /^\s*- CORS_ORIGINS/m,
    );
  });

  it('reads per-council console OIDC clients and names what is wrong', () => {
    const c = loadConfig({
      CONSOLE_OIDC_CLIENTS: JSON.stringify({
        maidstone: { authority: 'https://login.microsoftonline.com/t/v2.0', clientId: 'abc' },
      }),
    });
    expect(c.CONSOLE_OIDC_CLIENTS.maidstone).toEqual({
      authority: 'https://login.microsoftonline.com/t/v2.0',
      clientId: 'abc',
      scope: 'openid profile email',
    });
    expect(() => loadConfig({ CONSOLE_OIDC_CLIENTS: '{' })).toThrow(
      /CONSOLE_OIDC_CLIENTS: is not valid JSON/,
    );
    expect(() =>
      loadConfig({
        CONSOLE_OIDC_CLIENTS: JSON.stringify({ m: { authority: 'http://x', clientId: 'a' } }),
      }),
    ).toThrow(/CONSOLE_OIDC_CLIENTS\.m\.authority/);
  });
});
