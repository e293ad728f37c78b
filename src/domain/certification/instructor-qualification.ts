import { DomainError } from '../errors';
import type { CredentialKind } from '../membership/membership';
import { isCredentialValid } from './as-of';
import { assertIsoDate } from './dates';
import type { CredentialFact } from './evaluation-types';

// The 2023 page lists what a FinOps Certified Instructor must meet; the product records an
// INSTRUCTOR credential only for someone who meets all of it. Each item has a stable code so a
// client can show a checklist, and the answer lists every missing item at once rather than the
// first, because an applicant fixes them in parallel.

export const INSTRUCTOR_REQUIREMENT_CODES = [
  'COMMUNITY_PARTICIPANT',
  'FINOPS_EXPERIENCE_12_MONTHS',
  'VALID_PRACTITIONER',
  'VALID_PROFESSIONAL',
  'CLOUD_PROVIDER_PRACTITIONER',
  'PUBLIC_SPEAKING_OR_ADVOCACY',
  'EMPLOYED_BY_CERTIFIED_TRAINING_PARTNER',
] as const;
export type InstructorRequirementCode = (typeof INSTRUCTOR_REQUIREMENT_CODES)[number];

/** Months of FinOps or related experience required. */
export const INSTRUCTOR_MIN_EXPERIENCE_MONTHS = 12;

export interface InstructorQualificationInput {
  asOf: string;
  communityParticipant: boolean;
  /** null: not stated, which cannot show the minimum. */
  finopsExperienceMonths: number | null;
  publicSpeaking: boolean;
  employerIsCertifiedTrainingPartner: boolean;
  credentials: CredentialFact[];
}

export interface InstructorQualification {
  qualified: boolean;
  missing: { code: InstructorRequirementCode; explanation: string }[];
}

export function checkInstructorQualification(input: InstructorQualificationInput): InstructorQualification {
  const asOf = assertIsoDate(input.asOf, 'asOf');
  const months = input.finopsExperienceMonths;
  if (months !== null && (!Number.isFinite(months) || months < 0)) {
    throw new DomainError('BAD_USER_INPUT', `finopsExperienceMonths must be zero or more; got ${months}`, 'finopsExperienceMonths');
  }
  input.credentials.forEach((c, i) => {
    assertIsoDate(c.awardedOn, `credentials[${i}].awardedOn`);
    if (c.expiresOn !== null) assertIsoDate(c.expiresOn, `credentials[${i}].expiresOn`);
  });
  const holds = (kind: CredentialKind) => input.credentials.some((c) => c.kind === kind && isCredentialValid(c, asOf));
  // Distinguishes "never had it" from "had it, but not valid on asOf" for the explanation.
  const lapsed = (kind: CredentialKind) => input.credentials.some((c) => c.kind === kind) && !holds(kind);
  const credentialText = (kind: CredentialKind, name: string) =>
    lapsed(kind) ? `The ${name} credential on record is not valid on ${asOf} (expired or not yet awarded).` : `No ${name} credential on record.`;

  const missing: InstructorQualification['missing'] = [];
  if (!input.communityParticipant) {
    missing.push({ code: 'COMMUNITY_PARTICIPANT', explanation: 'Must be an individual community participant of the FinOps Foundation.' });
  }
  if (months === null || months < INSTRUCTOR_MIN_EXPERIENCE_MONTHS) {
    missing.push({
      code: 'FINOPS_EXPERIENCE_12_MONTHS',
      explanation:
        months === null
          ? `Needs at least ${INSTRUCTOR_MIN_EXPERIENCE_MONTHS} months of FinOps or related experience; none was stated.`
          : `Needs at least ${INSTRUCTOR_MIN_EXPERIENCE_MONTHS} months of FinOps or related experience; has ${months}.`,
    });
  }
  if (!holds('PRACTITIONER')) {
    missing.push({
      code: 'VALID_PRACTITIONER',
      explanation: `Must hold a valid FinOps Certified Practitioner. ${credentialText('PRACTITIONER', 'Practitioner')}`,
    });
  }
  if (!holds('PROFESSIONAL')) {
    missing.push({
      code: 'VALID_PROFESSIONAL',
      explanation: `Must hold a valid FinOps Certified Professional. ${credentialText('PROFESSIONAL', 'Professional')}`,
    });
  }
  if (!holds('CLOUD_PROVIDER_PRACTITIONER')) {
    missing.push({
      code: 'CLOUD_PROVIDER_PRACTITIONER',
      explanation: `Must hold at least one practitioner-level certification from a major cloud provider. ${credentialText('CLOUD_PROVIDER_PRACTITIONER', 'cloud-provider practitioner')}`,
    });
  }
  if (!input.publicSpeaking) {
    missing.push({ code: 'PUBLIC_SPEAKING_OR_ADVOCACY', explanation: 'Needs public speaking or advocacy experience in FinOps-related areas.' });
  }
  if (!input.employerIsCertifiedTrainingPartner) {
    missing.push({ code: 'EMPLOYED_BY_CERTIFIED_TRAINING_PARTNER', explanation: 'Must be employed by a FinOps Certified Training Partner.' });
  }
  return { qualified: missing.length === 0, missing };
}
