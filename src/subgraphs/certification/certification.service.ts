import type { EntityManager } from '@mikro-orm/postgresql';
import { assertRole, assertWritesFor, seesPrivateOf } from '../../domain/access/policy';
import type { Viewer } from '../../domain/access/roles';
import {
  type ApplicationAction,
  assertApprovable,
  assertIsoDate,
  AWARD_ACTIVITY_KINDS,
  awardExpiry,
  type CertificationKind,
  checkInstructorQualification,
  ENTERPRISE_ACTIVITY_CODES,
  EVIDENCE_CODES,
  type InstructorQualification,
  isAwardValidOn,
  isEnterpriseActivityCode,
  isEvidenceCode,
  kindRules,
  nextStatus,
  PRODUCT_KINDS,
  requireRejectionReason,
  type Rulebook,
} from '../../domain/certification';
import { DomainError, type UserErrorData, userError } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import { checkLength, checkUrl, MAX_TEXT_LENGTH } from '../../domain/input-checks';
import { type MutationSteps, runMutation } from '../../services/run-mutation';
import { CURSORS, decodeCursor, encodeCursor, type Page, pageSize, toPage } from '../../graphql/pagination';
import { todayIso } from '../../domain/calendar';
import type { FrameworkSnapshot } from '../../reference/framework';
import type { CertificationLoaders } from './certification.loaders';
import { countOpenApplications, pageAwards, selectInstructorFacts, selectOwner } from './certification.repository';
import type {
  AdvanceApplicationInput,
  CreateApplicationInput,
  RecordActivityInput,
  RecordEvidenceInput,
  RevokeAwardInput,
  ValidateActivityInput,
  VetEvidenceInput,
} from './certification.inputs';
import { CertificationApplication } from './entities/certification-application.entity';
import { CertificationAward } from './entities/certification-award.entity';
import { EnterpriseActivity } from './entities/enterprise-activity.entity';
import { Evidence } from './entities/evidence.entity';
import { capabilitySlugsIn, type EvaluationService } from './evaluation.service';

const MAX_REVOCATION_REASON_LENGTH = 2000;

type Result<K extends string, T> = { errors: UserErrorData[] } & { [key in K]: T | null };

function checkVersion(expected: number | null | undefined, actual: number, what: string): void {
  if (expected !== null && expected !== undefined && expected !== actual) {
    throw new DomainError('CONFLICT', `The ${what} is at version ${actual}, not ${expected}: it changed since you read it`, 'expectedVersion');
  }
}

/** Evidence, Enterprise activities, applications and awards: access, the rules that need the DB, then writes. */
export class CertificationService {
  constructor(
    private readonly em: EntityManager,
    private readonly loaders: CertificationLoaders,
    private readonly evaluations: EvaluationService,
    private readonly framework: () => Promise<FrameworkSnapshot>,
    private readonly viewer: Viewer | null,
  ) {}

  // ---------------------------------------------------------------------------------- shared checks

  /** The organization exists, and the product (when named) is one of its products: one statement. */
  private async ownerChecks(organizationId: string, productId: string | null | undefined, errors: UserErrorData[]): Promise<void> {
    const row = await selectOwner(this.em, organizationId, productId && isUuid(productId) ? productId : null);
    if (!row.orgExists) errors.push(userError('NOT_FOUND', `No organization with id "${organizationId}"`, 'input.organizationId'));
    if (productId && row.productOrg !== organizationId) {
      errors.push(userError('NOT_FOUND', `"${productId}" is not a product of this organization`, 'input.productId'));
    }
  }

  /** Runs one of this subgraph's mutations through the one mutation path (src/services/run-mutation.ts). */
  private mutate<R extends { errors: UserErrorData[] }, P>(steps: Omit<MutationSteps<R, P>, 'subgraph'>): Promise<R> {
    return runMutation(this.em, this.viewer, { ...steps, subgraph: 'certification' });
  }

  private actor(): string {
    return this.viewer?.id ?? 'anonymous';
  }

