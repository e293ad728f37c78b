import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { LINEAGE_RELATIONS } from '../../domain/framework/lineage';
import { graphqlEnum } from '../../graphql/enums';
import type { CapabilityRow, DomainRow, EditionRow } from '../../reference/framework';

export const LineageRelationEnum = graphqlEnum(
  LINEAGE_RELATIONS,
  'LineageRelation',
  'How a capability of one edition relates to one of a later edition, weakest last: SAME, MOVED_DOMAIN, RENAME, MERGE, SPLIT, RELATED, REMOVED.',
);

// The GraphQL types below are backed by the plain rows of the framework snapshot.

@ObjectType('FrameworkEdition', { description: 'One edition of the FinOps Framework (2023, 2024, …).' })
@Directive('@key(fields: "id")')
@Directive('@key(fields: "slug")')
export class FrameworkEditionType implements Partial<EditionRow> {
  @Field(() => ID)
  id!: string;

  @Directive('@shareable')
  @Field(() => String, { description: 'The edition\'s year, e.g. "2026".' })
  slug!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Date, { nullable: true, description: 'When the Foundation announced it, where known.' })
  announcedOn!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType('Domain', { description: 'A domain of an edition; it groups capabilities.' })
@Directive('@key(fields: "id")')
export class DomainType implements Partial<DomainRow> {
  @Field(() => ID)
  id!: string;

  @Directive('@shareable')
  @Field(() => String)
  slug!: string;

  @Directive('@shareable')
  @Field(() => String)
  name!: string;

  @Field(() => Int, { description: 'Position in the edition, from 1.' })
  position!: number;
}

@ObjectType('Capability', { description: 'A capability of one edition. In edition 2023 it may sit in several domains.' })
@Directive('@key(fields: "id")')
export class CapabilityType implements Partial<CapabilityRow> {
  @Field(() => ID)
  id!: string;

  @Directive('@shareable')
  @Field(() => String, { description: 'Unique within its edition.' })
  slug!: string;

  @Directive('@shareable')
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  summary!: string | null;
}

@ObjectType('CapabilityLineage', { description: 'Where a capability went in a later edition, and how.' })
export class CapabilityLineageType {
  @Field(() => LineageRelationEnum, { description: 'The weakest step of the path.' })
  relation!: string;

  @Field(() => CapabilityType, { nullable: true, description: 'Null when the capability was removed.' })
  capability!: CapabilityRow | null;
}
