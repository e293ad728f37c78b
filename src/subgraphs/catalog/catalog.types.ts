import { GraphQLDateTime } from 'graphql-scalars';
import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { MAPPING_RELATIONSHIPS, MAPPING_STATUSES, type MappingRelationship, type MappingStatus } from '../../domain/catalog/mapping-status';
import { REVIEW_DECISIONS, type ReviewDecision } from '../../domain/catalog/review-mapping';
import type { LineageRelation } from '../../domain/framework/lineage';
import { graphqlEnum } from '../../graphql/enums';
import { ConnectionType, PageInfo } from '../../graphql/pagination';
import { PayloadType } from '../../graphql/payload';
import { UserErrorType } from '../../graphql/user-error.type';
import type { UserErrorData } from '../../domain/errors';
import { LineageRelationEnum } from '../framework';
import { CapabilityStub } from './capability.stub';
import { DomainStub } from './domain.stub';
import { FrameworkEditionStub } from './framework-edition.stub';

export const MappingRelationshipEnum = graphqlEnum(
  MAPPING_RELATIONSHIPS,
  'MappingRelationship',
  'How much of the capability the feature covers: EQUIVALENT, SUBSET, SUPERSET or INTERSECTS (the default, the weakest claim).',
);
export const MappingStatusEnum = graphqlEnum(
  MAPPING_STATUSES,
  'MappingStatus',
  'Review status: PROPOSED → APPROVED | REJECTED | CHANGES_REQUESTED; SUPERSEDED once carried into a later edition.',
);
export const ReviewDecisionEnum = graphqlEnum(REVIEW_DECISIONS, 'ReviewDecision', "A reviewer's decision on a mapping.");
export const IMPORT_FORMATS = ['CSV', 'JSON'] as const;
export const ImportFormatEnum = graphqlEnum(IMPORT_FORMATS, 'ImportFormat', 'The format of a mapping sheet.');

type Stub = { id: string };

// Product, Feature and Mapping are served from plain rows (ProductRecord, FeatureRecord, MappingRecord
// in catalog.repository.ts), not entities; relations are field resolvers going through the request's loaders.

@ObjectType('Product', { description: "A vendor's product, whose features map to Framework capabilities." })
@Directive('@key(fields: "id")')
export class ProductType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true })
  url!: string | null;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;
}

@ObjectType('Feature', { description: 'A feature of a product.' })
@Directive('@key(fields: "id")')
export class FeatureType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;
}

@ObjectType('Mapping', { description: 'A claim that a feature covers a capability of one edition, and its review.' })
@Directive('@key(fields: "id")')
export class MappingType {
  @Field(() => ID)
  id!: string;

  @Field(() => MappingRelationshipEnum)
  relationship!: MappingRelationship;

  @Field(() => Int, { nullable: true, description: '1 (weak) to 10 (complete), when the vendor says.' })
  strength!: number | null;

  @Field(() => String, { nullable: true })
  rationale!: string | null;

  @Field(() => String, { nullable: true, description: 'An http(s) page that shows the feature doing it.' })
  evidenceUrl!: string | null;

  @Field(() => Boolean, { description: 'Private mappings never count for coverage.' })
  public!: boolean;

  @Field(() => MappingStatusEnum)
  status!: MappingStatus;

  @Field(() => String, { description: 'Who proposed it (the acting identity).' })
  proposedBy!: string;

  @Field(() => GraphQLDateTime)
  proposedAt!: Date;

  @Field(() => String, { nullable: true })
  reviewedBy!: string | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  reviewedAt!: Date | null;

  @Field(() => String, { nullable: true })
  reviewNote!: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was approved; kept after it is superseded.' })
  approvedAt!: Date | null;

  @Field(() => Int, { description: 'Incremented on every change.' })
  version!: number;
}

export const { Connection: ProductConnection } = ConnectionType(ProductType, 'Product');
export const { Connection: MappingConnection } = ConnectionType(MappingType, 'Mapping');
export const { Connection: FeatureConnection } = ConnectionType(FeatureType, 'Feature');

// ------------------------------------------------------------------------------ coverage

@ObjectType('CoverageCount', { description: 'How many of a set are covered.' })
@Directive('@shareable')
export class CoverageCountType {
  @Field(() => Int)
  covered!: number;

  @Field(() => Int)
  total!: number;
}

@ObjectType('DomainCoverage', { description: 'Coverage of the capabilities of one domain.' })
export class DomainCoverageType {
  @Field(() => DomainStub)
  domain!: Stub;

  @Field(() => Int)
  covered!: number;

  @Field(() => Int)
  total!: number;
}

@ObjectType('ProductCoverage', {
  description: 'A product against an edition, counting only approved, public mappings (or superseded after approval).',
})
export class ProductCoverageType {
  @Field(() => FrameworkEditionStub)
  edition!: Stub;

  @Field(() => CoverageCountType, { description: 'Domains with at least one covered capability.' })
  domains!: CoverageCountType;

  @Field(() => CoverageCountType)
  capabilities!: CoverageCountType;

