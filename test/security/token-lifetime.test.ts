// Token lifetime rules, through the gateway over HTTP: exp required, lifetime bounded by
// AUTH_MAX_TOKEN_LIFETIME (1 h here), 60 s of clock skew tolerated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_SECRET } from '../../src/auth/tokens';
import { startTestApp, type TestApp, unique } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ AUTH_MAX_TOKEN_LIFETIME: '1h', AUTH_CLOCK_SKEW: '60s' });
});
afterAll(async () => {
  await t?.stop();
});

/** An ADMIN token with exactly the given times (seconds since the epoch), signed with the development secret. */
async function adminToken(times: { iat?: number; exp?: number; nbf?: number }): Promise<string> {
  const { SignJWT } = await import('jose');
  let jwt = new SignJWT({ role: 'ADMIN' }).setProtectedHeader({ alg: 'HS256' }).setSubject('token-lifetime-admin');
  if (times.iat !== undefined) jwt = jwt.setIssuedAt(times.iat);
  if (times.exp !== undefined) jwt = jwt.setExpirationTime(times.exp);
  if (times.nbf !== undefined) jwt = jwt.setNotBefore(times.nbf);
  return jwt.sign(new TextEncoder().encode(DEVELOPMENT_SECRET));
}

const now = () => Math.floor(Date.now() / 1000);

async function createOrganization(token: string) {
  return t.request<{ createOrganization: { organization: { id: string } | null } }, { name: string }>(
    'mutation ($name: String!) { createOrganization(input: { name: $name, employeeCount: 5, linuxFoundationMember: false }) { organization { id } } }',
    { name: unique('Token lifetime') },
    { authorization: `Bearer ${token}` },
  );
}

describe('token lifetime', () => {
  it('refuses an ADMIN token without exp: nothing is written', async () => {
    const r = await createOrganization(await adminToken({ iat: now() }));
    expect(r.status).toBe(401);
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.errors?.[0].message).toBe('The token has no expiry (claim "exp"); tokens must expire');
    expect(r.data ?? null).toBeNull();
  });

  it('refuses a token that lives longer than AUTH_MAX_TOKEN_LIFETIME, by its whole life or by what is left', async () => {
    const whole = await createOrganization(await adminToken({ iat: now() - 600, exp: now() + 3600 }));
    expect(whole.status).toBe(401);
    expect(whole.errors?.[0].message).toBe('The token lives longer than the allowed 3600 s (AUTH_MAX_TOKEN_LIFETIME)');
    const noIat = await createOrganization(await adminToken({ exp: now() + 2 * 3600 }));
    expect(noIat.status).toBe(401);
    expect(noIat.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token issued in the future, beyond the clock skew', async () => {
    const r = await createOrganization(await adminToken({ iat: now() + 600, exp: now() + 1200 }));
    expect(r.status).toBe(401);
    expect(r.errors?.[0].message).toBe('The token is issued in the future');
  });

  it('accepts a token within its lifetime, and one that expired less than the skew ago; refuses one expired longer ago', async () => {
    const fresh = await createOrganization(await adminToken({ iat: now(), exp: now() + 3000 }));
    expect(fresh.errors).toBeUndefined();
    expect(fresh.data?.createOrganization.organization?.id).toMatch(/^[0-9a-f-]{36}$/);
    const justExpired = await createOrganization(await adminToken({ iat: now() - 600, exp: now() - 20 }));
    expect(justExpired.errors).toBeUndefined();
    const expired = await createOrganization(await adminToken({ iat: now() - 600, exp: now() - 120 }));
    expect(expired.status).toBe(401);
    expect(expired.errors?.[0].message).toBe('The token has expired');
  });
});
