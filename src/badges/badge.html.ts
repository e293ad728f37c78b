import { createHash } from 'node:crypto';
import { type AwardFacts, type AwardStatus, awardStatusOn, type BadgeReason, lastValidDay } from '../domain/badges/open-badge';
import { escapeHtml as e } from '../exports/coverage-report.html';

// Server-rendered badge images and pages: no scripts, no external assets, every text escaped. The CSS
// is one inline block allowed by its hash in the Content-Security-Policy; images come from this site.

const STATUS_COLOURS: Record<AwardStatus, { fill: string; ink: string; label: string }> = {
  VALID: { fill: '#1e5c36', ink: '#ffffff', label: 'Valid' },
  NOT_YET_VALID: { fill: '#6b5a12', ink: '#ffffff', label: 'Not valid yet' },
  EXPIRED: { fill: '#5b6b7b', ink: '#ffffff', label: 'Expired' },
  REVOKED: { fill: '#8a2727', ink: '#ffffff', label: 'Revoked' },
};

/** "FinOps Certified Platform" → "Platform": the line under "FinOps Certified" on the image. */
function shortKind(kindName: string): string {
  return kindName.replace(/^FinOps Certified\s+/i, '') || kindName;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** How the badge states its validity, in words. */
export function validityWords(award: AwardFacts, status: AwardStatus): string {
  switch (status) {
    case 'VALID':
      return `Valid through ${lastValidDay(award.expiresOn)}`;
    case 'NOT_YET_VALID':
      return `Valid from ${award.issuedOn}`;
    case 'EXPIRED':
      return `Expired on ${award.expiresOn}`;
    case 'REVOKED':
      return `Revoked on ${award.revokedOn}`;
  }
}

/**
 * The badge as an accessible SVG (role="img" with a <title> and <desc>): kind, organization, product,
 * validity. Its look follows the award's status today, so an embedded image of a revoked award says so.
 */
export function renderBadgeSvg(award: AwardFacts, today: string, verificationUrl: string): string {
  const status = awardStatusOn(award, today);
  const colours = STATUS_COLOURS[status];
  const subject = award.productName ? `${award.organizationName}: ${award.productName}` : award.organizationName;
  const validity = validityWords(award, status);
  const title = `${award.kindName}: ${subject}. ${validity}.`;
  const desc = `Open Badge issued by the FinOps Foundation (program ${award.program}, FinOps Framework ${award.edition}). Verify at ${verificationUrl}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="340" height="128" viewBox="0 0 340 128" role="img" aria-labelledby="badge-title badge-desc">`,
    `<title id="badge-title">${e(title)}</title>`,
    `<desc id="badge-desc">${e(desc)}</desc>`,
    `<rect x="1" y="1" width="338" height="126" rx="12" fill="#ffffff" stroke="${colours.fill}" stroke-width="2"/>`,
    `<rect x="1" y="1" width="92" height="126" rx="12" fill="${colours.fill}"/>`,
    `<rect x="60" y="1" width="33" height="126" fill="${colours.fill}"/>`,
    `<circle cx="47" cy="52" r="26" fill="none" stroke="${colours.ink}" stroke-width="4"/>`,
    status === 'VALID'
      ? `<path d="M35 52 l9 9 l16 -18" fill="none" stroke="${colours.ink}" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>`
      : `<path d="M37 42 l20 20 M57 42 l-20 20" fill="none" stroke="${colours.ink}" stroke-width="5" stroke-linecap="round"/>`,
    `<text x="47" y="104" text-anchor="middle" font-family="Verdana, 'DejaVu Sans', sans-serif" font-size="12" font-weight="bold" fill="${colours.ink}">${e(colours.label)}</text>`,
    `<g font-family="Verdana, 'DejaVu Sans', sans-serif" fill="#1d2733">`,
    `<text x="108" y="28" font-size="12" fill="#5b6b7b">FinOps Certified</text>`,
    `<text x="108" y="52" font-size="18" font-weight="bold">${e(clip(shortKind(award.kindName), 22))}</text>`,
    `<text x="108" y="76" font-size="13">${e(clip(award.organizationName, 30))}</text>`,
    award.productName ? `<text x="108" y="94" font-size="11" fill="#5b6b7b">${e(clip(award.productName, 36))}</text>` : '',
    `<text x="108" y="115" font-size="11" fill="${status === 'VALID' ? '#1e5c36' : colours.fill}">${e(validity)}</text>`,
    `</g>`,
    `</svg>`,
  ].join('\n');
}

