import { createHash } from 'node:crypto';
import type { EditionRow } from '../reference/framework';
import type { CapabilityColumn, ProductCoverageRow } from './coverage-matrix.source';

// The coverage report as one server-rendered page: no scripts, no external assets (the CSS is inline
// and allowed by its hash in the Content-Security-Policy), every text escaped. A heatmap of products ×
// capabilities with the domains as a header row over their capabilities; under it, how many products
// of the page cover each capability, shaded by share.

export interface CoverageReportView {
  edition: EditionRow;
  editions: EditionRow[];
  columns: CapabilityColumn[];
  rows: ProductCoverageRow[];
  totalProducts: number;
  /** 1-based position of the first row of this page. */
  firstPosition: number;
  pageSize: number;
  /** Link to the next page, or null on the last page. */
  nextHref: string | null;
  /** The ProductCoverage operation the playground links open with. */
  playgroundQuery: string;
  generatedAt: string;
}

export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1d2733; --muted: #5b6b7b; --line: #d5dde6; --covered: #2f7d4f; --blank: #f4f6f8; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
p, nav { margin: 6px 0; color: var(--muted); }
nav a, .note a { margin-right: 10px; }
a { color: #1f5fa8; }
.current { font-weight: 700; color: var(--ink); text-decoration: none; }
.wrap { overflow-x: auto; border: 1px solid var(--line); margin-top: 12px; }
table { border-collapse: collapse; font-size: 12px; }
th, td { border: 1px solid var(--line); padding: 3px 6px; }
thead th { background: #e9eff5; position: sticky; top: 0; }
th.domain { background: #c9d8e8; text-align: center; }
th.cap { height: 150px; vertical-align: bottom; padding: 4px 2px; }
th.cap span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; font-weight: 600; }
td.org, td.prod { white-space: nowrap; max-width: 260px; overflow: hidden; text-overflow: ellipsis; }
td.num { text-align: right; white-space: nowrap; }
td.c { width: 22px; min-width: 22px; text-align: center; padding: 0; }
td.c1 { background: var(--covered); color: #fff; }
td.c0 { background: var(--blank); }
.most { display: inline-block; padding: 1px 6px; border-radius: 8px; font-weight: 600; }
.most.yes { background: #d8f0df; color: #1e5c36; }
.most.no { background: #f6dddd; color: #8a2727; }
tfoot th, tfoot td { background: #fafbfc; }
td.h0 { background: #f4f6f8; } td.h1 { background: #d9eedf; } td.h2 { background: #b3ddc0; }
td.h3 { background: #86c79c; } td.h4 { background: #57ad77; color: #fff; } td.h5 { background: #2f7d4f; color: #fff; }
.legend span { display: inline-block; width: 14px; height: 14px; vertical-align: middle; border: 1px solid var(--line); margin: 0 4px 0 10px; }
.legend .l1 { background: var(--covered); } .legend .l0 { background: var(--blank); }
.note { margin-top: 12px; padding: 8px 12px; background: #fff8e1; border: 1px solid #f0dca0; color: var(--ink); }
footer { margin-top: 16px; font-size: 12px; color: var(--muted); }
`;

/** For the Content-Security-Policy: the only style the page may apply. */
export const REPORT_CSS_HASH = `sha256-${createHash('sha256').update(REPORT_CSS).digest('base64')}`;

export function coverageReportCsp(): string {
  return `default-src 'none'; style-src '${REPORT_CSS_HASH}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

export function playgroundHref(query: string, productId: string, edition: string): string {
  const params = new URLSearchParams({
    query,
    variables: JSON.stringify({ id: productId, edition }, null, 2),
    operationName: 'ProductCoverage',
  });
  return `/playground?${params.toString()}`;
}

function heatClass(count: number, of: number): string {
  if (of === 0 || count === 0) return 'h0';
  return `h${Math.min(5, Math.max(1, Math.ceil((count / of) * 5)))}`;
}

export function renderCoverageReport(view: CoverageReportView): string {
  const { edition, columns, rows } = view;
  const e = escapeHtml;
  const csvHref = `/exports/coverage-matrix.csv?edition=${encodeURIComponent(edition.slug)}`;
  const xlsxHref = `/exports/coverage-matrix.xlsx?edition=${encodeURIComponent(edition.slug)}`;

  // Domain spans, in column order.
  const spans: { name: string; count: number }[] = [];
  columns.forEach((c, i) => {
    if (i > 0 && columns[i - 1].domainId === c.domainId) spans[spans.length - 1].count += 1;
    else spans.push({ name: c.domainName, count: 1 });
  });
  const coveringCount = columns.map((c) => rows.filter((r) => r.covered.has(c.capabilityId)).length);
  const meetingMost = rows.filter((r) => r.meetsMost).length;
  const last = view.firstPosition + rows.length - 1;

  const out: string[] = [];
  out.push(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Coverage report, FinOps Framework ${e(edition.slug)}</title>
<link rel="icon" href="data:,">
<style>${REPORT_CSS}</style>
</head>
<body>
<h1>Coverage report: ${e(edition.name)}</h1>
<nav aria-label="Editions">Editions: ${view.editions
    .map((ed) =>
      ed.slug === edition.slug
        ? `<a class="current" aria-current="page" href="/reports/coverage?edition=${encodeURIComponent(ed.slug)}">${e(ed.slug)}</a>`
        : `<a href="/reports/coverage?edition=${encodeURIComponent(ed.slug)}">${e(ed.slug)}</a>`,
    )
    .join(' ')}</nav>
<p>${e(view.totalProducts)} products in the catalog${rows.length ? `; showing ${e(view.firstPosition)}–${e(last)}` : ''}. Only approved, public mappings count. ${e(meetingMost)} of the products shown cover most domains and most capabilities.
Download: <a href="${e(csvHref)}">CSV</a> <a href="${e(xlsxHref)}">XLSX</a>.</p>
<p class="legend" aria-hidden="true">Legend:<span class="l1"></span>covered<span class="l0"></span>not covered</p>
<div class="wrap">
<table id="heatmap">
<thead>
<tr><th rowspan="2" scope="col">Organization</th><th rowspan="2" scope="col">Product</th><th rowspan="2" scope="col">Capabilities</th><th rowspan="2" scope="col">Domains</th><th rowspan="2" scope="col">Most</th>${spans
    .map((s) => `<th class="domain" colspan="${s.count}" scope="colgroup">${e(s.name)}</th>`)
    .join('')}</tr>
<tr>${columns.map((c) => `<th class="cap" scope="col" title="${e(`${c.domainName} / ${c.capabilityName} (${c.capabilitySlug})`)}"><span>${e(c.capabilityName)}</span></th>`).join('')}</tr>
</thead>
<tbody>
`);
  for (const r of rows) {
    const href = playgroundHref(view.playgroundQuery, r.product.id, edition.slug);
    const cells = columns
      .map((c) => {
        const covered = r.covered.has(c.capabilityId);
        const label = `${r.product.name}: ${c.capabilityName} ${covered ? 'covered' : 'not covered'}`;
        return `<td class="c ${covered ? 'c1' : 'c0'}" title="${e(label)}">${covered ? '✓' : ''}</td>`;
      })
      .join('');
    out.push(
      `<tr data-product-id="${e(r.product.id)}"><td class="org" title="${e(r.product.organizationName)}">${e(r.product.organizationName)}</td>` +
        `<td class="prod"><a href="${e(href)}" title="Open this product's coverage query in the playground">${e(r.product.name)}</a></td>` +
        `<td class="num">${e(r.capabilitiesCovered)}/${e(r.capabilitiesTotal)}</td><td class="num">${e(r.domainsCovered)}/${e(r.domainsTotal)}</td>` +
        `<td><span class="most ${r.meetsMost ? 'yes' : 'no'}">${r.meetsMost ? 'Most' : 'Not most'}</span></td>${cells}</tr>\n`,
    );
  }
  if (rows.length === 0) out.push(`<tr><td colspan="${5 + columns.length}">No products on this page.</td></tr>\n`);
  out.push(`</tbody>
<tfoot>
<tr><th colspan="5" scope="row">Products covering (of ${e(rows.length)} shown)</th>${coveringCount
    .map((n) => `<td class="c ${heatClass(n, rows.length)}" title="${e(`${n} of ${rows.length}`)}">${e(n)}</td>`)
    .join('')}</tr>
</tfoot>
</table>
</div>
`);
  if (view.nextHref) {
    out.push(
      `<p class="note">This page shows at most ${e(view.pageSize)} products. <a href="${e(view.nextHref)}">Next ${e(view.pageSize)} products</a> ` +
        `or download the whole matrix as <a href="${e(csvHref)}">CSV</a>.</p>\n`,
    );
  }
  out.push(`<footer>Generated ${e(view.generatedAt)}. A product's name opens its ProductCoverage query in the playground.</footer>
</body>
</html>
`);
  return out.join('');
}
