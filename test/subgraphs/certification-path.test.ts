import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddFeatureDocument,
  EvaluateCertificationDocument,
  MapFeatureDocument,
  PathToEligibilityDetailDocument,
  PathToEligibilityDocument,
  ReviewMappingDocument,
  SimulatePathToEligibilityDocument,
  VetEvidenceDocument,
} from '../../src/client/generated/graphql';
import { as, startTestApp, type TestApp } from '../support/test-app';
import { addStaff, createMappedProduct, createOrganization, daysAgo, MOST_OF_2023, recordEvidence, staffOf } from './certification-helpers';

// The path to eligibility through the gateway: the steps it names are done with the product's own
// mutations, one by one, and the stored evaluation that follows is ELIGIBLE.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

describe('PathToEligibility', () => {
  it('names the least to do for a Platform, and doing exactly that makes the organization ELIGIBLE', async () => {
    const org = await createOrganization(t, { employeeCount: 50 });
    const vendor = await as('VENDOR', org);
    const reviewer = await as('REVIEWER', null, 'path-reviewer');
    await addStaff(t, org, staffOf(2, ['PRACTITIONER']));
    // Nine of the ten capabilities approved; the tenth (policy-governance) proposed, awaiting review.
    const product = await createMappedProduct(t, org, '2023', MOST_OF_2023.slice(0, 9));
    const { addFeature } = await t.data(AddFeatureDocument, { input: { productId: product, name: 'Governance' } }, vendor);
    const { mapFeature } = await t.data(
      MapFeatureDocument,
      { input: { featureId: addFeature.feature!.id, edition: '2023', capability: 'policy-governance' } },
      vendor,
    );
    const recent = daysAgo(20);
    await recordEvidence(t, org, 'SLACK_SUPPORT_CHANNEL', recent);
    const demo = await recordEvidence(t, org, 'RECORDED_DEMO', recent, { decision: null });
    await recordEvidence(t, org, 'OPEN_SOURCE_MATERIALS', recent);
    await recordEvidence(t, org, 'OPEN_SOURCE_MATERIALS', daysAgo(40));
    await recordEvidence(t, org, 'WORKING_GROUP_CONTRIBUTOR', recent);

    const { organization } = await t.data(
      PathToEligibilityDocument,
      { organization: org, kind: 'PLATFORM', program: '2023', productId: product },
      vendor,
    );
    const path = organization!.pathToEligibility!;
    expect(path.outcome).toBe('NOT_ELIGIBLE');
    expect(path.reachable).toBe(true);
    expect(path.steps.map((s) => [s.requirement, s.action, s.credential, s.quantity, s.capabilities.map((c) => c.slug)])).toEqual([
      ['PUBLIC_FEATURE_MAPPING', 'GET_REVIEWED', null, 1, ['policy-governance']],
      ['RECORDED_DEMO', 'GET_REVIEWED', null, 1, []],
      ['COMMUNITY_CONTRIBUTIONS', 'ADD_EVIDENCE', null, 1, []],
      ['INDIVIDUAL_CERTIFICATIONS', 'ADD_CREDENTIALS', 'PRACTITIONER', 1, []],
    ]);
    const detail = await t.data(
      PathToEligibilityDetailDocument,
      { organization: org, kind: 'PLATFORM', program: '2023', productId: product },
      vendor,
    );
    const community = detail.organization!.pathToEligibility!.steps[2];
    expect(community.code).toBe('BLOG_OR_PODCAST');
    expect(community.explanation).toContain('Equally cheap: FOCUS_PARTICIPATION instead of BLOG_OR_PODCAST');

    // Do exactly what the steps say.
    expect(
      (await t.data(ReviewMappingDocument, { input: { mappingId: mapFeature.mapping!.id, decision: 'APPROVE' } }, reviewer)).reviewMapping.errors,
    ).toEqual([]);
    expect((await t.data(VetEvidenceDocument, { input: { evidenceId: demo, decision: 'VETTED' } }, reviewer)).vetEvidence.errors).toEqual([]);
    await recordEvidence(t, org, 'BLOG_OR_PODCAST', recent);
    await addStaff(t, org, staffOf(1, ['PRACTITIONER']));

    const after = await t.data(EvaluateCertificationDocument, { organization: org, kind: 'PLATFORM', program: '2023', productId: product }, vendor);
    expect(after.organization!.evaluateCertification!.outcome).toBe('ELIGIBLE');
    const done = await t.data(PathToEligibilityDocument, { organization: org, kind: 'PLATFORM', program: '2023', productId: product }, vendor);
    expect(done.organization!.pathToEligibility).toEqual({ outcome: 'ELIGIBLE', reachable: true, steps: [] });
  });

  it('is private like the evaluation: null for anonymous callers and other vendors', async () => {
    const org = await createOrganization(t, { employeeCount: 20 });
    const other = await createOrganization(t, { employeeCount: 20 });
    for (const headers of [{}, await as('VENDOR', other)]) {
      const { organization } = await t.data(PathToEligibilityDocument, { organization: org, kind: 'ENTERPRISE', program: '2023' }, headers);
      expect(organization!.pathToEligibility).toBeNull();
    }
    const { organization } = await t.data(PathToEligibilityDocument, { organization: org, kind: 'ENTERPRISE', program: '2023' }, await as('TAC'));
    expect(organization!.pathToEligibility!.reachable).toBe(true);
  });

  it('costs a fixed number of statements, like the evaluation it plans from', async () => {
    const small = await createOrganization(t, { employeeCount: 30 });
    const big = await createOrganization(t, { employeeCount: 3000 });
    await addStaff(t, big, staffOf(40, ['PRACTITIONER']));
    const staff = await as('REVIEWER');
    const count = async (org: string) =>
      (await t.countStatements(() => t.data(PathToEligibilityDocument, { organization: org, kind: 'SERVICE_PROVIDER', program: '2023' }, staff)))
        .statements;
    await count(small); // warm the framework snapshot and programs
    expect(await count(big)).toBe(await count(small));
  });
});