export const PAGE_CSS = `
:root { color-scheme: light; --ink: #1d2733; --muted: #5b6b7b; --line: #d5dde6; --ok: #1e5c36; --bad: #8a2727; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 16px; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 8px; line-height: 1.2; }
h2 { font-size: 1.2rem; margin: 24px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
p { margin: 6px 0; }
a { color: #1f5fa8; }
.muted { color: var(--muted); font-size: 0.9rem; }
form.search { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin: 12px 0; }
form.search label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); }
form.search input, form.search select, form.search button { font: inherit; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; min-height: 40px; }
form.search input { min-width: 14rem; }
form.search button { background: #1f5fa8; color: #fff; border-color: #1f5fa8; }
ul.entries { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; }
ul.entries li { border: 1px solid var(--line); border-radius: 10px; padding: 12px; }
ul.entries img { width: 100%; max-width: 340px; height: auto; display: block; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0 0; font-size: 0.9rem; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
.links a { margin-right: 12px; }
.verdict { padding: 12px 16px; border-radius: 10px; font-size: 1.15rem; font-weight: 600; margin: 12px 0; }
.verdict.ok { background: #d8f0df; color: var(--ok); border: 1px solid #9fd3b0; }
.verdict.bad { background: #f6dddd; color: var(--bad); border: 1px solid #e3a9a9; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f6f8; padding: 8px; border-radius: 6px; font-size: 0.8rem; }
nav.pages { margin: 20px 0; display: flex; gap: 16px; }
footer { margin-top: 24px; font-size: 0.85rem; color: var(--muted); }
@media (max-width: 480px) { body { padding: 10px; } h1 { font-size: 1.3rem; } form.search input { min-width: 0; width: 100%; } form.search label { flex: 1 1 100%; } }
`;

const PAGE_CSS_HASH = `sha256-${createHash('sha256').update(PAGE_CSS).digest('base64')}`;

/** Only the inline style above, images from this site (and the empty data: favicon), and forms that submit here. */
export function pageCsp(): string {
  return `default-src 'none'; style-src '${PAGE_CSS_HASH}'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;
}

function page(title: string, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)}</title>`,
    // No favicon to fetch (the browser would ask for /favicon.ico otherwise).
    '<link rel="icon" href="data:,">',
    `<style>${PAGE_CSS}</style>`,
    '</head>',
    `<body>${body}</body>`,
    '</html>',
  ].join('\n');
}

function awardDetails(award: AwardFacts): string {
  const rows: [string, string][] = [
    ['Certification', `${award.kindName} (${award.kind})`],
    ['Organization', award.organizationName],
    ...(award.productName ? ([['Product', award.productName]] as [string, string][]) : []),
    ['Program', award.program],
    ['Framework edition', award.edition],
    ['Valid', `${award.issuedOn} through ${lastValidDay(award.expiresOn)}`],
  ];
  if (award.revokedOn) rows.push(['Revoked on', award.revokedOn]);
  return `<dl>${rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>`;
}

export interface VerificationView {
  award: AwardFacts | null;
  valid: boolean;
  reason: BadgeReason | null;
  message: string;
  kid: string | null;
  /** The JWT that was checked. */
  jwt: string;
  checkedAt: string;
  statusListUrl: string | null;
}

/** The verification page: the outcome first, in words, then what the badge states and how to check it offline. */
export function renderVerificationPage(view: VerificationView): string {
  const { award } = view;
  const heading = award
    ? `${award.kindName}: ${award.productName ? `${award.organizationName}, ${award.productName}` : award.organizationName}`
    : 'Badge verification';
  const verdict = view.valid
    ? `<p class="verdict ok" id="verdict">Valid. ${e(view.message)}</p>`
    : `<p class="verdict bad" id="verdict">Not valid (${e(view.reason ?? 'UNKNOWN')}). ${e(view.message)}</p>`;
  const body = [
    `<header><p class="muted"><a href="/directory">Directory of certified organizations</a></p><h1>${e(heading)}</h1></header>`,
    '<main>',
    verdict,
    award
      ? `<p><img src="/badges/${e(award.id)}.svg" width="340" height="128" alt="${e(`${award.kindName} badge of ${award.organizationName}`)}"></p>`
      : '',
    award ? awardDetails(award) : '',
    '<h2>What was checked</h2>',
    '<ul>',
    `<li>The signature (JWS, typ <code>vc+jwt</code>) against the issuer's published keys${view.kid ? `: key <code>${e(view.kid)}</code>` : ''} (<a href="/.well-known/jwks.json">JWKS</a>).</li>`,
    '<li>The validity dates the credential states (<code>validFrom</code>, <code>validUntil</code>).</li>',
    `<li>Revocation, as published in the W3C Bitstring Status List${view.statusListUrl ? ` (<a href="${e(view.statusListUrl)}">status list</a>)` : ''}.</li>`,
    '</ul>',
    `<p class="muted">Checked ${e(view.checkedAt)}.</p>`,
    award
      ? `<p class="links"><a href="/badges/${e(award.id)}.jwt">The badge (application/vc+jwt)</a><a href="/badges/${e(award.id)}.svg">Badge image (SVG)</a></p>`
      : '',
    '<h2>Check a badge you were given</h2>',
    '<form class="search" method="get" action="/badges/verify">',
    '<label for="jwt">Badge (the JWT, from a .jwt link)<input id="jwt" name="jwt" type="text" required maxlength="16000" autocomplete="off"></label>',
    '<button type="submit">Verify</button>',
    '</form>',
    '<h2>Check it yourself</h2>',
    '<p>Any JOSE library verifies the badge offline with the published keys: the JWT header names the key (<code>kid</code>); the payload is the Open Badges 3.0 credential.</p>',
    `<pre>${e(view.jwt)}</pre>`,
    '</main>',
    '<footer>Issued by the FinOps Foundation as Open Badges 3.0 credentials (W3C Verifiable Credentials 2.0).</footer>',
  ].join('\n');
  return page(`${view.valid ? 'Valid' : 'Not valid'}: ${heading}`, body);
}

