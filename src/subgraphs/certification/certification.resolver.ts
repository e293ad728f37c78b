import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { checkBadge, issueBadge } from '../../badges/badges';
import { seesPrivateOf } from '../../domain/access/policy';
import { awardStatusOn } from '../../domain/badges/open-badge';
import { todayIso } from '../../domain/calendar';
import { allowedActions, type Evaluation, isAwardValidOn, programKinds, type Rulebook } from '../../domain/certification';
import { DomainError } from '../../domain/errors';
import type { Context } from '../../graphql/context';
import { toConnection } from '../../graphql/pagination';
import { frameworkSnapshot } from '../../reference/framework';
import { certificationLoaders } from './certification.loaders';
import { CertificationService } from './certification.service';
import { ApplicationActionEnum, AwardStatusEnum, CertificationKindEnum } from './certification.enums';
import {
  AdvanceApplicationInput,
  CreateApplicationInput,
  RecordActivityInput,
  RecordEvidenceInput,
  RevokeAwardInput,
  SimulateCertificationInput,
  ValidateActivityInput,
  VetEvidenceInput,
} from './certification.inputs';
import {
  AdvanceApplicationPayload,
  CreateApplicationPayload,
  RecordActivityPayload,
  RecordEvidencePayload,
  RevokeAwardPayload,
  ValidateActivityPayload,
  VetEvidencePayload,
} from './certification.payloads';
import { editionRef, FrameworkEditionRef, organizationRef, OrganizationRef, ProductRef, productRef } from './certification.stubs';
import {
  ActivityType,
  ApplicationType,
  AwardConnection,
  AwardType,
  BadgeType,
  BadgeVerificationType,
  CertificationEvaluationType,
  CertificationProgramType,
  EvidenceType,
  InstructorQualificationType,
  ProgramCertificationType,
} from './certification.types';
import type { CertificationApplication } from './entities/certification-application.entity';
import type { CertificationAward } from './entities/certification-award.entity';
import type { EnterpriseActivity } from './entities/enterprise-activity.entity';
import type { Evidence } from './entities/evidence.entity';
import { EvaluationService } from './evaluation.service';

// Resolvers adapt: arguments in, a service call, loaders for every relation. Access rules are the
// services' and policy.ts's; visibility of private lists (drafts, unvetted evidence, evaluations)
// is decided here with seesPrivateOf, so another vendor simply finds nothing.

/** The request's evaluation service (stored and simulated evaluations, paths to eligibility). */
export function evaluations(ctx: Context): EvaluationService {
  return new EvaluationService(ctx.em, certificationLoaders(ctx), () => frameworkSnapshot(ctx));
}

function service(ctx: Context): CertificationService {
  return new CertificationService(ctx.em, certificationLoaders(ctx), evaluations(ctx), () => frameworkSnapshot(ctx), ctx.viewer);
}

async function rulebookById(ctx: Context, id: string): Promise<Rulebook> {
  return (await certificationLoaders(ctx).programs()).byId.get(id)!.rulebook;
}

@Resolver(() => CertificationProgramType)
export class ProgramResolver {
  @Query(() => [CertificationProgramType], { nullable: true, description: 'Every certification program (versioned rulebook), oldest first.' })
  async certificationPrograms(@Ctx() ctx: Context): Promise<Rulebook[]> {
    return (await certificationLoaders(ctx).programs()).all.map((p) => p.rulebook);
  }

  @Query(() => CertificationProgramType, {
    nullable: true,
    description: 'One program by slug; without one, the default program. Unknown slug: NOT_FOUND.',
  })
  async certificationProgram(@Ctx() ctx: Context, @Arg('slug', () => String, { nullable: true }) slug?: string): Promise<Rulebook> {
    return (await evaluations(ctx).program(slug)).rulebook;
  }

  @FieldResolver(() => FrameworkEditionRef, { nullable: true, description: 'The framework edition evaluated unless a caller overrides it.' })
  frameworkEdition(@Root() program: Rulebook): FrameworkEditionRef {
    return editionRef(program.frameworkEdition);
  }

