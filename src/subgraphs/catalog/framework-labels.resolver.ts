import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { DomainError } from '../../domain/errors';
import type { Context } from '../../graphql/context';
import { frameworkSnapshot } from '../../reference/framework';
import { CapabilityStub } from './capability.stub';
import { DomainStub } from './domain.stub';
import { FrameworkEditionStub } from './framework-edition.stub';

// The framework's slugs and names, answered by the catalog from the same cached snapshot the framework
// subgraph uses (the fields are @shareable in both). The gateway can then finish a coverage or a
// mapping list without a second hop to the framework subgraph for every nested capability.

function missing(kind: string, id: string): never {
  throw new DomainError('NOT_FOUND', `No ${kind} with id "${id}"`);
}

@Resolver(() => CapabilityStub)
export class CapabilityLabelResolver {
  @FieldResolver(() => String)
  async slug(@Root() c: CapabilityStub, @Ctx() ctx: Context): Promise<string> {
    return ((await frameworkSnapshot(ctx)).capabilityById.get(c.id) ?? missing('capability', c.id)).slug;
  }

  @FieldResolver(() => String)
  async name(@Root() c: CapabilityStub, @Ctx() ctx: Context): Promise<string> {
    return ((await frameworkSnapshot(ctx)).capabilityById.get(c.id) ?? missing('capability', c.id)).name;
  }
}

@Resolver(() => DomainStub)
export class DomainLabelResolver {
  @FieldResolver(() => String)
  async slug(@Root() d: DomainStub, @Ctx() ctx: Context): Promise<string> {
    return ((await frameworkSnapshot(ctx)).domainById.get(d.id) ?? missing('domain', d.id)).slug;
  }

  @FieldResolver(() => String)
  async name(@Root() d: DomainStub, @Ctx() ctx: Context): Promise<string> {
    return ((await frameworkSnapshot(ctx)).domainById.get(d.id) ?? missing('domain', d.id)).name;
  }
}

@Resolver(() => FrameworkEditionStub)
export class EditionLabelResolver {
  @FieldResolver(() => String)
  async slug(@Root() e: FrameworkEditionStub, @Ctx() ctx: Context): Promise<string> {
    return ((await frameworkSnapshot(ctx)).editionById.get(e.id) ?? missing('edition', e.id)).slug;
  }
}
