import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_SECRET } from '../../src/auth/tokens';
import { ConfigError, loadConfig } from '../../src/config/env';

// A badge signing key for production configurations (made for these tests; signs nothing real).
const BADGE_KEY = JSON.stringify({
  kty: 'OKP',
  crv: 'Ed25519',
  d: 'ZtMiuDCC1n6wgQToYk7e4y6WrfbWXXWhOcSwPgnytX8',
  x: 'OCMIH6PAvpoGxzwe5t63IRZOXgZVY_lxIcv0mq4xdjk',
});
const PROD_BADGES = { BADGE_SIGNING_KEY: BADGE_KEY, PUBLIC_URL: 'https://catalog.example.org/' };

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
    const prod = loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'a-real-secret-of-enough-length', ...PROD_BADGES });
    expect(prod.introspection).toBe(false);
    expect(prod.developmentAuth).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.example/jwks.json', ...PROD_BADGES }).developmentAuth).toBe(false);
    expect(
      loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'a-real-secret-of-enough-length', INTROSPECTION: 'true', ...PROD_BADGES }).introspection,
    ).toBe(true);
  });

  it('refuses production without a badge signing key and a public URL, and checks the keys it is given', () => {
    try {
      loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'a-real-secret-of-enough-length' });
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([
        'BADGE_SIGNING_KEY: production needs the private JWK badges are signed with',
        'PUBLIC_URL: production needs the public base URL badges name (e.g. https://catalog.example.org)',
      ]);
    }
    const prod = loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'a-real-secret-of-enough-length', ...PROD_BADGES });
    expect(prod.badges).toMatchObject({
      publicUrl: 'https://catalog.example.org',
      signingKey: { kty: 'OKP', crv: 'Ed25519' },
      previousPublicKeys: [],
    });
    const bad = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    };
    expect(bad({ BADGE_SIGNING_KEY: 'not json' })).toEqual(['BADGE_SIGNING_KEY: must be a JSON Web Key object']);
    expect(bad({ BADGE_SIGNING_KEY: JSON.stringify({ kty: 'RSA', n: 'x', e: 'AQAB', d: 'y' }) })).toEqual([
      'BADGE_SIGNING_KEY: must be an Ed25519 (kty OKP) or P-256 (kty EC) key',
    ]);
    const { d: _d, ...publicKey } = JSON.parse(BADGE_KEY);
    expect(bad({ BADGE_SIGNING_KEY: JSON.stringify(publicKey) })).toEqual(['BADGE_SIGNING_KEY: must be a private key (with "d")']);
    expect(bad({ BADGE_PREVIOUS_PUBLIC_KEYS: JSON.stringify([JSON.parse(BADGE_KEY)]) })).toEqual([
      'BADGE_PREVIOUS_PUBLIC_KEYS[0]: must hold public keys only (no "d")',
    ]);
    expect(bad({ BADGE_PREVIOUS_PUBLIC_KEYS: '{}' })).toEqual([
      'BADGE_PREVIOUS_PUBLIC_KEYS: must be a JSON array of public JWKs (or a JWKS {"keys": [...]})',
    ]);
    expect(loadConfig({ BADGE_PREVIOUS_PUBLIC_KEYS: JSON.stringify({ keys: [publicKey] }) }).badges.previousPublicKeys).toEqual([publicKey]);
    expect(bad({ PUBLIC_URL: 'ftp://x.example' })).toEqual(['PUBLIC_URL: must be an http(s) URL']);
  });
});