  @FieldResolver(() => [CertificationKindEnum], { description: 'The certification kinds the program has, in its order.' })
  kinds(@Root() program: Rulebook): string[] {
    return programKinds(program);
  }

  @FieldResolver(() => [ProgramCertificationType], { description: 'Each kind with the requirements it lists.' })
  certifications(@Root() program: Rulebook): ProgramCertificationType[] {
    return program.kinds.map((k) => ({
      kind: k.kind,
      name: k.name,
      requirements: k.requirements.map((r) => ({ code: r.code, summary: r.summary, note: r.note })),
    }));
  }
}

@Resolver(() => CertificationEvaluationType)
export class EvaluationResolver {
  @Query(() => CertificationEvaluationType, {
    nullable: true,
    description: 'A what-if: the evaluation over facts given inline (evidence counts as vetted). Writes nothing; anyone may simulate.',
  })
  simulateCertification(@Arg('input', () => SimulateCertificationInput) input: SimulateCertificationInput, @Ctx() ctx: Context): Promise<Evaluation> {
    return evaluations(ctx).simulate(input);
  }

  @FieldResolver(() => CertificationProgramType, { description: 'The program the evaluation used.' })
  async program(@Root() evaluation: Evaluation, @Ctx() ctx: Context): Promise<Rulebook> {
    return (await certificationLoaders(ctx).programs()).bySlug.get(evaluation.program)!.rulebook;
  }

  @FieldResolver(() => FrameworkEditionRef, { nullable: true, description: 'The framework edition evaluated.' })
  edition(@Root() evaluation: Evaluation): FrameworkEditionRef {
    return editionRef(evaluation.edition);
  }
}

@Resolver(() => OrganizationRef)
export class OrganizationCertificationResolver {
  @FieldResolver(() => CertificationEvaluationType, {
    nullable: true,
    description:
      'Evaluates the organization for a certification on asOf (default today) under a program (default: the default program). ' +
      "productId is required for PLATFORM and SPECIALTY_SOLUTION. With asOf, the product's coverage is the coverage at the end of that day (UTC). Null unless the viewer is the organization's own VENDOR or a Foundation role.",
  })
  async evaluateCertification(
    @Root() org: OrganizationRef,
    @Ctx() ctx: Context,
    @Arg('kind', () => CertificationKindEnum) kind: string,
    @Arg('program', () => String, { nullable: true }) program?: string,
    @Arg('productId', () => ID, { nullable: true }) productId?: string,
    @Arg('asOf', () => Date, { nullable: true }) asOf?: string,
    @Arg('edition', () => String, { nullable: true, description: "Overrides the program's framework edition." }) edition?: string,
    @Arg('targetCapabilities', () => [String], {
      nullable: true,
      description: 'SPECIALTY_SOLUTION: default, the targets of the newest application for the product.',
    })
    targetCapabilities?: string[],
  ): Promise<Evaluation | null> {
    if (!seesPrivateOf(ctx.viewer, org.id)) return null;
    return evaluations(ctx).evaluateOrganization({ organizationId: org.id, kind, program, productId, asOf, edition, targetCapabilities });
  }

  @FieldResolver(() => [EvidenceType], {
    nullable: true,
    description: 'Its evidence, newest first; others than itself and Foundation roles see vetted evidence only.',
  })
  async evidence(@Root() org: OrganizationRef, @Ctx() ctx: Context): Promise<Evidence[]> {
    const all = await certificationLoaders(ctx).evidenceByOrganization.load(org.id);
    return seesPrivateOf(ctx.viewer, org.id) ? all : all.filter((e) => e.status === 'VETTED');
  }