  // ---------------------------------------------------------------------------------- evidence

  recordEvidence(input: RecordEvidenceInput): Promise<Result<'evidence', Evidence>> {
    return this.mutate({
      failed: (errors) => ({ evidence: null, errors }),
      authorize: () =>
        assertWritesFor(
          this.viewer,
          input.organizationId,
          "record evidence for another organization (a VENDOR records its own organization's evidence)",
        ),
      validate: async (errors) => {
        const code = input.code.trim();
        if (!isEvidenceCode(code))
          errors.push(userError('UNKNOWN_CODE', `Unknown evidence code "${code}"; allowed: ${EVIDENCE_CODES.join(', ')}`, 'input.code'));
        const url = checkUrl(input.url, 'input.url', errors, { required: true }) ?? '';
        await this.ownerChecks(input.organizationId, input.productId, errors);
        return { code, url };
      },
      write: async (tx, { code, url }) => {
        const evidence = tx.create(Evidence, {
          organization: input.organizationId,
          product: input.productId ?? null,
          code,
          url,
          date: input.date,
          recordedBy: this.actor(),
        });
        const after = { organizationId: input.organizationId, productId: input.productId ?? null, code, url, date: input.date };
        return { payload: { evidence, errors: [] }, audit: [{ objectType: 'Evidence', objectId: evidence.id, action: 'CREATE', after }] };
      },
    });
  }

  vetEvidence(input: VetEvidenceInput): Promise<Result<'evidence', Evidence>> {
    return this.mutate({
      failed: (errors) => ({ evidence: null, errors }),
      authorize: () => assertRole(this.viewer, ['REVIEWER'], 'vet evidence'),
      validate: async (errors) => {
        const note = checkLength(input.note, MAX_TEXT_LENGTH, 'input.note', errors, 'The note');
        const evidence = isUuid(input.evidenceId) ? await this.loaders.evidence.load(input.evidenceId) : null;
        if (!evidence) errors.push(userError('NOT_FOUND', `No evidence with id "${input.evidenceId}"`, 'input.evidenceId'));
        if (errors.length || !evidence) return undefined;
        checkVersion(input.expectedVersion, evidence.version, 'evidence');
        if (evidence.status !== 'UNVETTED') {
          throw new DomainError(
            'CONFLICT',
            `The evidence is already ${evidence.status} (by ${evidence.vettedBy ?? 'a reviewer'}); a decision is final`,
            'evidenceId',
          );
        }
        return { evidence, note };
      },
      write: async (_tx, { evidence, note }) => {
        evidence.status = input.decision;
        evidence.note = note;
        evidence.vettedBy = this.actor();
        evidence.vettedAt = new Date();
        return {
          payload: { evidence, errors: [] },
          audit: [
            {
              objectType: 'Evidence',
              objectId: evidence.id,
              action: `VET_${input.decision}`,
              before: { status: 'UNVETTED' },
              after: { status: input.decision, note },
              reason: note,
            },
          ],
        };
      },
    });
  }

  // ---------------------------------------------------------------------------------- Enterprise activities

  /** How each program's points tables treat a code: counted from credentials, or waiting for validation. */
  private async activityRules(code: string): Promise<{ fromCredentials: boolean; requiresValidation: boolean }> {
    const rulebooks = (await this.loaders.programs()).all.map((p) => p.rulebook);
    const rows = rulebooks.flatMap((r: Rulebook) =>
      r.pointsTables.flatMap((t) => t.categories.flatMap((c) => c.activities.filter((a) => a.code === code))),
    );
    return {
      fromCredentials: rows.length > 0 && rows.every((a) => a.counting === 'PER_PERSON_WITH_CREDENTIAL'),
      requiresValidation: rows.some((a) => a.requiresValidation),
    };
  }

