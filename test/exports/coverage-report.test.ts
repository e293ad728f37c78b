// The HTML coverage report in a real browser: Debian's Chromium opens /reports/coverage from the
// running gateway; the page must show the demo product in the heatmap and fetch nothing off 127.0.0.1.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, renderCoverageReport } from '../../src/exports/coverage-report.html';
import { startTestApp, type TestApp } from '../support/test-app';
import { launchChromium } from '../support/chromium';

const SCREENSHOT = path.resolve(__dirname, '../../test-output/coverage-report.png');
const DEMO = 'Northwind Cloud Cost Platform (demo)';

let t: TestApp;
let base: string;
let browser: Browser | undefined;
beforeAll(async () => {
  t = await startTestApp();
  base = t.url.replace(/\/graphql$/, '');
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('/reports/coverage', () => {
  it('renders the heatmap in Chromium without leaving 127.0.0.1', async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const requests: string[] = [];
    context.on('request', (request) => requests.push(request.url()));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const response = await page.goto(`${base}/reports/coverage?edition=2023`);
    expect(response!.status()).toBe(200);
    expect(response!.headers()['content-security-policy']).toMatch(/default-src 'none'/);

    await expect(page.title()).resolves.toBe('Coverage report, FinOps Framework 2023');
    const domainHeaders = await page.locator('#heatmap thead th.domain').allTextContents();
    expect(domainHeaders).toHaveLength(6);
    const row = page.locator('#heatmap tbody tr', { hasText: DEMO });
    await expect(row.count()).resolves.toBe(1);
    await expect(row.locator('td.c1').count()).resolves.toBeGreaterThanOrEqual(14);
    await expect(row.locator('td.num').first().textContent()).resolves.toBe('14/18');
    await expect(row.locator('.most').textContent()).resolves.toBe('Most');
    // The product links to the playground with its coverage query pre-filled.
    const href = (await row.locator('td.prod a').getAttribute('href'))!;
    const link = new URL(href, base);
    expect(link.pathname).toBe('/playground');
    expect(link.searchParams.get('operationName')).toBe('ProductCoverage');
    expect(link.searchParams.get('query')).toMatch(/^query ProductCoverage\(\$id: ID!, \$edition: String\)/);
    expect(JSON.parse(link.searchParams.get('variables')!)).toEqual({ id: await row.getAttribute('data-product-id'), edition: '2023' });
    // The inline style applied (the CSP allows exactly that block): covered cells are green.
    const colour = await row
      .locator('td.c1')
      .first()
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(colour).toBe('rgb(47, 125, 79)');

    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(errors).toEqual([]);
    const offHost = requests.filter((u) => !u.startsWith('data:') && new URL(u).hostname !== '127.0.0.1');
    expect(offHost).toEqual([]);
    await context.close();
  });

  it('escapes every text and pages with a note and a CSV link', () => {
    const html = renderCoverageReport({
      edition: { id: 'e', slug: '2023"><script>', name: '<b>Edition</b>', position: 1, announcedOn: null, note: null },
      editions: [],
      columns: [{ domainId: 'd', domainSlug: 'd', domainName: 'Dom & <i>', capabilityId: 'c', capabilitySlug: 'c', capabilityName: '"Cap"' }],
      rows: [
        {
          product: { id: 'p', name: '<img src=x onerror=alert(1)>', organizationId: 'o', organizationName: "O'Brien & Co", sortName: '' },
          covered: new Set(['c']),
          capabilitiesCovered: 1,
          capabilitiesTotal: 1,
          domainsCovered: 1,
          domainsTotal: 1,
          meetsMost: true,
        },
      ],
      totalProducts: 900,
      firstPosition: 1,
      pageSize: 500,
      nextHref: '/reports/coverage?edition=2023&after=abc',
      playgroundQuery: 'query ProductCoverage { x }',
      generatedAt: 'now',
    });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>Edition');
    expect(html).toContain(escapeHtml('<img src=x onerror=alert(1)>'));
    expect(html).toContain('O&#39;Brien &amp; Co');
    expect(html).toContain('Dom &amp; &lt;i&gt;');
    expect(html).toMatch(/at most 500 products\. <a href="\/reports\/coverage\?edition=2023&amp;after=abc">Next 500 products<\/a>/);
    expect(html).toContain('href="/exports/coverage-matrix.csv?edition=2023%22%3E%3Cscript%3E"');
  });

  it('pages through products with a cursor, linking to the next page and the CSV', async () => {
    const seen: string[] = [];
    let href: string | null = '/reports/coverage?edition=2026&limit=2';
    for (let pages = 0; href && pages < 1000; pages++) {
      const res = await fetch(`${base}${href}`);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await res.text();
      expect(html).not.toMatch(/<script/i);
      const ids = [...html.matchAll(/data-product-id="([^"]+)"/g)].map((m) => m[1]);
      expect(ids.length).toBeLessThanOrEqual(2);
      seen.push(...ids);
      const next = /<a href="([^"]+)">Next 2 products<\/a>/.exec(html);
      if (next) expect(html).toContain('href="/exports/coverage-matrix.csv?edition=2026"');
      href = next ? next[1].replace(/&amp;/g, '&') : null;
    }
    // Every product once, in the export's order.
    expect(new Set(seen).size).toBe(seen.length);
    const csv = await (await fetch(`${base}/exports/coverage-matrix.csv?edition=2026`)).text();
    const exported = [...csv.matchAll(/,([0-9a-f-]{36}),/g)].map((m) => m[1]);
    expect(seen.slice(0, 4)).toEqual(exported.slice(0, 4));
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect((await fetch(`${base}/reports/coverage?limit=0`)).status).toBe(400);
  });
});
