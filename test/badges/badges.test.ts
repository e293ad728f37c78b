// Badges end to end through the real gateway: the signed Open Badges 3.0 credential of an award, checked
// with jose and the published JWKS alone (no product code), verifyBadge's reasons, revocation (also
// through the W3C Bitstring Status List, decoded here by hand), the public directory and the awards export.
import type { JSONWebKeySet } from 'jose' with { 'resolution-mode': 'import' };
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AwardBadgeDocument,
  AwardDetailDocument,
  AwardsDocument,
  RevokeAwardDocument,
  VerifyBadgeDocument,
} from '../../src/client/generated/graphql';
import { createOrganization } from '../subgraphs/certification-helpers';
import { as, startTestApp, type TestApp, unique } from '../support/test-app';
import { approvedPlatformAward, daysFromNow, deleteAward, insertAward } from './badge-helpers';

// jose is ES modules only (this package is CommonJS): loaded with import(), as a verifier would use it.
let jose: typeof import('jose', { with: { 'resolution-mode': 'import' } });
let t: TestApp;
let base: string;
let jwks: JSONWebKeySet;
const prefix = unique('Badgeco');
let valid: { awardId: string; organizationId: string; productId: string };
let expiredId: string;
let futureId: string;
let trainingId: string;
let toRevokeId: string;

async function get(path: string, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, { headers });
}

async function badgeOf(id: string, headers: Record<string, string> = {}): Promise<string> {
  const { award } = await t.data(AwardDetailDocument, { id }, headers);
  return award!.badge.jwt;
}

async function verify(jwt: string) {
  const body = await t.request(VerifyBadgeDocument, { jwt });
  expect(body.errors).toBeUndefined();
  return body.data!.verifyBadge;
}

beforeAll(async () => {
  jose = await import('jose');
  t = await startTestApp();
  base = t.url.replace(/\/graphql$/, '');
  valid = await approvedPlatformAward(t, `${prefix} Alpha <Cloud> & Co`);
  const other = await createOrganization(t, { employeeCount: 20, name: `${prefix} Beta Training` });
  trainingId = await insertAward(t, { organizationId: other, kind: 'TRAINING_PARTNER', issuedOn: daysFromNow(-10), expiresOn: daysFromNow(300) });
  expiredId = await insertAward(t, { organizationId: other, kind: 'SERVICE_PROVIDER', issuedOn: '2024-01-10', expiresOn: '2025-01-10' });
  futureId = await insertAward(t, { organizationId: other, kind: 'ENTERPRISE', issuedOn: daysFromNow(5), expiresOn: daysFromNow(370) });
  const third = await createOrganization(t, { employeeCount: 20, name: `${prefix} Gamma Services` });
  toRevokeId = await insertAward(t, { organizationId: third, kind: 'SERVICE_PROVIDER', issuedOn: daysFromNow(-30), expiresOn: daysFromNow(200) });
  jwks = (await (await get('/.well-known/jwks.json')).json()) as JSONWebKeySet;
}, 180_000);
afterAll(async () => {
  await t?.stop();
});

