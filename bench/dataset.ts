// A realistic catalog, generated deterministically from a seed: the same sizes and seed give the same
// rows, byte for byte, on every machine.

export interface BenchSizes {
  organizations: number;
  products: number;
  features: number;
  mappings: number;
  people: number;
}

export const DEFAULT_SIZES: BenchSizes = {
  organizations: 2_000,
  products: 5_000,
  features: 100_000,
  mappings: 300_000,
  people: 20_000,
};

export function scaled(sizes: BenchSizes, factor: number): BenchSizes {
  const s = (n: number) => Math.max(1, Math.round(n * factor));
  return {
    organizations: s(sizes.organizations),
    products: s(sizes.products),
    features: s(sizes.features),
    mappings: s(sizes.mappings),
    people: s(sizes.people),
  };
}

/** mulberry32: small, fast, good enough for test data, and deterministic. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'Cloud',
  'Cost',
  'Spend',
  'Budget',
  'Usage',
  'Rate',
  'Commit',
  'Tag',
  'Unit',
  'Forecast',
  'Anomaly',
  'Carbon',
  'License',
  'Invoice',
  'Insight',
  'Pulse',
  'Lens',
  'Beacon',
  'Ledger',
  'Atlas',
];
const SUFFIXES = ['Inc', 'Ltd', 'GmbH', 'SAS', 'Labs', 'Systems', 'Analytics', 'Partners'];
const RELATIONSHIPS = ['EQUIVALENT', 'SUBSET', 'SUPERSET', 'INTERSECTS'];
export const EDITIONS = ['2023', '2024', '2025', '2026'];

export interface GeneratedOrganization {
  index: number;
  name: string;
  employeeCount: number;
  finopsMembership: 'PREMIER' | 'GENERAL' | null;
  linuxFoundationMember: boolean;
}

export interface GeneratedProduct {
  index: number;
  organization: number;
  name: string;
  /** Mapping sheets per edition: the edition's slug and CSV rows (feature, capability, relationship, strength). */
  sheets: { edition: string; rows: [string, string, string, number][] }[];
}

export interface GeneratedPerson {
  organization: number;
  name: string;
  employedFrom: string;
  employedUntil: string | null;
  credentials: { kind: string; awardedOn: string; expiresOn: string | null }[];
}

export interface Dataset {
  sizes: BenchSizes;
  organizations: GeneratedOrganization[];
  products: GeneratedProduct[];
  people: GeneratedPerson[];
  mappingCount: number;
}

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)];
}

/**
 * Products spread over organizations; each product's features map into one to four editions, with
 * popular capabilities more likely (a skewed pick), so some capabilities are "busy".
 */
export function generateDataset(sizes: BenchSizes, capabilitiesByEdition: Record<string, string[]>, seed = 20261126): Dataset {
  const rnd = random(seed);
  const organizations: GeneratedOrganization[] = Array.from({ length: sizes.organizations }, (_, i) => {
    const size = rnd();
    return {
      index: i,
      name: `Bench ${pick(rnd, WORDS)}${pick(rnd, WORDS)} ${pick(rnd, SUFFIXES)} #${i}`,
      employeeCount:
        size < 0.4
          ? 20 + Math.floor(rnd() * 80)
          : size < 0.7
            ? 100 + Math.floor(rnd() * 400)
            : size < 0.92
              ? 500 + Math.floor(rnd() * 4500)
              : 5000 + Math.floor(rnd() * 50000),
      finopsMembership: rnd() < 0.3 ? 'PREMIER' : rnd() < 0.85 ? 'GENERAL' : null,
      linuxFoundationMember: rnd() < 0.9,
    };
  });
  const featuresPerProduct = Math.max(1, Math.round(sizes.features / sizes.products));
  const mappingsPerProduct = Math.max(1, Math.round(sizes.mappings / sizes.products));
  let mappingCount = 0;
  const products: GeneratedProduct[] = Array.from({ length: sizes.products }, (_, i) => {
    const editionCount = 1 + Math.floor(rnd() * 4);
    const editions = [...EDITIONS]
      .sort(() => rnd() - 0.5)
      .slice(0, editionCount)
      .sort();
    const perEdition = Math.max(1, Math.floor(mappingsPerProduct / editions.length));
    const sheets = editions.map((edition) => {
      const caps = capabilitiesByEdition[edition];
      const seen = new Set<string>();
      const rows: [string, string, string, number][] = [];
      for (let k = 0; rows.length < perEdition && k < perEdition * 4; k++) {
        const feature = `Feature ${Math.floor(rnd() * featuresPerProduct)}`;
        // Squaring skews towards the first capabilities: a few are busy, many are quiet.
        const capability = caps[Math.floor(rnd() * rnd() * caps.length)];
        const key = `${feature}|${capability}`;
        if (seen.has(key)) continue;
        seen.add(key);
        rows.push([feature, capability, pick(rnd, RELATIONSHIPS), 1 + Math.floor(rnd() * 10)]);
      }
      mappingCount += rows.length;
      return { edition, rows };
    });
    return { index: i, organization: Math.floor(rnd() * sizes.organizations), name: `Bench Product ${i}`, sheets };
  });
  const people: GeneratedPerson[] = Array.from({ length: sizes.people }, (_, i) => {
    const credentials: GeneratedPerson['credentials'] = [];
    const c = rnd();
    if (c < 0.6) credentials.push({ kind: 'PRACTITIONER', awardedOn: '2024-03-01', expiresOn: rnd() < 0.8 ? '2027-03-01' : '2025-03-01' });
    if (c < 0.15) credentials.push({ kind: 'PROFESSIONAL', awardedOn: '2024-06-01', expiresOn: '2027-06-01' });
    if (rnd() < 0.1) credentials.push({ kind: 'FOCUS_ANALYST', awardedOn: '2025-01-15', expiresOn: null });
    return {
      organization: Math.floor(rnd() * sizes.organizations),
      name: `Person ${i}`,
      employedFrom: '2022-01-01',
      employedUntil: rnd() < 0.1 ? '2024-12-31' : null,
      credentials,
    };
  });
  return { sizes, organizations, products, people, mappingCount };
}

export function sheetCsv(rows: [string, string, string, number][]): string {
  return ['feature,capability,relationship,strength', ...rows.map((r) => `${r[0]},${r[1]},${r[2]},${r[3]}`)].join('\n');
}
