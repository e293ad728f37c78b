import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlRows } from '../../db/sql';
import type { ActivityFact, CredentialFact, EvidenceFact, PersonFact, Rulebook } from '../../domain/certification';
import type { MembershipLevel } from '../../domain/membership/membership';
import { endOfDayUtc } from '../../domain/coverage/as-of';
import { CertificationAward } from './entities/certification-award.entity';

// The certification subgraph's reads of other subgraphs' tables (organization, person, credential,
// product, feature, mapping): read-only, by SQL, each fact group in ONE statement whatever the
// number of people, credentials or mappings, so an evaluation costs a fixed number of statements.

export interface ProgramRow {
  id: string;
  slug: string;
  rulebook: Rulebook;
}

/** Every program, in display order (one statement; a handful of rows). */
export function selectPrograms(em: EntityManager): Promise<ProgramRow[]> {
  return sqlRows<ProgramRow>(em, `select id, slug, rulebook from certification_program order by position, slug`);
}

export interface OrganizationFactsRow {
  id: string;
  finopsMembership: MembershipLevel | null;
  linuxFoundationMember: boolean;
  /** The top-most parent's employee count (the organization's own when it has no parent). */
  companySize: number;
}

/** The organization and the size of its top-most parent, through a bounded recursive walk up. */
export async function selectOrganizationFacts(em: EntityManager, organizationId: string): Promise<OrganizationFactsRow | null> {
  const rows = await sqlRows<OrganizationFactsRow>(
    em,
    `with recursive chain (id, parent_id, employee_count, depth) as (
       select id, parent_id, employee_count, 0 from organization where id = ?
       union all
       select o.id, o.parent_id, o.employee_count, c.depth + 1
         from organization o join chain c on o.id = c.parent_id
        where c.depth < 64
     )
     select o.id, o.finops_membership as "finopsMembership", o.linux_foundation_member as "linuxFoundationMember",
            (select employee_count from chain order by depth desc limit 1) as "companySize"
       from organization o where o.id = ?`,
    [organizationId, organizationId],
  );
  return rows[0] ?? null;
}

/** People employed by the organization on asOf, each with every credential on record (as JSON). */
export async function selectPeopleFacts(em: EntityManager, organizationId: string, asOf: string): Promise<PersonFact[]> {
  const rows = await sqlRows<{ employedFrom: string | null; employedUntil: string | null; credentials: CredentialFact[] }>(
    em,
    `select p.employed_from::text as "employedFrom", p.employed_until::text as "employedUntil",
            coalesce(json_agg(json_build_object('kind', c.kind, 'awardedOn', c.awarded_on::text, 'expiresOn', c.expires_on::text)
                              order by c.awarded_on, c.id) filter (where c.id is not null), '[]') as credentials
       from person p left join credential c on c.person_id = p.id
      where p.organization_id = ?
        and (p.employed_from is null or p.employed_from <= ?::date)
        and (p.employed_until is null or p.employed_until >= ?::date)
      group by p.id
      order by p.id`,
    [organizationId, asOf, asOf],
  );
  return rows;
}

/**
 * The organization's evidence with its status. With a product named (PLATFORM, SPECIALTY_SOLUTION)
 * only evidence about no product in particular or about that product counts.
 */
export function selectEvidenceFacts(em: EntityManager, organizationId: string, productScope: string | null | undefined): Promise<EvidenceFact[]> {
  if (productScope === undefined) {
    return sqlRows<EvidenceFact>(em, `select code, date::text as date, status from evidence where organization_id = ? order by date, id`, [
      organizationId,
    ]);
  }
  return sqlRows<EvidenceFact>(
    em,
    `select code, date::text as date, status from evidence
      where organization_id = ? and (product_id is null or product_id = ?) order by date, id`,
    [organizationId, productScope],
  );
}

export function selectActivityFacts(em: EntityManager, organizationId: string): Promise<ActivityFact[]> {
  return sqlRows<ActivityFact>(
    em,
    `select code, date::text as date, validated from enterprise_activity where organization_id = ? order by date, id`,
    [organizationId],
  );
}

export interface ProductMappingsRow {
  organizationId: string;
  mappings: { capabilityId: string; status: string; public: boolean; approvedAt: string | null }[];
}

/**
 * A product's owner and the mappings of its features in one edition: one statement. With asOf, the
 * mappings as they stood at the end of that day (UTC), from mapping_history (only the states that
 * counted for coverage then: that is all the evaluation uses).
 */
export async function selectProductMappings(
  em: EntityManager,
  productId: string,
  editionSlug: string,
  asOf: string | null = null,
): Promise<ProductMappingsRow | null> {
  const end = asOf === null ? null : endOfDayUtc(asOf);
  // Now: the mappings of the product's features. As of a day: the states that held at its end.
  const [source, params] =
    end === null
      ? [
          `mapping m join feature f on f.id = m.feature_id join framework_edition e on e.id = m.edition_id where f.product_id = p.id and e.slug = ?`,
          [editionSlug],
        ]
      : [
          `mapping_history m join framework_edition e on e.id = m.edition_id
            where m.product_id = p.id and e.slug = ? and m.counts and m.valid_from < ?::timestamptz and (m.valid_to is null or m.valid_to >= ?::timestamptz)`,
          [editionSlug, end, end],
        ];
  const rows = await sqlRows<ProductMappingsRow>(
    em,
    `select p.organization_id as "organizationId",
            coalesce((select json_agg(json_build_object('capabilityId', m.capability_id, 'status', m.status,
                                                        'public', m.public, 'approvedAt', m.approved_at))
                        from ${source}), '[]') as mappings
       from product p where p.id = ?`,
    [...params, productId],
  );
  return rows[0] ?? null;
}

