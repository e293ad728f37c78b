// The playground end to end in a real browser: Debian's Chromium loads the page from a local
// server, and every request it makes must stay on 127.0.0.1 (reviewers may be offline).
import { mkdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { buildSchema, graphql } from 'graphql';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensurePlaygroundBundle } from '../../src/playground/bundle-playground';
import { createPlaygroundHandler, playgroundTabsFromDocuments } from '../../src/playground/playground.handler';
import type { PlaygroundManifest } from '../../src/playground/playground.types';
import { launchChromium } from '../support/chromium';

const SCREENSHOT = path.resolve(__dirname, '../../test-output/playground.png');

const schema = buildSchema('type Query { hello(name: String): String }');
const rootValue = { hello: ({ name }: { name?: string | null }) => `Hello, ${name ?? 'playground'}!` };

interface ReceivedRequest {
  operationName?: string | null;
  query: string;
  headers: http.IncomingHttpHeaders;
}

describe('playground', () => {
  const received: ReceivedRequest[] = [];
  let server: http.Server;
  let origin: string;
  let browser: Promise<Browser> | undefined;
  /** Launched on first use, so a missing Chromium fails the browser tests themselves, never skips them. */
  const launchBrowser = (): Promise<Browser> => {
    browser ??= launchChromium();
    return browser;
  };
  let bundleFiles: PlaygroundManifest;

  beforeAll(async () => {
    const bundle = await ensurePlaygroundBundle();
    bundleFiles = JSON.parse(await readFile(path.join(bundle.dir, 'manifest.json'), 'utf8')) as PlaygroundManifest;

    const playground = createPlaygroundHandler({
      endpoint: '/graphql',
      bundleDir: bundle.dir,
      defaultHeaders: '{\n  "X-Playground": "default"\n}',
      tabs: playgroundTabsFromDocuments([
        { title: 'Say hello', query: 'query SayHello($name: String) {\n  hello(name: $name)\n}', variables: { name: 'reviewer' } },
        { title: 'Plain hello', query: 'query PlainHello {\n  hello\n}' },
      ]),
    });

    server = http.createServer((req, res) => {
      if (playground(req, res)) return;
      if (req.method === 'POST' && req.url === '/graphql') {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          void (async () => {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
              query: string;
              variables?: Record<string, unknown> | null;
              operationName?: string | null;
            };
            received.push({ operationName: body.operationName, query: body.query, headers: req.headers });
            const result = await graphql({
              schema,
              rootValue,
              source: body.query,
              variableValues: body.variables,
              operationName: body.operationName,
            });
            res.writeHead(200, { 'Content-Type': 'application/json' });
            res.end(JSON.stringify(result));
          })();
        });
        return;
      }
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await (await browser?.catch(() => undefined))?.close();
    server?.closeAllConnections(); // keep-alive sockets from fetch() would hold close() open
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('serves the page with a strict CSP and no external URL', async () => {
    const response = await fetch(`${origin}/playground`);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('window.__PLAYGROUND__');

    // A browser on the GraphQL endpoint gets the IDE; GraphQL clients pass through to the server.
    const asBrowser = await fetch(`${origin}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(asBrowser.status).toBe(200);
    expect(await asBrowser.text()).toContain('window.__PLAYGROUND__');
    const asClient = await fetch(`${origin}/graphql`, { headers: { accept: 'application/json' } });
    expect(asClient.status).toBe(404); // the test server's own answer: the handler stayed out
  });

  it('serves assets as immutable and refuses anything outside the bundle', async () => {
    const asset = await fetch(`${origin}/playground/assets/${bundleFiles.js}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect((await asset.text()).length).toBeGreaterThan(1000);

    // Raw paths: fetch() would normalise the dots away before sending.
    const statusOf = (rawPath: string) =>
      new Promise<number>((resolve, reject) => {
        http
          .get(`${origin}${rawPath}`, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on('error', reject);
      });
    expect(await statusOf('/playground/assets/..%2fstamp.json')).toBe(400);
    expect(await statusOf('/playground/assets/..%2F..%2Fpackage.json')).toBe(400);
    expect(await statusOf('/playground/assets/%2e%2e/manifest.json')).toBe(404);
    expect(await statusOf('/playground/assets/manifest.json')).toBe(404);
    expect(await statusOf('/playground/assets/missing.js')).toBe(404);
  });

  it('runs the first saved operation in Chromium, offline, with a header set in the editor', async () => {
    const context = await (await launchBrowser()).newContext({ viewport: { width: 1400, height: 900 } });
    const watch = watchPage(context);
    const page = await context.newPage();
    await page.goto(`${origin}/playground`);

    // Saved operations are the initial tabs, named after their operations.
    await expect.poll(() => page.locator('.graphiql-tab').allInnerTexts(), { timeout: 30_000 }).toEqual(['SayHello', 'PlainHello']);
    await expect.poll(() => editorText(page, '.graphiql-query-editor'), { timeout: 30_000 }).toContain('hello(name: $name)');

    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => editorText(page, '.graphiql-response'), { timeout: 30_000 }).toContain('"hello": "Hello, reviewer!"');
    const first = received.find((request) => request.operationName === 'SayHello');
    expect(first?.headers['x-playground']).toBe('default'); // default headers from the config

    // A reviewer pastes a token into the headers editor.
    await page.locator('button[data-name="headers"]').click();
    const headerEditor = page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .monaco-editor');
    await headerEditor.locator('.view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('{"Authorization": "Bearer test-token"}');
    await expect.poll(() => editorText(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden)')).toContain('Bearer test-token');

    const before = received.length;
    await page.locator('.graphiql-execute-button').click();
    await expect
      .poll(() => received.slice(before).find((request) => request.operationName === 'SayHello')?.headers.authorization, { timeout: 30_000 })
      .toBe('Bearer test-token');
    await expect.poll(() => editorText(page, '.graphiql-response')).toContain('"hello": "Hello, reviewer!"');

    // Let the schema load (docs, highlighting) before the picture.
    await expect.poll(() => received.some((request) => request.query.includes('__schema')), { timeout: 30_000 }).toBe(true);
    // Monaco's three workers came from the bundle, not from esm.sh as GraphiQL's default setup would.
    const workerUrls = Object.values(bundleFiles.workers).map((file) => `${origin}/playground/assets/${file}`);
    await expect.poll(() => workerUrls.filter((url) => watch.requests.includes(url)), { timeout: 30_000 }).toEqual(workerUrls);
    await page.waitForTimeout(500);
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    watch.expectClean(origin);
    await context.close();
  });

  it('pre-fills a query from the URL, ahead of the saved tabs, and honours operationName', async () => {
    const context = await (await launchBrowser()).newContext({ viewport: { width: 1400, height: 900 } });
    const watch = watchPage(context);
    const page = await context.newPage();
    const query = 'query First {\n  hello\n}\n\nquery Second($name: String) {\n  hello(name: $name)\n}';
    const params = new URLSearchParams({ query, variables: '{"name": "link"}', operationName: 'Second' });
    // On the endpoint itself, as a shared link would point.
    await page.goto(`${origin}/graphql?${params.toString()}`);

    await expect.poll(() => editorText(page, '.graphiql-query-editor'), { timeout: 30_000 }).toContain('query Second');
    expect(await page.locator('.graphiql-tab').count()).toBe(3);
    // Two operations: the button would open a menu; Ctrl+Enter runs the one under the cursor, which
    // the link's operationName placed. Focus without clicking, which would move the cursor.
    await page.locator('.graphiql-query-editor .monaco-editor textarea').focus();
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => editorText(page, '.graphiql-response'), { timeout: 30_000 }).toContain('"hello": "Hello, link!"');
    const executed = received.filter((request) => request.query === query).map((request) => request.operationName);
    expect(executed).toEqual(['Second']);

    watch.expectClean(origin);
    await context.close();
  });
});

/** Text of the Monaco editor inside `container`, with Monaco's non-breaking spaces made plain. */
async function editorText(page: Page, container: string): Promise<string> {
  const text = await page.locator(`${container} .monaco-editor .view-lines`).first().textContent();
  return (text ?? '').replace(/\u00a0/g, ' ');
}

/** Records every request, failure, page error and CSP violation of a browser context. */
function watchPage(context: BrowserContext) {
  const requests: string[] = [];
  const failures: string[] = [];
  const problems: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  context.on('requestfailed', (request) => failures.push(`${request.url()}: ${request.failure()?.errorText ?? ''}`));
  context.on('page', (page) => {
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) {
        problems.push(`console.${message.type()}: ${message.text()}`);
      }
    });
  });
  return {
    requests,
    expectClean(origin: string) {
      expect(requests.length).toBeGreaterThan(0);
      // data: and blob: URLs never leave the browser; everything else must be the local server.
      const external = requests.filter((url) => !url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url));
      expect(external).toEqual([]);
      expect(failures).toEqual([]);
      expect(problems).toEqual([]);
    },
  };
}