export interface DirectoryView {
  /** Entries of this page, in kind order; consecutive entries of a kind form its group. */
  entries: AwardFacts[];
  kinds: { kind: string; name: string }[];
  countsByKind: Map<string, number>;
  q: string;
  kind: string | null;
  today: string;
  nextHref: string | null;
  firstHref: string | null;
}

export function renderDirectory(view: DirectoryView): string {
  const total = [...view.countsByKind.values()].reduce((a, b) => a + b, 0);
  const nameOf = new Map(view.kinds.map((k) => [k.kind, k.name]));
  const groups: { kind: string; entries: AwardFacts[] }[] = [];
  for (const entry of view.entries) {
    const last = groups[groups.length - 1];
    if (last?.kind === entry.kind) last.entries.push(entry);
    else groups.push({ kind: entry.kind, entries: [entry] });
  }
  const options = [`<option value="">All kinds</option>`]
    .concat(view.kinds.map((k) => `<option value="${e(k.kind)}"${k.kind === view.kind ? ' selected' : ''}>${e(k.name)}</option>`))
    .join('');
  const out: string[] = [
    '<header>',
    '<h1>FinOps certified organizations</h1>',
    `<p class="muted">Every certification valid on ${e(view.today)}: ${total} in all${view.q || view.kind ? ' matching the search' : ''}. ` +
      'Each badge is a signed Open Badges 3.0 credential; follow "Verify" to check it.</p>',
    '<form class="search" method="get" action="/directory" role="search">',
    `<label for="q">Organization or product<input id="q" name="q" type="search" value="${e(view.q)}" maxlength="200"></label>`,
    `<label for="kind">Certification<select id="kind" name="kind">${options}</select></label>`,
    '<button type="submit">Search</button>',
    '</form>',
    '</header>',
    '<main>',
  ];
  if (!groups.length) out.push('<p id="empty">No valid certification matches.</p>');
  for (const group of groups) {
    const name = nameOf.get(group.kind) ?? group.kind;
    out.push(
      `<section data-kind="${e(group.kind)}">`,
      `<h2>${e(name)} <span class="muted">(${view.countsByKind.get(group.kind) ?? 0})</span></h2>`,
      '<ul class="entries">',
    );
    for (const a of group.entries) {
      out.push(
        `<li data-award-id="${e(a.id)}">`,
        `<a href="/badges/${e(a.id)}"><img src="/badges/${e(a.id)}.svg" width="340" height="128" alt="${e(`${a.kindName} badge of ${a.organizationName}`)}"></a>`,
        `<dl><dt>Organization</dt><dd class="org">${e(a.organizationName)}</dd>` +
          (a.productName ? `<dt>Product</dt><dd class="product">${e(a.productName)}</dd>` : '') +
          `<dt>Program</dt><dd>${e(a.program)}</dd><dt>Framework</dt><dd>${e(a.edition)}</dd>` +
          `<dt>Valid</dt><dd class="validity">${e(a.issuedOn)} through ${e(lastValidDay(a.expiresOn))}</dd></dl>`,
        `<p class="links"><a href="/badges/${e(a.id)}">Verify</a><a href="/badges/${e(a.id)}.jwt">Badge (JWT)</a></p>`,
        '</li>',
      );
    }
    out.push('</ul>', '</section>');
  }
  out.push('<nav class="pages" aria-label="Pages">');
  if (view.firstHref) out.push(`<a href="${e(view.firstHref)}">First page</a>`);
  if (view.nextHref) out.push(`<a href="${e(view.nextHref)}" rel="next">Next page</a>`);
  out.push('</nav>', '</main>');
  out.push(
    '<footer>The same list as JSON: <a href="/directory.json">/directory.json</a>. Keys: <a href="/.well-known/jwks.json">/.well-known/jwks.json</a>.</footer>',
  );
  return page('FinOps certified organizations', out.join('\n'));
}