  @Field(() => Boolean, { description: 'Both domains and capabilities strictly more than half covered.' })
  meetsMost!: boolean;

  @Field(() => [CapabilityStub], { description: "In the edition's order." })
  coveredCapabilities!: Stub[];

  @Field(() => [CapabilityStub], { description: "The gaps, in the edition's order." })
  uncoveredCapabilities!: Stub[];

  @Field(() => [DomainCoverageType], { description: 'Every domain of the edition, in order.' })
  byDomain!: DomainCoverageType[];
}

@ObjectType('CoverageMatrixRow', { description: "One product's row of the coverage matrix." })
export class CoverageMatrixRowType {
  @Field(() => ProductType)
  product!: ProductType;

  @Field(() => [CapabilityStub])
  coveredCapabilities!: Stub[];

  @Field(() => Boolean)
  meetsMost!: boolean;

  @Field(() => CoverageCountType)
  domains!: CoverageCountType;

  @Field(() => CoverageCountType)
  capabilities!: CoverageCountType;
}

@ObjectType('CoverageMatrixEdge')
export class CoverageMatrixEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => CoverageMatrixRowType)
  node!: CoverageMatrixRowType;
}

@ObjectType('CoverageMatrix', { description: 'Products (by name) against every capability of an edition, a page at a time.' })
export class CoverageMatrixType {
  @Field(() => FrameworkEditionStub)
  edition!: Stub;

  @Field(() => [CapabilityStub], { description: "The edition's capabilities, in order: the matrix columns." })
  capabilities!: Stub[];

  @Field(() => Int, { description: 'How many products match, across all pages.' })
  totalCount!: number;

  @Field(() => [CoverageMatrixEdgeType])
  edges!: CoverageMatrixEdgeType[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

// ------------------------------------------------------------------------------ inputs

@InputType()
export class CreateProductInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: "The product's page (http or https)." })
  url?: string | null;
}

@InputType()
export class AddFeatureInput {
  @Field(() => ID)
  productId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType()
export class MapFeatureInput {
  @Field(() => ID)
  featureId!: string;

  @Field(() => String, { description: 'The edition slug, e.g. "2026".' })
  edition!: string;

  @Field(() => String, { description: 'A capability slug of that edition.' })
  capability!: string;

  @Field(() => MappingRelationshipEnum, { nullable: true, description: 'Default INTERSECTS.' })
  relationship?: MappingRelationship | null;

  @Field(() => Int, { nullable: true, description: '1..10' })
  strength?: number | null;

  @Field(() => String, { nullable: true })
  rationale?: string | null;

  @Field(() => String, { nullable: true })
  evidenceUrl?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Default true.' })
  public?: boolean | null;
}

@InputType()
export class ReviewMappingInput {
  @Field(() => ID)
  mappingId!: string;

  @Field(() => ReviewDecisionEnum)
  decision!: ReviewDecision;

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => Int, { nullable: true, description: 'The version the reviewer saw; a different current version is a CONFLICT.' })
  expectedVersion?: number | null;
}

@InputType({ description: "One product's mapping sheet in an ImportMappingSheets request." })
export class MappingSheetInput {
  @Field(() => ID)
  productId!: string;

  @Field(() => String)
  edition!: string;

  @Field(() => ImportFormatEnum, { nullable: true, description: 'Default CSV.' })
  format?: (typeof IMPORT_FORMATS)[number] | null;

  @Field(() => String, {
    description: 'CSV with the header feature,capability[,relationship,strength,rationale,evidence_url], or a JSON array of rows.',
  })
  content!: string;
}

/** One sheet on its own (`importMappings`): a sheet of an ImportMappingSheets request, and dryRun. */
@InputType()
export class ImportMappingsInput extends MappingSheetInput {
  @Field(() => Boolean, { nullable: true, description: 'Check and count, write nothing.' })
  dryRun?: boolean | null;
}

@InputType()
export class ImportMappingSheetsInput {
  @Field(() => [MappingSheetInput], {
    description:
      'At most 1,000 sheets, 100,000 rows and 10 MiB of content per request. A product may appear more than once (one sheet per edition, say).',
  })
  sheets!: MappingSheetInput[];

  @Field(() => Boolean, { nullable: true, description: 'Check and count every sheet, write nothing.' })
  dryRun?: boolean | null;
}

@InputType()
export class CarryMappingsForwardInput {
  @Field(() => ID)
  productId!: string;

  @Field(() => String)
  fromEdition!: string;

  @Field(() => String, { description: 'A later edition than fromEdition.' })
  toEdition!: string;

  @Field(() => Boolean, { nullable: true, description: 'Show the outcome, write nothing.' })
  dryRun?: boolean | null;
}

// ------------------------------------------------------------------------------ payloads

export const CreateProductPayload = PayloadType('CreateProductPayload', 'product', ProductType);
export const AddFeaturePayload = PayloadType('AddFeaturePayload', 'feature', FeatureType);
export const MapFeaturePayload = PayloadType('MapFeaturePayload', 'mapping', MappingType);
export const ReviewMappingPayload = PayloadType('ReviewMappingPayload', 'mapping', MappingType);