  @FieldResolver(() => [ActivityType], { nullable: true, description: 'Its Enterprise activities, newest first; empty for others.' })
  async activities(@Root() org: OrganizationRef, @Ctx() ctx: Context): Promise<EnterpriseActivity[]> {
    if (!seesPrivateOf(ctx.viewer, org.id)) return [];
    return certificationLoaders(ctx).activitiesByOrganization.load(org.id);
  }

  @FieldResolver(() => [ApplicationType], { nullable: true, description: 'Its certification applications, newest first; empty for others.' })
  async applications(@Root() org: OrganizationRef, @Ctx() ctx: Context): Promise<CertificationApplication[]> {
    if (!seesPrivateOf(ctx.viewer, org.id)) return [];
    return certificationLoaders(ctx).applicationsByOrganization.load(org.id);
  }

  @FieldResolver(() => [AwardType], { nullable: true, description: 'Certifications awarded to it (public), newest first, expired ones included.' })
  awards(@Root() org: OrganizationRef, @Ctx() ctx: Context): Promise<CertificationAward[]> {
    return certificationLoaders(ctx).awardsByOrganization.load(org.id);
  }
}

@Resolver(() => EvidenceType)
export class EvidenceResolver {
  @Mutation(() => RecordEvidencePayload, { description: "The organization's VENDOR records evidence; it starts UNVETTED." })
  recordEvidence(@Arg('input', () => RecordEvidenceInput) input: RecordEvidenceInput, @Ctx() ctx: Context) {
    return service(ctx).recordEvidence(input);
  }

  @Mutation(() => VetEvidencePayload, { description: 'A REVIEWER vets (VETTED) or rejects (REJECTED) unvetted evidence; a decision is final.' })
  vetEvidence(@Arg('input', () => VetEvidenceInput) input: VetEvidenceInput, @Ctx() ctx: Context) {
    return service(ctx).vetEvidence(input);
  }

  @FieldResolver(() => OrganizationRef, { nullable: true })
  organization(@Root() evidence: Evidence): OrganizationRef {
    return organizationRef(evidence.organization.id);
  }

  @FieldResolver(() => ProductRef, { nullable: true, description: 'The product it is about; null when about the organization as a whole.' })
  product(@Root() evidence: Evidence) {
    return productRef(evidence.product?.id);
  }
}

@Resolver(() => ActivityType)
export class ActivityResolver {
  @Mutation(() => RecordActivityPayload, { description: "The organization's VENDOR records an Enterprise activity." })
  recordActivity(@Arg('input', () => RecordActivityInput) input: RecordActivityInput, @Ctx() ctx: Context) {
    return service(ctx).recordActivity(input);
  }

  @Mutation(() => ValidateActivityPayload, { description: 'A REVIEWER validates an activity that requires it (INTERNAL_FINOPS_TOOL).' })
  validateActivity(@Arg('input', () => ValidateActivityInput) input: ValidateActivityInput, @Ctx() ctx: Context) {
    return service(ctx).validateActivity(input);
  }

  @FieldResolver(() => OrganizationRef, { nullable: true })
  organization(@Root() activity: EnterpriseActivity): OrganizationRef {
    return organizationRef(activity.organization.id);
  }

  @FieldResolver(() => AwardType, { nullable: true, description: "The other organization's award it names." })
  award(@Root() activity: EnterpriseActivity, @Ctx() ctx: Context) {
    return activity.award ? certificationLoaders(ctx).award.load(activity.award.id) : null;
  }
}

