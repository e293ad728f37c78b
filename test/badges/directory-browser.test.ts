// The public directory and a verification page in a real browser (Debian's Chromium): what a reader
// sees, on a desktop and on a phone, with nothing fetched off 127.0.0.1, no script and no CSP violation.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RevokeAwardDocument } from '../../src/client/generated/graphql';
import { createOrganization } from '../subgraphs/certification-helpers';
import { as, startTestApp, type TestApp, unique } from '../support/test-app';
import { launchChromium } from '../support/chromium';
import { daysFromNow, insertAward } from './badge-helpers';

const OUT = path.resolve(__dirname, '../../test-output');

let t: TestApp;
let base: string;
let browser: Browser;
const prefix = unique('Browsered');
const awards: Record<string, string> = {};

beforeAll(async () => {
  browser = await launchChromium();
  t = await startTestApp();
  base = t.url.replace(/\/graphql$/, '');
  const acme = await createOrganization(t, { employeeCount: 40, name: `${prefix} Acme Cloud Services` });
  const zen = await createOrganization(t, { employeeCount: 40, name: `${prefix} Zen Training Academy` });
  awards.provider = await insertAward(t, { organizationId: acme, kind: 'SERVICE_PROVIDER', issuedOn: daysFromNow(-20), expiresOn: daysFromNow(345) });
  awards.training = await insertAward(t, { organizationId: zen, kind: 'TRAINING_PARTNER', issuedOn: daysFromNow(-5), expiresOn: daysFromNow(360) });
  awards.revoked = await insertAward(t, { organizationId: zen, kind: 'ENTERPRISE', issuedOn: daysFromNow(-50), expiresOn: daysFromNow(300) });
  const { revokeAward } = await t.data(RevokeAwardDocument, { input: { awardId: awards.revoked, reason: 'Browser test' } }, await as('TAC'));
  expect(revokeAward.errors).toEqual([]);
  await mkdir(OUT, { recursive: true });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function open(url: string, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport, javaScriptEnabled: false });
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  const response = await page.goto(url);
  expect(response!.status()).toBe(200);
  return { context, page, requests, problems };
}

function offHost(requests: string[]): string[] {
  return requests.filter((u) => !u.startsWith('data:') && new URL(u).hostname !== '127.0.0.1');
}

describe('the public directory in Chromium', () => {
  it('groups the valid awards by kind with their badge images, and searches on the server', async () => {
    const { context, page, requests, problems } = await open(`${base}/directory?q=${encodeURIComponent(prefix)}`, { width: 1280, height: 900 });
    await expect(page.title()).resolves.toBe('FinOps certified organizations');
    const headings = await page.locator('main section h2').allTextContents();
    expect(headings).toEqual(['FinOps Certified Service Provider (1)', 'FinOps Certified Training Partner (1)']);
    const entries = page.locator('main li[data-award-id]');
    expect(await entries.evaluateAll((els) => els.map((el) => el.getAttribute('data-award-id')))).toEqual([awards.provider, awards.training]);
    await expect(entries.first().locator('dd.org').textContent()).resolves.toBe(`${prefix} Acme Cloud Services`);
    // The revoked award is not listed.
    await expect(page.locator(`li[data-award-id="${awards.revoked}"]`).count()).resolves.toBe(0);
    // Badge images load from this site and are drawn (an SVG of 340 × 128).
    const sizes = await page
      .locator('main li img')
      .evaluateAll((imgs) => imgs.map((i) => [(i as HTMLImageElement).complete, (i as HTMLImageElement).naturalWidth]));
    expect(sizes).toEqual([
      [true, 340],
      [true, 340],
    ]);
    await page.screenshot({ path: path.join(OUT, 'directory.png'), fullPage: true });

    // The kind filter is a plain form: choose a kind, submit, the server answers.
    await page.selectOption('#kind', 'TRAINING_PARTNER');
    await Promise.all([page.waitForURL(/kind=TRAINING_PARTNER/), page.click('form.search button')]);
    expect(await page.locator('main li[data-award-id]').evaluateAll((els) => els.map((el) => el.getAttribute('data-award-id')))).toEqual([
      awards.training,
    ]);
    expect(problems).toEqual([]);
    expect(offHost(requests)).toEqual([]);
    await context.close();
  });

  it('is readable on a phone: one column, nothing wider than the screen', async () => {
    const { context, page, problems } = await open(`${base}/directory?q=${encodeURIComponent(prefix)}`, { width: 390, height: 844 });
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(widths[0]).toBeLessThanOrEqual(widths[1]);
    const boxes = await page.locator('main li[data-award-id]').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().left));
    expect(new Set(boxes).size).toBe(1);
    await page.screenshot({ path: path.join(OUT, 'directory-phone.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('a verification page in Chromium', () => {
  it('says in words that a badge is valid, and that a revoked one is not', async () => {
    const { context, page, requests, problems } = await open(`${base}/directory?q=${encodeURIComponent(prefix)}`, { width: 1024, height: 900 });
    await Promise.all([
      page.waitForURL(new RegExp(`/badges/${awards.provider}$`)),
      page.locator(`li[data-award-id="${awards.provider}"] a`, { hasText: 'Verify' }).click(),
    ]);
    await expect(page.locator('#verdict').textContent()).resolves.toBe('Valid. Valid: genuine, current and not revoked.');
    await expect(page.locator('h1').textContent()).resolves.toBe(`FinOps Certified Service Provider: ${prefix} Acme Cloud Services`);
    await expect(page.locator('main img').evaluate((i) => (i as HTMLImageElement).naturalWidth)).resolves.toBe(340);
    await page.screenshot({ path: path.join(OUT, 'badge-verification.png'), fullPage: true });

    await page.goto(`${base}/badges/${awards.revoked}`);
    await expect(page.locator('#verdict').textContent()).resolves.toBe('Not valid (REVOKED). The Foundation revoked this certification.');
    await expect(page.locator('main dl').textContent()).resolves.toContain(`Revoked on${new Date().toISOString().slice(0, 10)}`);
    await page.screenshot({ path: path.join(OUT, 'badge-verification-revoked.png'), fullPage: true });
    expect(problems).toEqual([]);
    expect(offHost(requests)).toEqual([]);
    await context.close();
  });
});