describe('keys', () => {
  it('publishes the public signing key with its kid, and nothing private', async () => {
    const res = await get('/.well-known/jwks.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/jwk-set+json');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(jwks.keys[0].kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});

describe('a badge', () => {
  it('is an Open Badges 3.0 credential as a vc+jwt that jose verifies with the published JWKS alone', async () => {
    const { award } = await t.data(AwardBadgeDocument, { id: valid.awardId });
    expect(award).toMatchObject({ id: valid.awardId, kind: 'PLATFORM' });
    const { jwt, url, imageUrl } = award!.badge;
    expect(url).toBe(`${base.replace('127.0.0.1', 'localhost')}/badges/${valid.awardId}.jwt`);
    expect(imageUrl).toBe(`${base.replace('127.0.0.1', 'localhost')}/badges/${valid.awardId}.svg`);

    const header = jose.decodeProtectedHeader(jwt);
    expect(header).toEqual({ alg: 'EdDSA', typ: 'vc+jwt', kid: jwks.keys[0].kid });
    const { payload } = await jose.jwtVerify(jwt, jose.createLocalJWKSet(jwks), { typ: 'vc+jwt', algorithms: ['EdDSA', 'ES256'] });
    const today = new Date().toISOString().slice(0, 10);
    const origin = base.replace('127.0.0.1', 'localhost');
    expect(payload).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: `${origin}/badges/${valid.awardId}`,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: `${origin}/issuer`, type: ['Profile'], name: 'FinOps Foundation' },
      validFrom: `${today}T00:00:00Z`,
      credentialSubject: {
        id: `urn:uuid:${valid.organizationId}`,
        type: ['AchievementSubject'],
        achievement: {
          type: ['Achievement'],
          achievementType: 'Certification',
          name: 'FinOps Certified Platform',
          criteria: { narrative: expect.stringContaining(`${prefix} Alpha <Cloud> & Co for its product`) },
        },
        organization: { id: `urn:uuid:${valid.organizationId}`, name: `${prefix} Alpha <Cloud> & Co` },
        product: { id: `urn:uuid:${valid.productId}` },
        certification: { kind: 'PLATFORM', program: '2023', frameworkEdition: '2023' },
      },
      credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListCredential: `${origin}/badges/status/1` },
      iss: `${origin}/issuer`,
      jti: `${origin}/badges/${valid.awardId}`,
    });
    // Program 2023 awards last 12 months: validUntil is the exclusive expiry, and exp says the same.
    expect(String(payload.validUntil).slice(0, 4)).toBe(String(Number(today.slice(0, 4)) + 1));
    expect(payload.exp).toBe(Date.parse(String(payload.validUntil)) / 1000);

    // The same JWT at badge.url, as application/vc+jwt.
    const res = await fetch(url.replace('localhost', '127.0.0.1'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vc+jwt');
    expect(await res.text()).toBe(jwt);
  });

  it('verifies through verifyBadge, for anyone', async () => {
    const result = await verify(await badgeOf(valid.awardId));
    expect(result).toEqual({
      valid: true,
      reason: null,
      award: { id: valid.awardId, kind: 'PLATFORM', organization: { name: `${prefix} Alpha <Cloud> & Co` } },
    });
  });

  it('fails with BAD_SIGNATURE when tampered with, or signed with a key that is not published', async () => {
    const jwt = await badgeOf(valid.awardId);
    const [h, p, s] = jwt.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    claims.credentialSubject.organization.name = 'Someone Else Inc';
    const tampered = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    await expect(jose.jwtVerify(tampered, jose.createLocalJWKSet(jwks))).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    expect(await verify(tampered)).toEqual({ valid: false, reason: 'BAD_SIGNATURE', award: null });

    const { privateKey } = await jose.generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forged = await new jose.SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid: jwks.keys[0].kid! }).sign(privateKey);
    expect(await verify(forged)).toMatchObject({ valid: false, reason: 'BAD_SIGNATURE' });
    const unknownKid = await new jose.SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid: 'not-ours' }).sign(privateKey);
    expect(await verify(unknownKid)).toMatchObject({ valid: false, reason: 'BAD_SIGNATURE' });
    const hs256 = await new jose.SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'vc+jwt' }).sign(new TextEncoder().encode('x'.repeat(32)));
    expect(await verify(hs256)).toMatchObject({ valid: false, reason: 'BAD_SIGNATURE' });
  });

  it('is MALFORMED when it is not a vc+jwt at all, never an error', async () => {
    for (const junk of ['', 'not a jwt', 'a.b.c', `${Buffer.from('{"alg":"EdDSA"}').toString('base64url')}.e30.AAAA`, 'x'.repeat(70_000)]) {
      expect(await verify(junk)).toEqual({ valid: false, reason: 'MALFORMED', award: null });
    }
    // A genuine signature but the header's typ is not vc+jwt.
    const jwt = await badgeOf(valid.awardId);
    const plainTyp = `${Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' })).toString('base64url')}.${jwt.split('.')[1]}.${jwt.split('.')[2]}`;
    expect(await verify(plainTyp)).toMatchObject({ valid: false, reason: 'MALFORMED' });
  });

  it("reports an expired award's badge as EXPIRED, a future one as NOT_YET_VALID, a deleted one as UNKNOWN_AWARD", async () => {
    const staff = await as('REVIEWER');
    const expired = await badgeOf(expiredId, staff);
    await expect(jose.jwtVerify(expired, jose.createLocalJWKSet(jwks))).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
    expect(await verify(expired)).toEqual({
      valid: false,
      reason: 'EXPIRED',
      award: { id: expiredId, kind: 'SERVICE_PROVIDER', organization: { name: `${prefix} Beta Training` } },
    });
    expect(await verify(await badgeOf(futureId, staff))).toMatchObject({ valid: false, reason: 'NOT_YET_VALID', award: { id: futureId } });

    const { organization } = (await t.data(AwardDetailDocument, { id: trainingId })).award!;
    const doomed = await insertAward(t, {
      organizationId: organization!.id,
      kind: 'PLATFORM',
      issuedOn: daysFromNow(-1),
      expiresOn: daysFromNow(100),
    });
    const orphan = await badgeOf(doomed);
    await deleteAward(t, doomed);
    expect(await verify(orphan)).toEqual({ valid: false, reason: 'UNKNOWN_AWARD', award: null });
  });

  it('is public while valid; a past or future award only for its organization and Foundation roles', async () => {
    expect((await t.data(AwardDetailDocument, { id: trainingId })).award).toMatchObject({ isValid: true, status: 'VALID', revokedOn: null });
    for (const id of [expiredId, futureId]) {
      expect((await t.data(AwardDetailDocument, { id })).award).toBeNull();
      expect((await t.data(AwardDetailDocument, { id }, await as('VENDOR', valid.organizationId))).award).toBeNull();
    }
    const { organization } = (await t.data(AwardDetailDocument, { id: trainingId })).award!;
    expect((await t.data(AwardDetailDocument, { id: expiredId }, await as('VENDOR', organization!.id))).award).toMatchObject({
      status: 'EXPIRED',
      isValid: false,
    });
    expect((await t.data(AwardDetailDocument, { id: futureId }, await as('TAC'))).award).toMatchObject({ status: 'NOT_YET_VALID', isValid: false });
    expect((await t.data(AwardDetailDocument, { id: '00000000-0000-4000-8000-00000000abcd' })).award).toBeNull();
    expect((await t.data(AwardDetailDocument, { id: 'nope' })).award).toBeNull();
  });

  it('has an accessible SVG image with no external assets', async () => {
    const res = await get(`/badges/${valid.awardId}.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const svg = await res.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* role="img" aria-labelledby="badge-title badge-desc">/);
    expect(svg).toContain(`<title id="badge-title">FinOps Certified Platform: ${prefix} Alpha &lt;Cloud&gt; &amp; Co: `);
    expect(svg).toContain('>Platform</text>');
    expect(svg).toMatch(/>Valid through \d{4}-\d{2}-\d{2}<\/text>/);
    expect(svg).not.toMatch(/<image|href=|url\(|<script|@import/);
    expect(await get(`/badges/${expiredId}.svg`).then((r) => r.text())).toContain('>Expired on 2025-01-10</text>');
    expect((await get('/badges/00000000-0000-4000-8000-00000000abcd.svg')).status).toBe(404);
    expect((await get('/badges/nope.svg')).status).toBe(404);
  });
});

describe('revocation', () => {
  it('is for TAC and ADMIN: others are refused with a top-level error', async () => {
    const input = { awardId: toRevokeId, reason: 'Misrepresented its services' };
    for (const [headers, code] of [
      [{}, 'UNAUTHENTICATED'],
      [await as('REVIEWER'), 'FORBIDDEN'],
      [await as('VENDOR', valid.organizationId), 'FORBIDDEN'],
    ] as const) {
      const body = await t.request(RevokeAwardDocument, { input }, headers);
      expect(body.errors?.[0].extensions?.code).toBe(code);
    }
    expect((await t.data(AwardDetailDocument, { id: toRevokeId })).award).toMatchObject({ isValid: true });
  });

  it('needs a reason and a known award (payload errors, nothing written)', async () => {
    const tac = await as('TAC');
    const blank = await t.data(RevokeAwardDocument, { input: { awardId: toRevokeId, reason: '   ' } }, tac);
    expect(blank.revokeAward).toEqual({
      award: null,
      errors: [{ code: 'REASON_REQUIRED', message: 'Say why the award is revoked', field: 'input.reason' }],
    });
    const long = await t.data(RevokeAwardDocument, { input: { awardId: toRevokeId, reason: 'x'.repeat(2001) } }, tac);
    expect(long.revokeAward.errors[0]).toEqual({ code: 'TOO_LONG', message: 'The reason is longer than 2000 characters', field: 'input.reason' });
    const unknown = await t.data(RevokeAwardDocument, { input: { awardId: '00000000-0000-4000-8000-00000000abcd', reason: 'x' } }, tac);
    expect(unknown.revokeAward.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: 'input.awardId' });
    expect((await t.data(AwardDetailDocument, { id: toRevokeId })).award).toMatchObject({ isValid: true, revokedOn: null });
  });

  it('makes the award invalid everywhere: isValid, verifyBadge, the status list, the directory; audited; only once', async () => {
    const jwt = await badgeOf(toRevokeId);
    const before = await (await get(`/directory.json?q=${encodeURIComponent(prefix)}`)).json();
    expect(before.items.map((i: { id: string }) => i.id)).toContain(toRevokeId);

    const admin = await as('ADMIN', null, 'badge-admin');
    const { revokeAward } = await t.data(RevokeAwardDocument, { input: { awardId: toRevokeId, reason: ' Misrepresented its services ' } }, admin);
    expect(revokeAward).toEqual({ award: { id: toRevokeId, isValid: false }, errors: [] });
    const today = new Date().toISOString().slice(0, 10);
    expect((await t.data(AwardDetailDocument, { id: toRevokeId }, admin)).award).toMatchObject({
      status: 'REVOKED',
      revokedOn: today,
      revocationReason: 'Misrepresented its services',
    });
    // Anonymous callers no longer see it; nor its reason through another vendor.
    expect((await t.data(AwardDetailDocument, { id: toRevokeId })).award).toBeNull();

    // The badge itself still has a genuine signature: only the product and the status list know it is revoked.
    await expect(jose.jwtVerify(jwt, jose.createLocalJWKSet(jwks))).resolves.toBeDefined();
    expect(await verify(jwt)).toMatchObject({ valid: false, reason: 'REVOKED', award: { id: toRevokeId } });

    const again = await t.request(RevokeAwardDocument, { input: { awardId: toRevokeId, reason: 'again' } }, admin);
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');

    const trail = await t.data<any, any>(
      `query ($id: ID!) { auditTrail(objectId: $id, first: 10) { nodes { action actorId actorRole objectType reason } } }`,
      { id: toRevokeId },
      admin,
    );
    expect(trail.auditTrail.nodes).toEqual([
      { action: 'REVOKE', actorId: 'badge-admin', actorRole: 'ADMIN', objectType: 'CertificationAward', reason: 'Misrepresented its services' },
    ]);

    const after = await (await get(`/directory.json?q=${encodeURIComponent(prefix)}`)).json();
    expect(after.items.map((i: { id: string }) => i.id)).not.toContain(toRevokeId);
    expect(
      (await t.data(AwardsDocument, { validOn: today, first: 100, kind: 'SERVICE_PROVIDER' })).awards!.edges.map((e) => e.node.id),
    ).not.toContain(toRevokeId);
  });

  it('of ten concurrent revocations, exactly one is recorded; the others are CONFLICT', async () => {
    const { organization } = (await t.data(AwardDetailDocument, { id: trainingId })).award!;
    const id = await insertAward(t, { organizationId: organization!.id, kind: 'PLATFORM', issuedOn: daysFromNow(-3), expiresOn: daysFromNow(100) });
    const tac = await as('TAC', null, 'badge-race');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.request(RevokeAwardDocument, { input: { awardId: id, reason: `race ${i}` } }, tac)),
    );
    const won = results.filter((r) => r.data?.revokeAward?.errors.length === 0);
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0].extensions?.code === 'CONFLICT')).toHaveLength(9);
    const trail = await t.data<any, any>(`query ($id: ID!) { auditTrail(objectId: $id, first: 20) { nodes { action } } }`, { id }, tac);
    expect(trail.auditTrail.nodes).toEqual([{ action: 'REVOKE' }]);
  });

  it('shows in the signed Bitstring Status List, decoded here by hand', async () => {
    const statusOf = async (id: string) => {
      const { payload } = await jose.jwtVerify(await badgeOf(id, await as('TAC')), jose.createLocalJWKSet(jwks));
      return payload.credentialStatus as { statusListIndex: string; statusListCredential: string; statusPurpose: string };
    };
    const revoked = await statusOf(toRevokeId);
    const fine = await statusOf(trainingId);
    expect(revoked.statusListCredential).toBe(fine.statusListCredential);

    const res = await fetch(revoked.statusListCredential.replace('localhost', '127.0.0.1'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vc+jwt');
    const { payload, protectedHeader } = await jose.jwtVerify(await res.text(), jose.createLocalJWKSet(jwks), { typ: 'vc+jwt' });
    expect(protectedHeader.kid).toBe(jwks.keys[0].kid);
    expect(payload).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: revoked.statusListCredential,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation' },
    });
    const encoded = (payload.credentialSubject as { encodedList: string }).encodedList;
    expect(encoded[0]).toBe('u');
    const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    expect(bits.length).toBe(16 * 1024);
    const bit = (i: number) => (bits[Math.floor(i / 8)] >> (7 - (i % 8))) & 1;
    expect(bit(Number(revoked.statusListIndex))).toBe(1);
    expect(bit(Number(fine.statusListIndex))).toBe(0);
    expect((await get('/badges/status/0')).status).toBe(404);
    expect((await get('/badges/status/999')).status).toBe(404);
  });
});

describe('the directory', () => {
  it('lists exactly the currently valid awards, as JSON, searchable and filtered by kind', async () => {
    const res = await get(`/directory.json?q=${encodeURIComponent(prefix)}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    // Valid: the approved PLATFORM and the TRAINING_PARTNER; not the expired, future or revoked ones.
    expect(body.items.map((i: { id: string }) => i.id)).toEqual([valid.awardId, trainingId]);
    expect(body.totalCount).toBe(2);
    expect(body.items[0]).toMatchObject({
      kind: 'PLATFORM',
      kindName: 'FinOps Certified Platform',
      organization: { id: valid.organizationId, name: `${prefix} Alpha <Cloud> & Co` },
      product: { id: valid.productId },
      program: '2023',
      frameworkEdition: '2023',
    });
    const training = await (await get(`/directory.json?kind=TRAINING_PARTNER&q=${encodeURIComponent(prefix.toLowerCase())}`)).json();
    expect(training.items.map((i: { id: string }) => i.id)).toEqual([trainingId]);
    const none = await (await get(`/directory.json?q=${encodeURIComponent(`${prefix} 100%_`)}`)).json();
    expect(none.items).toEqual([]);
  });

  it('pages with a keyset cursor in two statements a page', async () => {
    const first = await (await get(`/directory.json?q=${encodeURIComponent(prefix)}&limit=1`)).json();
    expect(first.items.map((i: { id: string }) => i.id)).toEqual([valid.awardId]);
    expect(first.next).toMatch(/^\/directory\.json\?q=.*&after=.*&limit=1$/);
    const { result: second, statements } = await t.countStatements(async () => (await get(first.next)).json());
    expect(second.items.map((i: { id: string }) => i.id)).toEqual([trainingId]);
    expect(second.nextCursor).toBeNull();
    expect(statements).toBe(2);
  });

  it('refuses bad parameters with a 400 naming the field', async () => {
    for (const [query, field] of [
      ['kind=NOPE', 'kind'],
      ['after=garbage', 'after'],
      [`q=${'x'.repeat(201)}`, 'q'],
      ['limit=0', 'limit'],
      ['limit=49', 'limit'],
    ]) {
      const res = await get(`/directory?${query}`);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatchObject({ code: 'BAD_REQUEST', field });
    }
    expect((await fetch(`${base}/directory`, { method: 'POST' })).status).toBe(405);
  });

  it('serves the page with a strict CSP and every text escaped', async () => {
    const res = await get(`/directory?q=${encodeURIComponent(prefix)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; style-src 'sha256-[^']+'; img-src 'self' data:; form-action 'self'/,
    );
    const html = await res.text();
    expect(html).toContain(`${prefix} Alpha &lt;Cloud&gt; &amp; Co`);
    expect(html).not.toContain('<Cloud>');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(`href="/badges/${valid.awardId}"`);
  });
});

describe('the verification page', () => {
  it('checks the JWT a reader brings and says the result in words', async () => {
    const jwt = await badgeOf(valid.awardId);
    const ok = await get(`/badges/verify?jwt=${encodeURIComponent(jwt)}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('<p class="verdict ok" id="verdict">Valid. Valid: genuine, current and not revoked.</p>');
    const [h, p, sig] = jwt.split('.');
    const forged = `${h}.${p.slice(0, -4)}AAAA.${sig}`;
    const bad = await (await get(`/badges/verify?jwt=${encodeURIComponent(forged)}`)).text();
    expect(bad).toContain('<p class="verdict bad" id="verdict">Not valid (BAD_SIGNATURE).');
    const revoked = await (await get(`/badges/${toRevokeId}`)).text();
    expect(revoked).toContain('Not valid (REVOKED). The Foundation revoked this certification.');
    expect((await get('/badges/verify')).status).toBe(400);
  });
});