@Resolver(() => ApplicationType)
export class ApplicationResolver {
  @Query(() => ApplicationType, {
    nullable: true,
    description: "One application; null unless the viewer is its organization's VENDOR or a Foundation role.",
  })
  async certificationApplication(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<CertificationApplication | null> {
    const application = await certificationLoaders(ctx).application.load(id);
    return application && seesPrivateOf(ctx.viewer, application.organization.id) ? application : null;
  }

  @Mutation(() => CreateApplicationPayload, {
    description: "The organization's VENDOR applies for a certification; the application starts as a DRAFT.",
  })
  createApplication(@Arg('input', () => CreateApplicationInput) input: CreateApplicationInput, @Ctx() ctx: Context) {
    return service(ctx).createApplication(input);
  }

  @Mutation(() => AdvanceApplicationPayload, {
    description:
      'Moves an application through the workflow: SUBMIT, STAFF_VET, RECORD_LIVE_DEMO, APPROVE (re-evaluates today; refused unless ELIGIBLE; creates the award) or REJECT (with a reason).',
  })
  advanceApplication(@Arg('input', () => AdvanceApplicationInput) input: AdvanceApplicationInput, @Ctx() ctx: Context) {
    return service(ctx).advanceApplication(input);
  }

  @FieldResolver(() => OrganizationRef, { nullable: true })
  organization(@Root() application: CertificationApplication): OrganizationRef {
    return organizationRef(application.organization.id);
  }

  @FieldResolver(() => CertificationProgramType)
  program(@Root() application: CertificationApplication, @Ctx() ctx: Context): Promise<Rulebook> {
    return rulebookById(ctx, application.program.id);
  }

  @FieldResolver(() => FrameworkEditionRef, { nullable: true })
  edition(@Root() application: CertificationApplication): FrameworkEditionRef {
    return editionRef(application.edition);
  }

  @FieldResolver(() => ProductRef, { nullable: true })
  product(@Root() application: CertificationApplication) {
    return productRef(application.product?.id);
  }

  @FieldResolver(() => [ApplicationActionEnum], { description: 'What the workflow allows next (whoever may take it).' })
  allowedActions(@Root() application: CertificationApplication): string[] {
    return Object.keys(allowedActions(application.kind, application.status));
  }

  @FieldResolver(() => CertificationEvaluationType, { nullable: true, description: 'The evaluation approval was decided on.' })
  evaluation(@Root() application: CertificationApplication): Evaluation | null {
    return application.evaluation;
  }

  @FieldResolver(() => AwardType, { nullable: true, description: 'The award its approval created.' })
  award(@Root() application: CertificationApplication, @Ctx() ctx: Context) {
    return application.status === 'APPROVED' ? certificationLoaders(ctx).awardByApplication.load(application.id) : null;
  }
}

@Resolver(() => AwardType)
export class AwardResolver {
  @Query(() => AwardConnection, { nullable: true, description: 'Awarded certifications, newest first (public: what the Landscape shows).' })
  async awards(
    @Ctx() ctx: Context,
    @Arg('kind', () => CertificationKindEnum, { nullable: true }) kind?: string,
    @Arg('validOn', () => Date, { nullable: true, description: 'Only awards valid on this date.' }) validOn?: string,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return toConnection(await service(ctx).awards({ kind, validOn, first, after }));
  }

  @FieldResolver(() => OrganizationRef, { nullable: true })
  organization(@Root() award: CertificationAward): OrganizationRef {
    return organizationRef(award.organization.id);
  }

  @FieldResolver(() => ProductRef, { nullable: true, description: 'The product certified (PLATFORM, SPECIALTY_SOLUTION).' })
  product(@Root() award: CertificationAward) {
    return productRef(award.product?.id);
  }

  @FieldResolver(() => CertificationProgramType)
  program(@Root() award: CertificationAward, @Ctx() ctx: Context): Promise<Rulebook> {
    return rulebookById(ctx, award.program.id);
  }

  @FieldResolver(() => FrameworkEditionRef, { nullable: true })
  edition(@Root() award: CertificationAward): FrameworkEditionRef {
    return editionRef(award.edition);
  }

