import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { seesPrivateOf } from '../../domain/access/policy';
import type { EligibilityPath } from '../../domain/certification';
import type { Context } from '../../graphql/context';
import { frameworkSnapshot } from '../../reference/framework';
import { evaluations } from './certification.resolver';
import { OrganizationRef } from './certification.stubs';
import { CertificationKindEnum } from './certification.enums';
import { SimulateCertificationInput } from './certification.inputs';
import { type CapabilityRef, EligibilityPathType } from './path.types';

/** Capability slugs of the evaluated edition as references the framework subgraph resolves. */
async function withCapabilityRefs(ctx: Context, edition: string, path: EligibilityPath) {
  const framework = await frameworkSnapshot(ctx);
  const editionRow = framework.editionBySlug.get(edition);
  const ref = (slug: string): CapabilityRef => ({ id: (editionRow && framework.capability(editionRow.id, slug)?.id) ?? slug });
  return { ...path, steps: path.steps.map((s) => ({ ...s, capabilities: s.capabilities.map(ref) })) };
}

@Resolver(() => OrganizationRef)
export class OrganizationPathResolver {
  @FieldResolver(() => EligibilityPathType, {
    nullable: true,
    description:
      'The least the organization still has to do to be ELIGIBLE for a certification (same facts and rules as evaluateCertification), ' +
      "as steps, cheapest first. Null unless the viewer is the organization's own VENDOR or a Foundation role.",
  })
  async pathToEligibility(
    @Root() org: OrganizationRef,
    @Ctx() ctx: Context,
    @Arg('kind', () => CertificationKindEnum) kind: string,
    @Arg('program', () => String, { nullable: true }) program?: string,
    @Arg('productId', () => ID, { nullable: true }) productId?: string,
    @Arg('asOf', () => Date, { nullable: true }) asOf?: string,
  ) {
    if (!seesPrivateOf(ctx.viewer, org.id)) return null;
    const service = evaluations(ctx);
    const programRow = await service.program(program);
    const path = await service.pathForOrganization({ organizationId: org.id, kind, program, productId, asOf });
    return withCapabilityRefs(ctx, programRow.rulebook.frameworkEdition, path);
  }
}

@Resolver(() => EligibilityPathType)
export class SimulatedPathResolver {
  @Query(() => EligibilityPathType, {
    description: 'The path to eligibility over facts given inline (the same input as simulateCertification). Writes nothing; anyone may ask.',
  })
  async simulatePathToEligibility(@Arg('input', () => SimulateCertificationInput) input: SimulateCertificationInput, @Ctx() ctx: Context) {
    const service = evaluations(ctx);
    const programRow = await service.program(input.program);
    return withCapabilityRefs(ctx, input.edition?.trim() || programRow.rulebook.frameworkEdition, await service.simulatePath(input));
  }
}