  recordActivity(input: RecordActivityInput): Promise<Result<'activity', EnterpriseActivity>> {
    return this.mutate({
      failed: (errors) => ({ activity: null, errors }),
      authorize: () =>
        assertWritesFor(
          this.viewer,
          input.organizationId,
          "record activities for another organization (a VENDOR records its own organization's activities)",
        ),
      validate: async (errors) => {
        const code = input.code.trim();
        const note = checkLength(input.note, MAX_TEXT_LENGTH, 'input.note', errors, 'The note');
        const rules = await this.activityRules(code);
        if (!isEnterpriseActivityCode(code)) {
          errors.push(userError('UNKNOWN_CODE', `Unknown activity code "${code}"; allowed: ${ENTERPRISE_ACTIVITY_CODES.join(', ')}`, 'input.code'));
        } else if (rules.fromCredentials) {
          errors.push(
            userError(
              'NOT_RECORDABLE',
              `${code} points are counted from people's credentials; record the credential on the person instead`,
              'input.code',
            ),
          );
        }
        let awardId: string | null = null;
        if (input.awardId) {
          const kinds = AWARD_ACTIVITY_KINDS[code];
          const award = isUuid(input.awardId) ? await this.loaders.award.load(input.awardId) : null;
          if (!kinds) {
            errors.push(userError('AWARD_NOT_APPLICABLE', `Only ${Object.keys(AWARD_ACTIVITY_KINDS).join(' and ')} name an award`, 'input.awardId'));
          } else if (!award) {
            errors.push(userError('NOT_FOUND', `No award with id "${input.awardId}"`, 'input.awardId'));
          } else if (award.organization.id === input.organizationId) {
            errors.push(userError('OWN_AWARD', `${code} names another organization's award, not the organization's own`, 'input.awardId'));
          } else if (!kinds.includes(award.kind)) {
            errors.push(userError('AWARD_KIND_MISMATCH', `${code} needs a ${kinds.join(' or ')} award; this one is ${award.kind}`, 'input.awardId'));
          } else if (!isAwardValidOn(award, input.date)) {
            errors.push(
              userError(
                'AWARD_NOT_VALID',
                `The award is valid from ${award.issuedOn} until the day before ${award.expiresOn}, not on ${input.date}`,
                'input.awardId',
              ),
            );
          } else {
            awardId = award.id;
          }
        }
        await this.ownerChecks(input.organizationId, null, errors);
        return { code, note, awardId, requiresValidation: rules.requiresValidation };
      },
      write: async (tx, { code, note, awardId, requiresValidation }) => {
        const activity = tx.create(EnterpriseActivity, {
          organization: input.organizationId,
          code,
          date: input.date,
          note,
          award: awardId,
          // An internal tool "requires validation": it counts only once a reviewer confirms it.
          validated: !requiresValidation,
          recordedBy: this.actor(),
        });
        const after = { organizationId: input.organizationId, code, date: input.date, awardId, validated: activity.validated };
        return { payload: { activity, errors: [] }, audit: [{ objectType: 'EnterpriseActivity', objectId: activity.id, action: 'CREATE', after }] };
      },
    });
  }

  validateActivity(input: ValidateActivityInput): Promise<Result<'activity', EnterpriseActivity>> {
    return this.mutate({
      failed: (errors) => ({ activity: null, errors }),
      authorize: () => assertRole(this.viewer, ['REVIEWER'], 'validate activities'),
      validate: async (errors) => {
        const activity = isUuid(input.activityId) ? await this.loaders.activity.load(input.activityId) : null;
        if (!activity) {
          errors.push(userError('NOT_FOUND', `No activity with id "${input.activityId}"`, 'input.activityId'));
          return undefined;
        }
        checkVersion(input.expectedVersion, activity.version, 'activity');
        if (activity.validated) {
          const why = activity.validatedBy ? `already validated by ${activity.validatedBy}` : `a ${activity.code} activity needs no validation`;
          throw new DomainError('CONFLICT', `Nothing to validate: ${why}`, 'activityId');
        }
        return activity;
      },
      write: async (_tx, activity) => {
        activity.validated = true;
        activity.validatedBy = this.actor();
        activity.validatedAt = new Date();
        return {
          payload: { activity, errors: [] },
          audit: [
            { objectType: 'EnterpriseActivity', objectId: activity.id, action: 'VALIDATE', before: { validated: false }, after: { validated: true } },
          ],
        };
      },
    });
  }

