import { expect } from 'vitest';
import {
  AddFeatureDocument,
  CreateOrganizationDocument,
  CreateProductDocument,
  ImportMappingsDetailDocument,
  ReviewMappingDocument,
} from '../../src/client/generated/graphql';
import { as, type TestApp, unique } from '../support/test-app';

// Factories for the catalog tests: each test makes its own organization and products (unique
// names), so the files share the run's database without stepping on each other or the demo data.

export async function createOrganization(t: TestApp, name = unique('Catalog Vendor')): Promise<string> {
  const { createOrganization } = await t.data(
    CreateOrganizationDocument,
    { input: { name, employeeCount: 50, linuxFoundationMember: false } },
    await as('ADMIN'),
  );
  expect(createOrganization.errors).toEqual([]);
  return createOrganization.organization!.id;
}

/** Headers of the organization's vendor (the only role that writes its catalog). */
export function vendor(organizationId: string, sub?: string): Promise<Record<string, string>> {
  return as('VENDOR', organizationId, sub);
}

/** Headers of a Foundation reviewer (sees drafts and private mappings; reviews). */
export function reviewer(sub = 'reviewer@test'): Promise<Record<string, string>> {
  return as('REVIEWER', null, sub);
}

const organizationOfProduct = new Map<string, string>();

export async function createProduct(t: TestApp, organizationId: string, name = unique('Product')): Promise<string> {
  const { createProduct } = await t.data(CreateProductDocument, { input: { organizationId, name } }, await vendor(organizationId));
  expect(createProduct.errors).toEqual([]);
  organizationOfProduct.set(createProduct.product!.id, organizationId);
  return createProduct.product!.id;
}

/** Headers of the vendor owning a product made with createProduct. */
export function vendorOfProduct(productId: string, sub?: string): Promise<Record<string, string>> {
  return vendor(organizationOfProduct.get(productId)!, sub);
}

export async function addFeature(t: TestApp, productId: string, name = unique('Feature')): Promise<string> {
  const { addFeature } = await t.data(AddFeatureDocument, { input: { productId, name } }, await vendorOfProduct(productId));
  expect(addFeature.errors).toEqual([]);
  return addFeature.feature!.id;
}

/** Imports a CSV sheet (every mapping PROPOSED) and fails the test on any error. */
export async function importCsv(t: TestApp, organizationId: string, productId: string, edition: string, csv: string): Promise<number> {
  const { importMappings } = await t.data(
    ImportMappingsDetailDocument,
    { input: { productId, edition, format: 'CSV', content: csv } },
    await as('VENDOR', organizationId, 'vendor@test'),
  );
  expect(importMappings.errors).toEqual([]);
  expect(importMappings.rowErrors).toEqual([]);
  return importMappings.created;
}

export interface MappingSummary {
  id: string;
  feature: string;
  capability: string;
  status: string;
  edition: string;
  approvedAt: string | null;
  public: boolean;
}

/** Every mapping of a product (of one edition or all), read by staff a page of features at a time. */
export async function mappingsOf(t: TestApp, productId: string, edition?: string): Promise<MappingSummary[]> {
  const query = `query ($productId: ID!, $edition: String, $after: String) { product(id: $productId) {
    featureConnection(first: 20, after: $after) { pageInfo { hasNextPage endCursor } nodes { name
      mappingConnection(edition: $edition, first: 50) { nodes { id status public approvedAt capability { slug } edition { slug } } } } } } }`;
  type Page = {
    product: {
      featureConnection: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: {
          name: string;
          mappingConnection: {
            nodes: {
              id: string;
              status: string;
              public: boolean;
              approvedAt: string | null;
              capability: { slug: string } | null;
              edition: { slug: string } | null;
            }[];
          };
        }[];
      };
    } | null;
  };
  const out: MappingSummary[] = [];
  let after: string | null = null;
  for (;;) {
    const data: Page = await t.data<Page, { productId: string; edition?: string; after: string | null }>(
      query,
      { productId, edition, after },
      await reviewer(),
    );
    const c = data.product!.featureConnection;
    for (const f of c.nodes) {
      for (const m of f.mappingConnection.nodes) {
        out.push({
          id: m.id,
          feature: f.name,
          capability: m.capability!.slug,
          status: m.status,
          edition: m.edition!.slug,
          approvedAt: m.approvedAt ?? null,
          public: m.public,
        });
      }
    }
    if (!c.pageInfo.hasNextPage) return out;
    after = c.pageInfo.endCursor;
  }
}

export async function approve(t: TestApp, mappingIds: string[]): Promise<void> {
  const headers = await reviewer();
  const results = await Promise.all(
    mappingIds.map((mappingId) => t.data(ReviewMappingDocument, { input: { mappingId, decision: 'APPROVE' } }, headers)),
  );
  for (const r of results) expect(r.reviewMapping.errors).toEqual([]);
}

/**
 * A copy of the demo product (the Foundation's 2023 mapping example): the cells the example fills
 * APPROVED, the four inferred ones PROPOSED. Tests that change state use a copy, not the demo.
 */
export const EXAMPLE_2023: { feature: string; capabilities: string[]; approved: boolean }[] = [
  { feature: 'Anomaly Alert Functionality', capabilities: ['manage-anomalies'], approved: false },
  { feature: 'Create & Monitor Budgets', capabilities: ['budget-management'], approved: false },
  { feature: 'Create Custom Metrics', capabilities: ['measure-unit-costs'], approved: false },
  { feature: 'Commitment Based Discounts Reporting', capabilities: ['manage-commitment-based-discounts'], approved: true },
  {
    feature: 'Cost Allocation Model',
    capabilities: ['manage-shared-cloud-cost', 'cost-allocation', 'analysis-showback', 'chargeback'],
    approved: true,
  },
  { feature: 'Forecasting based on previous spend', capabilities: ['forecasting'], approved: false },
  {
    feature: 'Ingest 3rd Party Data (API, CSV, manual input, etc.)',
    capabilities: ['decision-accountability-structure', 'asset-management'],
    approved: true,
  },
  {
    feature: 'Real Time Cloud Billing Data Reporting',
    capabilities: ['onboarding-workloads', 'data-normalization', 'education-enablement', 'establish-finops-culture'],
    approved: true,
  },
  {
    feature: 'Real Time Cloud Resource Utilization Data Reporting',
    capabilities: ['workload-management-automation', 'utilization-efficiency', 'policy-governance'],
    approved: true,
  },
];

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export async function createExampleCopy(t: TestApp): Promise<{ organizationId: string; productId: string }> {
  const organizationId = await createOrganization(t, unique('Copy of Northwind'));
  const productId = await createProduct(t, organizationId, unique('Example copy'));
  const lines = ['feature,capability'];
  for (const row of EXAMPLE_2023) for (const c of row.capabilities) lines.push(`${csvField(row.feature)},${c}`);
  expect(await importCsv(t, organizationId, productId, '2023', lines.join('\n'))).toBe(18);
  const approvedFeatures = new Set(EXAMPLE_2023.filter((r) => r.approved).map((r) => r.feature));
  const mappings = await mappingsOf(t, productId, '2023');
  await approve(
    t,
    mappings.filter((m) => approvedFeatures.has(m.feature)).map((m) => m.id),
  );
  return { organizationId, productId };
}
