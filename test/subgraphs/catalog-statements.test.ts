import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoverageMatrixOfDocument, FeatureMappingsDocument, ProductCoverageDocument } from '../../src/client/generated/graphql';
import { as, startTestApp, type TestApp } from '../support/test-app';
import { approve, createOrganization, createProduct, importCsv } from './catalog-helpers';

// No N+1: the SQL an operation sends does not grow with the number of products, features or
// mappings. Counted in this process (gateway and every subgraph), with nothing else running.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

const CAPABILITIES = ['allocation', 'budgeting', 'forecasting', 'rate-optimization', 'reporting-analytics', 'finops-assessment'];

async function addProducts(organizationId: string, from: number, to: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = from; start < to; start += 20) {
    const batch = Array.from({ length: Math.min(20, to - start) }, (_, k) => start + k);
    const created = await Promise.all(batch.map((i) => createProduct(t, organizationId, `Counted product ${String(i).padStart(3, '0')}`)));
    await Promise.all(
      created.map((productId, k) => {
        const i = batch[k];
        const rows = Array.from({ length: 2 + (i % 4) }, (_, f) => `Feature ${f},${CAPABILITIES[(i + f) % CAPABILITIES.length]}`);
        return importCsv(t, organizationId, productId, '2026', ['feature,capability', ...rows].join('\n'));
      }),
    );
    ids.push(...created);
  }
  return ids;
}

async function approveSome(productIds: string[]): Promise<void> {
  const ids: string[] = [];
  for (const productId of productIds) {
    const { product } = await t.data(FeatureMappingsDocument, { productId, edition: '2026' }, await as('REVIEWER'));
    ids.push(...product!.features!.flatMap((f) => f.mappings!.map((m) => m.id)));
  }
  await approve(t, ids);
}

describe('SQL statements per operation', () => {
  it('ProductCoverage and a 50-product CoverageMatrix page cost the same with 10 and with 200 products', async () => {
    const organizationId = await createOrganization(t);
    const first = await addProducts(organizationId, 0, 10);
    await approveSome(first.slice(0, 3));

    const measure = async (productId: string) => {
      const coverage = await t.countStatements(() => t.data(ProductCoverageDocument, { id: productId, edition: '2026' }));
      const matrix = await t.countStatements(() => t.data(CoverageMatrixOfDocument, { edition: '2026', first: 50, organizationId }));
      return { coverage: coverage.statements, matrix: matrix.statements, rows: matrix.result.coverageMatrix!.edges.length, page: matrix.result };
    };
    const small = await measure(first[0]);
    expect(small.rows).toBe(10);
    expect(small.page.coverageMatrix!.edges.filter((e) => e.node.capabilities.covered > 0)).toHaveLength(3);

    const more = await addProducts(organizationId, 10, 200);
    await approveSome(more.slice(0, 3));
    const large = await measure(first[1]);
    expect(large.rows).toBe(50);
    expect(large.page.coverageMatrix!.totalCount).toBe(200);

    console.log(`statements: ProductCoverage ${small.coverage} / ${large.coverage}; CoverageMatrix(50) ${small.matrix} / ${large.matrix}`);
    expect(large.coverage).toBe(small.coverage);
    expect(large.matrix).toBe(small.matrix);
    // Catalog: framework snapshot (4), count, page, coverage (1 for the whole page); framework hops for slugs.
    expect(large.matrix).toBeLessThanOrEqual(16);
  });
});