  // ---------------------------------------------------------------------------------- applications

  createApplication(input: CreateApplicationInput): Promise<Result<'application', CertificationApplication>> {
    return this.mutate({
      failed: (errors) => ({ application: null, errors }),
      authorize: () =>
        assertWritesFor(this.viewer, input.organizationId, 'apply for another organization (a VENDOR applies for its own organization)'),
      validate: async (errors) => {
        const program = await this.evaluations.program(input.program);
        const kind = input.kind as CertificationKind;
        kindRules(program.rulebook, kind);
        const isProductKind = PRODUCT_KINDS.includes(kind);
        if (isProductKind && !input.productId)
          errors.push(userError('PRODUCT_REQUIRED', `A ${kind} application names the product applied for`, 'input.productId'));
        if (!isProductKind && input.productId) {
          errors.push(
            userError('PRODUCT_NOT_APPLICABLE', `A ${kind} application is about the whole organization; leave productId out`, 'input.productId'),
          );
        }
        let targets: string[] = [];
        if (kind === 'SPECIALTY_SOLUTION') {
          const framework = await this.framework();
          const edition = framework.editionBySlug.get(program.rulebook.frameworkEdition);
          if (!edition) throw new DomainError('NOT_FOUND', `Framework edition ${program.rulebook.frameworkEdition} is not loaded`);
          try {
            targets = capabilitySlugsIn(framework, edition, input.targetCapabilities ?? [], 'targetCapabilities');
          } catch (err) {
            if (!(err instanceof DomainError)) throw err;
            errors.push(userError('UNKNOWN_CAPABILITY', err.message, 'input.targetCapabilities'));
          }
          if (!input.targetCapabilities?.length) {
            errors.push(
              userError('TARGETS_REQUIRED', 'A SPECIALTY_SOLUTION application declares at least one target capability', 'input.targetCapabilities'),
            );
          }
        } else if (input.targetCapabilities?.length) {
          errors.push(
            userError('TARGETS_NOT_APPLICABLE', 'Only a SPECIALTY_SOLUTION application declares target capabilities', 'input.targetCapabilities'),
          );
        }
        await this.ownerChecks(input.organizationId, input.productId, errors);
        // One open application per organization, kind, program and product: a second would race the first.
        if (
          !errors.length &&
          (await countOpenApplications(this.em, {
            organizationId: input.organizationId,
            kind,
            programId: program.id,
            productId: input.productId ?? null,
          }))
        ) {
          errors.push(
            userError('DUPLICATE_APPLICATION', `An open ${kind} application under program ${program.slug} already exists for it`, 'input.kind'),
          );
        }
        return { program, kind, targets };
      },
      write: async (tx, { program, kind, targets }) => {
        const application = tx.create(CertificationApplication, {
          organization: input.organizationId,
          program: program.id,
          kind,
          edition: program.rulebook.frameworkEdition,
          product: input.productId ?? null,
          targetCapabilities: targets,
          createdBy: this.actor(),
        });
        const after = {
          organizationId: input.organizationId,
          kind,
          program: program.slug,
          productId: input.productId ?? null,
          targetCapabilities: targets,
        };
        return {
          payload: { application, errors: [] },
          audit: [{ objectType: 'CertificationApplication', objectId: application.id, action: 'CREATE', after }],
        };
      },
    });
  }