/** The target capabilities of the newest Specialty Solution application for this product under the program. */
export async function selectDeclaredTargets(em: EntityManager, organizationId: string, productId: string, programId: string): Promise<string[]> {
  const rows = await sqlRows<{ targetCapabilities: string[] }>(
    em,
    `select target_capabilities as "targetCapabilities" from certification_application
      where organization_id = ? and product_id = ? and program_id = ? and kind = 'SPECIALTY_SOLUTION'
      order by created_at desc, id desc limit 1`,
    [organizationId, productId, programId],
  );
  return rows[0]?.targetCapabilities ?? [];
}

export interface InstructorFactsRow {
  organizationId: string;
  communityParticipant: boolean;
  finopsExperienceMonths: number | null;
  publicSpeaking: boolean;
  credentials: CredentialFact[];
  employerIsCertifiedTrainingPartner: boolean;
}

/**
 * A person's instructor facts in one statement. The employer is a Certified Training Partner when
 * the person is employed by it on asOf and it holds a TRAINING_PARTNER award valid on asOf.
 */
export async function selectInstructorFacts(em: EntityManager, personId: string, asOf: string): Promise<InstructorFactsRow | null> {
  const rows = await sqlRows<InstructorFactsRow>(
    em,
    `select p.organization_id as "organizationId", p.community_participant as "communityParticipant",
            p.finops_experience_months as "finopsExperienceMonths", p.public_speaking as "publicSpeaking",
            coalesce((select json_agg(json_build_object('kind', c.kind, 'awardedOn', c.awarded_on::text, 'expiresOn', c.expires_on::text)
                                      order by c.awarded_on, c.id)
                        from credential c where c.person_id = p.id), '[]') as credentials,
            ((p.employed_from is null or p.employed_from <= ?::date)
             and (p.employed_until is null or p.employed_until >= ?::date)
             and exists (select 1 from certification_award a
                          where a.organization_id = p.organization_id and a.kind = 'TRAINING_PARTNER'
                            and a.issued_on <= ?::date and a.expires_on > ?::date
                            and (a.revoked_on is null or a.revoked_on > ?::date))) as "employerIsCertifiedTrainingPartner"
       from person p where p.id = ?`,
    [asOf, asOf, asOf, asOf, asOf, personId],
  );
  return rows[0] ?? null;
}

/** Whether the organization exists, and which organization the product (when named) belongs to: one statement. */
export async function selectOwner(
  em: EntityManager,
  organizationId: string,
  productId: string | null,
): Promise<{ orgExists: boolean; productOrg: string | null }> {
  const [row] = await sqlRows<{ orgExists: boolean; productOrg: string | null }>(
    em,
    `select exists (select 1 from organization where id = ?) as "orgExists",
            (select organization_id from product where id = ?) as "productOrg"`,
    [organizationId, productId],
  );
  return row;
}

/** How many applications of this organization, kind, program and product are still open (neither approved nor rejected). */
export async function countOpenApplications(
  em: EntityManager,
  a: { organizationId: string; kind: string; programId: string; productId: string | null },
): Promise<number> {
  const [row] = await sqlRows<{ n: number }>(
    em,
    `select count(*)::int as n from certification_application
      where organization_id = ? and kind = ? and program_id = ? and product_id is not distinct from ?
        and status not in ('APPROVED', 'REJECTED')`,
    [a.organizationId, a.kind, a.programId, a.productId],
  );
  return row.n;
}

/** Awards by issue date (newest first) after a cursor, optionally of one kind and valid on a date; and how many match. */
export async function pageAwards(
  em: EntityManager,
  args: { kind: string | null; validOn: string | null; after: (string | number)[] | null; limit: number },
): Promise<{ total: number; rows: CertificationAward[] }> {
  const qb = em.createQueryBuilder(CertificationAward, 'a');
  if (args.kind) qb.andWhere({ kind: args.kind });
  if (args.validOn) {
    qb.andWhere('a.issued_on <= ?::date and a.expires_on > ?::date and (a.revoked_on is null or a.revoked_on > ?::date)', [
      args.validOn,
      args.validOn,
      args.validOn,
    ]);
  }
  const page = qb.clone();
  if (args.after) page.andWhere('(a.issued_on, a.id) < (?::date, ?::uuid)', [args.after[0], args.after[1]]);
  const [total, rows] = await Promise.all([qb.clone().getCount(), page.orderBy({ issuedOn: 'desc', id: 'desc' }).limit(args.limit).getResultList()]);
  return { total, rows };
}
