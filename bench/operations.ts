import { savedOperations } from '../src/playground/saved-operations';
import { type Dataset, random } from './dataset';
import { benchIds } from './load';

// The measured reads, as the frontends send them (the saved operations of schema/operations), each
// with a fixed pool of request bodies drawn from a seeded generator: every run, every variant and the
// direct-subgraph replay send the same requests.

export const BODY_POOL = 64;

export function operation(name: string): string {
  const [op] = savedOperations([name]);
  if (!op) throw new Error(`operation ${name} is missing from schema/operations`);
  return op.query;
}

export const SIMULATION = {
  input: {
    program: '2023',
    kind: 'PLATFORM',
    asOf: '2026-11-26',
    organization: {
      employeeCount: 1200,
      finopsMembership: 'GENERAL',
      linuxFoundationMember: true,
      people: Array.from({ length: 31 }, (_, i) => ({
        employedFrom: '2024-01-01',
        credentials: [{ kind: i === 0 ? 'PROFESSIONAL' : 'PRACTITIONER', awardedOn: '2025-01-01' }],
      })),
      evidence: [
        { code: 'SLACK_SUPPORT_CHANNEL', date: '2026-01-01' },
        { code: 'RECORDED_DEMO', date: '2026-01-01' },
      ],
      activities: [],
      coveredCapabilities: [
        'cost-allocation',
        'analysis-showback',
        'forecasting',
        'budget-management',
        'chargeback',
        'manage-anomalies',
        'data-normalization',
        'measure-unit-costs',
        'utilization-efficiency',
        'policy-governance',
      ],
    },
  },
};

export const READ_OPERATIONS = [
  'ProductCoverage',
  'CoverageMatrix100',
  'CapabilityFeatures',
  'FrameworkEdition',
  'EvaluateCertification',
  'SimulateCertification',
] as const;
export type ReadOperation = (typeof READ_OPERATIONS)[number];

/** `BODY_POOL` request bodies per read operation (JSON strings). */
export function readBodies(data: Dataset, productCount: number, busy: { edition: string; capability: string }): Record<ReadOperation, string[]> {
  const rnd = random(7);
  const pool = (make: () => unknown) => Array.from({ length: BODY_POOL }, () => JSON.stringify(make()));
  const product = () => data.products[Math.floor(rnd() * productCount)];
  return {
    ProductCoverage: pool(() => ({ query: operation('ProductCoverage'), variables: { id: benchIds.product(product().index), edition: '2025' } })),
    CoverageMatrix100: pool(() => ({ query: operation('CoverageMatrix'), variables: { edition: '2025', first: 100 } })),
    // The busiest capability has thousands of approved mappings: a frontend pages them (the unpaged
    // Capability.mappings answers at most 100 and says so), a page of 100 at a time.
    CapabilityFeatures: pool(() => ({
      query: operation('CapabilityMappingPage'),
      variables: { edition: busy.edition, capability: busy.capability, status: 'APPROVED', first: 100 },
    })),
    FrameworkEdition: pool(() => ({ query: operation('FrameworkEdition'), variables: { edition: '2026' } })),
    EvaluateCertification: pool(() => {
      const p = product();
      return {
        query: operation('EvaluateCertification'),
        variables: { organization: benchIds.organization(p.organization), productId: benchIds.product(p.index), kind: 'PLATFORM', program: '2023' },
      };
    }),
    SimulateCertification: pool(() => ({ query: operation('SimulateCertification'), variables: SIMULATION })),
  };
}

/** The shape of an answer, to record before measuring: its fields, how many rows it holds, its size. */
export function describeAnswer(text: string): { ok: boolean; error?: string; rows: number; fields: string[]; bytes: number } {
  const bytes = Buffer.byteLength(text);
  let body: { data?: Record<string, unknown> | null; errors?: unknown[] };
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, error: `not JSON: ${text.slice(0, 200)}`, rows: 0, fields: [], bytes };
  }
  if (body.errors?.length) return { ok: false, error: JSON.stringify(body.errors).slice(0, 400), rows: 0, fields: [], bytes };
  if (!body.data) return { ok: false, error: 'no data', rows: 0, fields: [], bytes };
  const fields = new Set<string>();
  let rows = 0;
  const walk = (value: unknown, at: string) => {
    if (Array.isArray(value)) {
      rows += value.length;
      for (const v of value) walk(v, `${at}[]`);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        fields.add(`${at}.${k}`);
        walk(v, `${at}.${k}`);
      }
    }
  };
  walk(body.data, 'data');
  const nullRoot = Object.entries(body.data).find(([, v]) => v === null);
  if (nullRoot) return { ok: false, error: `root field ${nullRoot[0]} is null`, rows, fields: [...fields].sort(), bytes };
  return { ok: true, rows, fields: [...fields].sort(), bytes };
}
