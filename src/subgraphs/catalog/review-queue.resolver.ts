import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isOwnProposal } from '../../domain/access/policy';
import type { Context } from '../../graphql/context';
import { toConnection } from '../../graphql/pagination';
import { frameworkSnapshot } from '../../reference/framework';
import { catalogLoaders } from './catalog.loaders';
import { MappingType } from './catalog.types';
import { ReviewQueueService } from './review-queue.service';
import { ReviewMappingsInput, ReviewMappingsPayload, ReviewQueueConnection } from './review-queue.types';

async function service(ctx: Context): Promise<ReviewQueueService> {
  return new ReviewQueueService(ctx.em, catalogLoaders(ctx), await frameworkSnapshot(ctx), ctx.viewer);
}

@Resolver(() => MappingType)
export class ReviewQueueResolver {
  @Query(() => ReviewQueueConnection, {
    description:
      'Mappings awaiting a decision (PROPOSED and CHANGES_REQUESTED), oldest proposal first, a page at a time. REVIEWER, TAC and ADMIN only.',
  })
  async reviewQueue(
    @Ctx() ctx: Context,
    @Arg('edition', () => String, { nullable: true, description: 'Only mappings of this edition.' }) edition?: string,
    @Arg('organizationId', () => ID, { nullable: true, description: "Only this organization's products." }) organizationId?: string,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return toConnection(await (await service(ctx)).queue({ edition, organizationId, first, after }));
  }

  @Mutation(() => ReviewMappingsPayload, {
    description: 'One decision over many mappings (up to 500), all or nothing, each with its own version check.',
  })
  async reviewMappings(@Arg('input', () => ReviewMappingsInput) input: ReviewMappingsInput, @Ctx() ctx: Context) {
    return (await service(ctx)).reviewMappings(input);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer proposed it (four eyes: they may not approve it).' })
  proposedByViewer(@Root() mapping: { proposedBy: string }, @Ctx() ctx: Context): boolean {
    return ctx.viewer !== null && isOwnProposal(ctx.viewer, mapping.proposedBy);
  }
}