describe('SimulatePathToEligibility', () => {
  it('the worked example under 2025: each column on its own', async () => {
    const people = [
      ...Array.from({ length: 30 }, () => ({ credentials: [{ kind: 'PRACTITIONER', awardedOn: '2025-01-01' }] })),
      { credentials: [{ kind: 'PROFESSIONAL', awardedOn: '2025-01-01' }] },
    ];
    const { simulatePathToEligibility } = await t.data(SimulatePathToEligibilityDocument, {
      input: {
        program: '2025',
        kind: 'SERVICE_PROVIDER',
        asOf: '2026-11-26',
        organization: {
          employeeCount: 1200,
          finopsMembership: 'GENERAL',
          linuxFoundationMember: true,
          people: people as never,
          evidence: [
            { code: 'SERVICES_FRAMEWORK_ALIGNMENT', date: '2026-01-01' },
            { code: 'COMMUNITY_CRITERIA', date: '2026-01-01' },
          ],
        },
      },
    });
    // 500–4,999 under 2025 (Service Provider): 50 / 3 / 25; counted 30 / 1 / 0.
    expect(simulatePathToEligibility.steps.map((s) => [s.requirement, s.action, s.credential, s.quantity])).toEqual([
      ['INDIVIDUAL_CERTIFICATIONS', 'ADD_CREDENTIALS', 'PROFESSIONAL', 2],
      ['INDIVIDUAL_CERTIFICATIONS', 'ADD_CREDENTIALS', 'PRACTITIONER', 20],
      ['INDIVIDUAL_CERTIFICATIONS', 'ADD_CREDENTIALS', 'FOCUS_ANALYST', 25],
    ]);
  });

  it('a kind the program does not offer is unreachable, with no steps', async () => {
    const { simulatePathToEligibility } = await t.data(SimulatePathToEligibilityDocument, {
      input: { program: '2025', kind: 'SPECIALTY_SOLUTION', organization: { employeeCount: 10, linuxFoundationMember: true } },
    });
    expect(simulatePathToEligibility).toEqual({ outcome: 'NOT_ELIGIBLE', reachable: false, steps: [] });
  });

  it('an unknown program is NOT_FOUND', async () => {
    const body = await t.request(SimulatePathToEligibilityDocument, {
      input: { program: '1999', kind: 'PLATFORM', organization: { employeeCount: 10, linuxFoundationMember: true } },
    });
    expect(body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