  /** Who may take each action (policy.ts decides the roles; the workflow decides the order). */
  private assertMayAct(action: ApplicationAction, organizationId: string): void {
    switch (action) {
      case 'SUBMIT':
        return assertWritesFor(this.viewer, organizationId, 'submit this application (only its own VENDOR submits it)');
      case 'STAFF_VET':
      case 'RECORD_LIVE_DEMO':
        return assertRole(this.viewer, ['REVIEWER'], `${action} an application (Foundation staff, REVIEWER)`);
      case 'APPROVE':
        return assertRole(this.viewer, ['TAC'], 'approve an application (the Technical Advisory Council decides)');
      case 'REJECT':
        return assertRole(this.viewer, ['TAC', 'REVIEWER'], 'reject an application');
    }
  }

  advanceApplication(
    input: AdvanceApplicationInput,
  ): Promise<{ application: CertificationApplication | null; award: CertificationAward | null; errors: UserErrorData[] }> {
    return this.mutate({
      failed: (errors) => ({ application: null, award: null, errors }),
      authorize: () => {
        if (!this.viewer) throw new DomainError('UNAUTHENTICATED', 'Sign in to advance an application');
      },
      validate: async (errors) => {
        const application = isUuid(input.applicationId) ? await this.loaders.application.load(input.applicationId) : null;
        // Another vendor's application is reported exactly like an unknown one.
        if (!application || !seesPrivateOf(this.viewer, application.organization.id)) {
          errors.push(userError('NOT_FOUND', `No application with id "${input.applicationId}"`, 'input.applicationId'));
          return undefined;
        }
        const action = input.action as ApplicationAction;
        this.assertMayAct(action, application.organization.id);
        checkVersion(input.expectedVersion, application.version, 'application');
        const next = nextStatus(application.kind, application.status, action);
        const rejectionReason = action === 'REJECT' ? requireRejectionReason(input.reason) : null;
        if (action !== 'APPROVE') return { application, action, next, rejectionReason, approval: null };
        // Approval re-evaluates today, on the facts as they stand, and keeps that evaluation.
        const issuedOn = todayIso();
        const program = (await this.loaders.programs()).byId.get(application.program.id)!;
        const evaluation = await this.evaluations.evaluateOrganization({
          organizationId: application.organization.id,
          kind: application.kind,
          program: program.slug,
          productId: application.product?.id ?? null,
          asOf: issuedOn,
          edition: application.edition,
          targetCapabilities: application.kind === 'SPECIALTY_SOLUTION' ? application.targetCapabilities : null,
        });
        assertApprovable(application.kind, evaluation);
        return { application, action, next, rejectionReason, approval: { issuedOn, program, evaluation } };
      },
      write: async (tx, { application, action, next, rejectionReason, approval }) => {
        const before = { status: application.status, version: application.version };
        const now = new Date();
        if (rejectionReason !== null) application.rejectionReason = rejectionReason;
        if (action === 'SUBMIT') application.submittedAt = now;
        let award: CertificationAward | null = null;
        if (approval) {
          application.evaluation = approval.evaluation;
          award = tx.create(CertificationAward, {
            organization: application.organization.id,
            kind: application.kind,
            program: approval.program.id,
            edition: approval.evaluation.edition,
            product: application.product?.id ?? null,
            issuedOn: approval.issuedOn,
            expiresOn: awardExpiry(approval.issuedOn, approval.program.rulebook.awardValidityMonths),
            application: application.id,
          });
        }
        if (action === 'APPROVE' || action === 'REJECT') {
          application.decidedAt = now;
          application.decidedBy = this.actor();
        }
        application.status = next;
        return {
          payload: { application, award, errors: [] },
          audit: [
            {
              objectType: 'CertificationApplication',
              objectId: application.id,
              action,
              before,
              after: { status: next },
              reason: input.reason ?? null,
            },
            ...(award
              ? [
                  {
                    objectType: 'CertificationAward',
                    objectId: award.id,
                    action: 'ISSUE',
                    after: { kind: award.kind, issuedOn: award.issuedOn, expiresOn: award.expiresOn, applicationId: application.id },
                  },
                ]
              : []),
          ],
        };
      },
    });
  }

