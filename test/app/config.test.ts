import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_SECRET } from '../../src/auth/tokens';
import { ConfigError, loadConfig } from '../../src/config/env';

describe('configuration', () => {
  it('has working defaults for a laptop', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 4000, host: '127.0.0.1', databaseUrl: undefined, seedDemo: true, introspection: true, developmentAuth: true });
    expect(c.dataDir.endsWith('.data')).toBe(true);
  });

  it('lists every bad value at once', () => {
    try {
      loadConfig({ PORT: '99999', DATABASE_URL: 'mysql://x', SEED_DEMO: 'maybe' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/DATABASE_URL/);
      expect(problems).toMatch(/SEED_DEMO/);
    }
  });

  it('refuses production with the development secret, and turns introspection off there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: DEVELOPMENT_SECRET })).toThrow(ConfigError);
    const prod = loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'a-real-secret-of-enough-length' });
    expect(prod.introspection).toBe(false);
    expect(prod.developmentAuth).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.example/jwks.json' }).developmentAuth).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'a-real-secret-of-enough-length', INTROSPECTION: 'true' }).introspection).toBe(true);
  });
});
