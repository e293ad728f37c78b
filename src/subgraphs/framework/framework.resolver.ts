import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { type CapabilityRow, type DomainRow, type EditionRow, frameworkSnapshot, FrameworkService } from '../../reference/framework';
import { CapabilityLineageType, CapabilityType, DomainType, FrameworkEditionType } from './framework.types';

async function service(ctx: Context): Promise<FrameworkService> {
  return new FrameworkService(await frameworkSnapshot(ctx));
}

@Resolver(() => FrameworkEditionType)
export class FrameworkEditionResolver {
  @Query(() => [FrameworkEditionType], { nullable: true, description: 'Every edition the catalog holds, oldest first.' })
  async frameworkEditions(@Ctx() ctx: Context): Promise<EditionRow[]> {
    return (await frameworkSnapshot(ctx)).editions;
  }

  @Query(() => FrameworkEditionType, { nullable: true, description: 'One edition by slug; an unknown slug is a NOT_FOUND error.' })
  async frameworkEdition(@Arg('slug', () => String) slug: string, @Ctx() ctx: Context): Promise<EditionRow> {
    return (await service(ctx)).edition(slug);
  }

  @Query(() => FrameworkEditionType, { nullable: true, description: 'The newest edition.' })
  async currentFrameworkEdition(@Ctx() ctx: Context): Promise<EditionRow | null> {
    return (await frameworkSnapshot(ctx)).current;
  }

  @Query(() => [CapabilityLineageType], {
    nullable: true,
    description: 'Where a capability of one edition went in a later one, following every step between them; one result per capability reached.',
  })
  async capabilityLineage(
    @Arg('edition', () => String) edition: string,
    @Arg('capability', () => String) capability: string,
    @Arg('toEdition', () => String) toEdition: string,
    @Ctx() ctx: Context,
  ) {
    return (await service(ctx)).lineage(edition, capability, toEdition);
  }

  @FieldResolver(() => Boolean, { description: 'True for the newest edition only.' })
  async isCurrent(@Root() edition: EditionRow, @Ctx() ctx: Context): Promise<boolean> {
    return (await frameworkSnapshot(ctx)).current?.id === edition.id;
  }

  @FieldResolver(() => [DomainType])
  async domains(@Root() edition: EditionRow, @Ctx() ctx: Context): Promise<DomainRow[]> {
    return (await frameworkSnapshot(ctx)).domains(edition.id);
  }

  @FieldResolver(() => [CapabilityType], { description: "Every capability of the edition, flat, in the edition's order." })
  async capabilities(@Root() edition: EditionRow, @Ctx() ctx: Context): Promise<CapabilityRow[]> {
    return (await frameworkSnapshot(ctx)).capabilities(edition.id);
  }

  @FieldResolver(() => CapabilityType, { nullable: true, description: 'One capability by slug; unknown is NOT_FOUND.' })
  async capability(@Root() edition: EditionRow, @Arg('slug', () => String) slug: string, @Ctx() ctx: Context) {
    return (await service(ctx)).capability(edition, slug);
  }

  @FieldResolver(() => DomainType, { nullable: true, description: 'One domain by slug, or null.' })
  async domain(@Root() edition: EditionRow, @Arg('slug', () => String) slug: string, @Ctx() ctx: Context) {
    return (await frameworkSnapshot(ctx)).domains(edition.id).find((d) => d.slug === slug) ?? null;
  }
}

@Resolver(() => DomainType)
export class DomainResolver {
  @FieldResolver(() => FrameworkEditionType)
  async edition(@Root() domain: DomainRow, @Ctx() ctx: Context) {
    return (await frameworkSnapshot(ctx)).editionById.get(domain.editionId);
  }

  @FieldResolver(() => [CapabilityType])
  async capabilities(@Root() domain: DomainRow, @Ctx() ctx: Context): Promise<CapabilityRow[]> {
    const framework = await frameworkSnapshot(ctx);
    return domain.capabilityIds.map((id) => framework.capabilityById.get(id)).filter((c): c is CapabilityRow => !!c);
  }
}

@Resolver(() => CapabilityType)
export class CapabilityResolver {
  @FieldResolver(() => FrameworkEditionType)
  async edition(@Root() capability: CapabilityRow, @Ctx() ctx: Context) {
    return (await frameworkSnapshot(ctx)).editionById.get(capability.editionId);
  }

  @FieldResolver(() => [DomainType], { description: 'The domains it sits in (several in edition 2023).' })
  async domains(@Root() capability: CapabilityRow, @Ctx() ctx: Context): Promise<DomainRow[]> {
    const framework = await frameworkSnapshot(ctx);
    return capability.domainIds.map((id) => framework.domainById.get(id)).filter((d): d is DomainRow => !!d);
  }

  @FieldResolver(() => [CapabilityLineageType], { description: 'Where this capability went in a later edition.' })
  async lineage(@Root() capability: CapabilityRow, @Arg('toEdition', () => String) toEdition: string, @Ctx() ctx: Context) {
    const svc = await service(ctx);
    const framework = await frameworkSnapshot(ctx);
    const edition = framework.editionById.get(capability.editionId)!;
    return svc.lineage(edition.slug, capability.slug, toEdition);
  }
}