@ObjectType('MappingRowError', { description: 'A bad row of a mapping sheet.' })
export class MappingRowErrorType {
  @Field(() => Int, { description: 'CSV: the line in the file (header = 1). JSON: the 1-based row index.' })
  line!: number;

  @Field(() => String)
  code!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType('ImportMappingsPayload')
export class ImportMappingsPayload {
  @Field(() => Int, { description: 'Mappings created (or that would be, on a dry run); 0 when anything is wrong.' })
  created!: number;

  @Field(() => Int, { description: 'Features created because the product lacked them (or would be).' })
  featuresCreated!: number;

  @Field(() => Boolean)
  dryRun!: boolean;

  @Field(() => [MappingRowErrorType], { description: 'Every bad row, in line order; non-empty means nothing was written.' })
  rowErrors!: MappingRowErrorType[];

  @Field(() => [UserErrorType])
  errors!: UserErrorData[];
}

@ObjectType('MappingSheetResult', { description: 'What became of one sheet of an ImportMappingSheets request.' })
export class MappingSheetResultType {
  @Field(() => Int, { description: 'Position of the sheet in input.sheets (0-based).' })
  index!: number;

  @Field(() => ID)
  productId!: string;

  @Field(() => String)
  edition!: string;

  @Field(() => Boolean, { description: 'The sheet was written (or would be, on a dry run): it had no errors and no rowErrors.' })
  written!: boolean;

  @Field(() => Int, { description: 'Mappings created (or that would be); 0 when the sheet has any error.' })
  created!: number;

  @Field(() => Int, { description: 'Features created because the product lacked them (or would be).' })
  featuresCreated!: number;

  @Field(() => [MappingRowErrorType], { description: 'Every bad row of this sheet, in line order; non-empty means this sheet wrote nothing.' })
  rowErrors!: MappingRowErrorType[];

  @Field(() => [UserErrorType], {
    description: 'Problems with this sheet as a whole (field input.sheets.<index>.…); non-empty means it wrote nothing.',
  })
  errors!: UserErrorData[];
}

@ObjectType('ImportMappingSheetsPayload')
export class ImportMappingSheetsPayload {
  @Field(() => Int, { description: 'Mappings created over all written sheets (or that would be, on a dry run).' })
  created!: number;

  @Field(() => Int)
  featuresCreated!: number;

  @Field(() => Boolean)
  dryRun!: boolean;

  @Field(() => [MappingSheetResultType], {
    description:
      'One result per input sheet, in input order. Each sheet is all or nothing on its own: sheets without errors are written, a sheet with errors writes nothing.',
  })
  sheets!: MappingSheetResultType[];

  @Field(() => [UserErrorType], {
    description: 'Problems with the request as a whole (too many sheets, rows or bytes); non-empty means nothing was written and sheets is empty.',
  })
  errors!: UserErrorData[];
}

/** The service's row for a carried mapping; `feature` and `capability` resolve through loaders/stubs. */
export interface CarriedMappingData {
  featureId: string;
  capability: Stub;
  status: MappingStatus;
  relation: LineageRelation;
  alreadyPresent: boolean;
  mappingId: string | null;
}

@ObjectType('CarriedMapping', { description: 'A mapping as it lands in the later edition.' })
export class CarriedMappingType {
  @Field(() => CapabilityStub, { description: 'The capability of the later edition.' })
  capability!: Stub;

  @Field(() => MappingStatusEnum, { description: 'Its status there (the existing one when alreadyPresent).' })
  status!: MappingStatus;

  @Field(() => LineageRelationEnum, { nullable: true, description: 'How the source capability got here.' })
  relation!: LineageRelation;

  @Field(() => Boolean, { nullable: true, description: 'The feature already mapped to it; nothing new was created.' })
  alreadyPresent!: boolean;

  @Field(() => ID, { nullable: true, description: 'The mapping created (null on a dry run or when already present).' })
  mappingId!: string | null;

  featureId!: string;
}

export interface DroppedMappingData {
  featureId: string;
  capability: Stub;
  sourceMappingId: string;
}

@ObjectType('DroppedMapping', { description: 'A mapping whose capability has no successor in the later edition.' })
export class DroppedMappingType {
  @Field(() => CapabilityStub, { description: 'The capability of the earlier edition.' })
  capability!: Stub;

  @Field(() => ID)
  sourceMappingId!: string;

  featureId!: string;
}

@ObjectType('CarryMappingsForwardPayload')
export class CarryMappingsForwardPayload {
  @Field(() => [CarriedMappingType])
  carried!: CarriedMappingData[];

  @Field(() => [DroppedMappingType])
  dropped!: DroppedMappingData[];

  @Field(() => Int, { description: 'Source mappings marked SUPERSEDED (or that would be, on a dry run).' })
  superseded!: number;

  @Field(() => Boolean)
  dryRun!: boolean;

  @Field(() => [UserErrorType])
  errors!: UserErrorData[];
}
