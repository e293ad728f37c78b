import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { launchChromium } from '../support/chromium';

// The product's own playground, served by the real gateway in front of the real subgraphs: a
// reviewer opens the gateway URL and runs the saved coverage query of the demo product.

const SCREENSHOT = path.resolve(__dirname, '../../test-output/playground-product-coverage.png');

let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  t = await startTestApp();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function editorText(page: Page, container: string): Promise<string> {
  const text = await page.locator(`${container} .monaco-editor .view-lines`).first().textContent();
  return (text ?? '').replace(/\u00a0/g, ' ');
}

describe('the playground at the gateway URL', () => {
  it('opens with the saved operations and runs the demo product coverage, offline', async () => {
    const origin = new URL(t.url).origin;
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const requests: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    const page = await context.newPage();
    await page.goto(t.url, { waitUntil: 'domcontentloaded' });

    await expect
      .poll(() => page.locator('.graphiql-tab').allInnerTexts(), { timeout: 30_000 })
      .toEqual([
        'ProductCoverage',
        'ReviewQueue',
        'PathToEligibility',
        'SimulatePathToEligibility',
        'CoverageMatrix',
        'CapabilityLineage',
        'SimulateCertification',
        'EvaluateCertification',
        'CapabilityFeatures',
        'FrameworkEdition',
      ]);
    await expect.poll(() => editorText(page, '.graphiql-query-editor'), { timeout: 30_000 }).toContain('coverage(edition: $edition)');

    const answered = page.waitForResponse((r) => r.url() === t.url && (r.request().postData() ?? '').includes('"operationName":"ProductCoverage"'));
    await page.locator('.graphiql-execute-button').click();
    const body = (await (await answered).json()) as {
      data: { product: { coverage: { capabilities: unknown; domains: unknown; meetsMost: boolean } } };
    };
    expect(body.data.product.coverage).toMatchObject({
      capabilities: { covered: 14, total: 18 },
      domains: { covered: 6, total: 6 },
      meetsMost: true,
    });
    // The response pane shows it (Monaco renders the visible lines only).
    await expect.poll(() => editorText(page, '.graphiql-response'), { timeout: 30_000 }).toContain('"name": "Northwind Cloud Cost Platform (demo)"');

    // The reviewers' new tabs run as saved: the queue (the development token is a REVIEWER's) and the path.
    for (const [index, tab, check] of [
      [1, 'ReviewQueue', (data: any) => expect(data.reviewQueue.totalCount).toBeGreaterThanOrEqual(0)],
      [2, 'PathToEligibility', (data: any) => expect(data.organization.pathToEligibility.reachable).toBe(true)],
    ] as const) {
      await page.locator('.graphiql-tab').nth(index).getByText(tab, { exact: true }).click();
      // The editor shows the tab's operation before it runs (clicking too early runs the previous tab).
      await expect.poll(() => editorText(page, '.graphiql-query-editor'), { timeout: 30_000 }).toContain(`query ${tab}(`);
      // GraphiQL may ignore a click while it settles the new tab: click again until the request goes out.
      let answered: Awaited<ReturnType<typeof page.waitForResponse>> | null = null;
      for (let attempt = 0; attempt < 6 && !answered; attempt++) {
        const response = page.waitForResponse((r) => r.url() === t.url && (r.request().postData() ?? '').includes(`"operationName":"${tab}"`), {
          timeout: 5_000,
        });
        await page.locator('.graphiql-execute-button').click();
        answered = await response.catch(() => null);
      }
      expect(answered, tab).not.toBeNull();
      const response = Promise.resolve(answered!);
      const answer = (await (await response).json()) as { data: unknown; errors?: unknown };
      expect(answer.errors, tab).toBeUndefined();
      check(answer.data);
    }

    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    await context.close();
  });
});