describe('badge statements', () => {
  it('cost the same for one award and for a page of them', async () => {
    const query = `query ($first: Int) { awards(first: $first) { edges { node { id badge { jwt } } } } }`;
    const one = await t.countStatements(() => t.data<any, any>(query, { first: 1 }));
    const many = await t.countStatements(() => t.data<any, any>(query, { first: 50 }));
    expect(many.result.awards.edges.length).toBeGreaterThan(3);
    expect(many.statements).toBe(one.statements);
  });
});

describe('the awards export', () => {
  it('lists every award with its status for Foundation staff', async () => {
    expect((await get('/exports/awards.csv')).status).toBe(401);
    expect((await get('/exports/awards.csv', await as('VENDOR', valid.organizationId))).status).toBe(403);
    const res = await get('/exports/awards.json', await as('REVIEWER'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="awards.json"');
    const body = await res.json();
    const rows = body.parts[0].rows as Record<string, unknown>[];
    const byId = new Map(rows.map((r) => [r.awardId, r]));
    expect(byId.get(toRevokeId)).toMatchObject({ status: 'REVOKED', kind: 'SERVICE_PROVIDER', organization: `${prefix} Gamma Services` });
    expect(byId.get(expiredId)).toMatchObject({ status: 'EXPIRED', issuedOn: '2024-01-10', validThrough: '2025-01-09' });
    expect(byId.get(valid.awardId)).toMatchObject({ status: 'VALID', certification: 'FinOps Certified Platform' });
    expect(String(byId.get(valid.awardId)!.verificationUrl)).toMatch(new RegExp(`/badges/${valid.awardId}$`));
    const csv = await (await get('/exports/awards.csv', await as('TAC'))).text();
    expect(csv.split('\r\n')[0]).toBe(
      'Award ID,Kind,Certification,Organization,Organization ID,Product,Product ID,Program,Edition,Issued,Valid through,Status,Revoked at,Status list,Status list index,Verification URL',
    );
    expect((await get('/exports/awards.csv?edition=2023', await as('TAC'))).status).toBe(400);
  });
});