  @Query(() => AwardType, {
    nullable: true,
    description: 'One award: anyone sees a valid one; a revoked, expired or future one only its organization and Foundation roles (null for others).',
  })
  async award(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<CertificationAward | null> {
    const award = await certificationLoaders(ctx).award.load(id);
    if (!award) return null;
    return isAwardValidOn(award, todayIso()) || seesPrivateOf(ctx.viewer, award.organization.id) ? award : null;
  }

  @Query(() => BadgeVerificationType, {
    description:
      'Checks a badge JWT: signature against the published keys, the dates it states, and revocation. Anyone may ask; a bad token is ' +
      'valid: false with a reason, never an error.',
  })
  async verifyBadge(@Arg('jwt', () => String) jwt: string, @Ctx() ctx: Context) {
    const check = await checkBadge(ctx.em, jwt);
    return { ...check, award: check.award ? await certificationLoaders(ctx).award.load(check.award.id) : null };
  }

  @Mutation(() => RevokeAwardPayload, {
    description:
      'TAC or ADMIN revokes an award, with a reason (audited): from today it is invalid everywhere, leaves the directory, verifies as REVOKED ' +
      'and is set in the status list. Revoking twice is a CONFLICT.',
  })
  revokeAward(@Arg('input', () => RevokeAwardInput) input: RevokeAwardInput, @Ctx() ctx: Context) {
    return service(ctx).revokeAward(input);
  }

  @FieldResolver(() => Boolean, { description: 'Valid on asOf (default today): issued on or before it, not yet expired and not revoked by then.' })
  isValid(@Root() award: CertificationAward, @Arg('asOf', () => Date, { nullable: true }) asOf?: string): boolean {
    return isAwardValidOn(award, asOf ?? todayIso());
  }

  @FieldResolver(() => AwardStatusEnum, { description: 'Where the award stands on asOf (default today).' })
  status(@Root() award: CertificationAward, @Arg('asOf', () => Date, { nullable: true }) asOf?: string): string {
    return awardStatusOn(award, asOf ?? todayIso());
  }

  @FieldResolver(() => Date, { nullable: true, description: 'The day a revocation took effect; null when never revoked.' })
  revokedOn(@Root() award: CertificationAward): string | null {
    return award.revokedOn;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Why it was revoked; null for others than its organization and Foundation roles.' })
  revocationReason(@Root() award: CertificationAward, @Ctx() ctx: Context): string | null {
    return seesPrivateOf(ctx.viewer, award.organization.id) ? award.revocationReason : null;
  }

  @FieldResolver(() => BadgeType, { description: 'The award as a signed, verifiable Open Badges 3.0 credential.' })
  async badge(@Root() award: CertificationAward, @Ctx() ctx: Context) {
    const facts = await certificationLoaders(ctx).awardFacts.load(award.id);
    if (!facts) throw new DomainError('NOT_FOUND', `No award with id "${award.id}"`);
    return issueBadge(facts);
  }

  @FieldResolver(() => CertificationEvaluationType, {
    nullable: true,
    description: 'The evaluation the award was decided on; null unless the viewer is the organization or a Foundation role.',
  })
  async evaluation(@Root() award: CertificationAward, @Ctx() ctx: Context): Promise<Evaluation | null> {
    if (!seesPrivateOf(ctx.viewer, award.organization.id)) return null;
    return (await certificationLoaders(ctx).application.load(award.application.id))?.evaluation ?? null;
  }
}

@Resolver(() => InstructorQualificationType)
export class InstructorQualificationResolver {
  @Query(() => InstructorQualificationType, {
    nullable: true,
    description:
      'Checks a person against the Certified Instructor requirements (program 2023) on asOf (default today), listing every one missing. ' +
      "Visible to the person's organization and Foundation roles (others: NOT_FOUND).",
  })
  instructorQualification(
    @Arg('personId', () => ID) personId: string,
    @Ctx() ctx: Context,
    @Arg('asOf', () => Date, { nullable: true }) asOf?: string,
  ) {
    return service(ctx).instructorQualification(personId, asOf);
  }
}

// The gateway sends Organization representations to add certification fields: the id is all they
// need, so no statement is spent resolving them (the fields batch through loaders).
export const certificationReferenceResolvers = {
  Organization: { __resolveReference: (ref: { id: string }) => organizationRef(ref.id) },
};