  // ---------------------------------------------------------------------------------- awards

  /** Public: awards by issue date (newest first), optionally of one kind and valid on a date. */
  async awards(args: {
    kind?: string | null;
    validOn?: string | null;
    first?: number | null;
    after?: string | null;
  }): Promise<Page<CertificationAward>> {
    const first = pageSize(args.first);
    const after = decodeCursor(args.after, CURSORS.dateId);
    const validOn = args.validOn ? assertIsoDate(args.validOn, 'validOn') : null;
    const { total, rows } = await pageAwards(this.em, { kind: args.kind ?? null, validOn, after, limit: first + 1 });
    return toPage(rows, first, (a) => encodeCursor([a.issuedOn, a.id]), total, after !== null);
  }

  /**
   * TAC or ADMIN revokes an award: from today it is invalid everywhere (isValid, the directory, badge
   * verification, the status list). A missing or too long reason and an unknown award are payload
   * errors; revoking twice is a CONFLICT. The write is one conditional UPDATE, so of concurrent
   * revocations exactly one is recorded (with its audit event).
   */
  revokeAward(input: RevokeAwardInput): Promise<Result<'award', CertificationAward>> {
    return this.mutate({
      failed: (errors) => ({ award: null, errors }),
      authorize: () => assertRole(this.viewer, ['TAC', 'ADMIN'], 'revoke an award (the TAC or an ADMIN does)'),
      validate: async (errors) => {
        const reason = checkLength(input.reason, MAX_REVOCATION_REASON_LENGTH, 'input.reason', errors, 'The reason');
        if (!reason) errors.push(userError('REASON_REQUIRED', 'Say why the award is revoked', 'input.reason'));
        const award = isUuid(input.awardId) ? await this.loaders.award.load(input.awardId) : null;
        if (!award) errors.push(userError('NOT_FOUND', `No award with id "${input.awardId}"`, 'input.awardId'));
        else if (award.revokedAt) throw new DomainError('CONFLICT', `The award was already revoked on ${award.revokedOn}`, 'awardId');
        return award && reason ? { award, reason } : undefined;
      },
      write: async (tx, { award, reason }) => {
        const now = new Date();
        const revokedOn = now.toISOString().slice(0, 10);
        const changes = { revokedAt: now, revokedOn, revokedBy: this.actor(), revocationReason: reason };
        const changed = await tx.nativeUpdate(CertificationAward, { id: award.id, revokedAt: null }, changes);
        if (changed === 0) throw new DomainError('CONFLICT', 'The award was revoked by someone else meanwhile', 'awardId');
        Object.assign(award, changes);
        return {
          payload: { award, errors: [] },
          audit: [
            {
              objectType: 'CertificationAward',
              objectId: award.id,
              action: 'REVOKE',
              before: { revokedOn: null },
              after: { revokedOn, statusListIndex: award.statusListIndex },
              reason,
            },
          ],
        };
      },
    });
  }

  // ---------------------------------------------------------------------------------- instructors

  /** Visible like the person: to the person's own organization and Foundation roles; others get NOT_FOUND. */
  async instructorQualification(personId: string, asOf: string | null | undefined): Promise<InstructorQualification & { asOf: string }> {
    const date = asOf ? assertIsoDate(asOf, 'asOf') : todayIso();
    const facts = isUuid(personId) ? await selectInstructorFacts(this.em, personId, date) : null;
    if (!facts || !seesPrivateOf(this.viewer, facts.organizationId))
      throw new DomainError('NOT_FOUND', `No person with id "${personId}"`, 'personId');
    return {
      ...checkInstructorQualification({
        asOf: date,
        communityParticipant: facts.communityParticipant,
        finopsExperienceMonths: facts.finopsExperienceMonths,
        publicSpeaking: facts.publicSpeaking,
        employerIsCertifiedTrainingPartner: facts.employerIsCertifiedTrainingPartner,
        credentials: facts.credentials,
      }),
      asOf: date,
    };
  }
}
