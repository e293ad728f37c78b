import { describe, expect, it } from 'vitest';
import {
  INSTRUCTOR_REQUIREMENT_CODES,
  checkInstructorQualification,
  type InstructorQualificationInput,
} from '../../../src/domain/certification/instructor-qualification';
import { DomainError } from '../../../src/domain/errors';
import { AS_OF, credential } from './fixtures';

const qualified: InstructorQualificationInput = {
  asOf: AS_OF,
  communityParticipant: true,
  finopsExperienceMonths: 12,
  publicSpeaking: true,
  employerIsCertifiedTrainingPartner: true,
  credentials: [credential('PRACTITIONER'), credential('PROFESSIONAL'), credential('CLOUD_PROVIDER_PRACTITIONER')],
};
const without = (kind: string) => qualified.credentials.filter((c) => c.kind !== kind);

describe('Certified Instructor qualification: all seven items', () => {
  it('someone meeting everything qualifies', () => {
    expect(checkInstructorQualification(qualified)).toEqual({ qualified: true, missing: [] });
  });

  it.each([
    ['COMMUNITY_PARTICIPANT', { communityParticipant: false }],
    ['FINOPS_EXPERIENCE_12_MONTHS', { finopsExperienceMonths: 11 }],
    ['FINOPS_EXPERIENCE_12_MONTHS', { finopsExperienceMonths: null }],
    ['VALID_PRACTITIONER', { credentials: without('PRACTITIONER') }],
    ['VALID_PRACTITIONER', { credentials: [...without('PRACTITIONER'), credential('PRACTITIONER', '2023-01-01', AS_OF)] }],
    ['VALID_PROFESSIONAL', { credentials: without('PROFESSIONAL') }],
    ['VALID_PROFESSIONAL', { credentials: [...without('PROFESSIONAL'), credential('PROFESSIONAL', '2025-07-01')] }],
    ['CLOUD_PROVIDER_PRACTITIONER', { credentials: without('CLOUD_PROVIDER_PRACTITIONER') }],
    ['PUBLIC_SPEAKING_OR_ADVOCACY', { publicSpeaking: false }],
    ['EMPLOYED_BY_CERTIFIED_TRAINING_PARTNER', { employerIsCertifiedTrainingPartner: false }],
  ] as [string, Partial<InstructorQualificationInput>][])('missing %s alone', (code, change) => {
    const result = checkInstructorQualification({ ...qualified, ...change });
    expect(result.qualified).toBe(false);
    expect(result.missing.map((m) => m.code)).toEqual([code]);
    expect(result.missing[0]?.explanation.length).toBeGreaterThan(10);
  });

  it('exactly 12 months of experience is enough; more is too', () => {
    expect(checkInstructorQualification({ ...qualified, finopsExperienceMonths: 12 }).qualified).toBe(true);
    expect(checkInstructorQualification({ ...qualified, finopsExperienceMonths: 40 }).qualified).toBe(true);
  });

  it('lists every missing item at once, in a stable order', () => {
    const result = checkInstructorQualification({
      asOf: AS_OF,
      communityParticipant: false,
      finopsExperienceMonths: null,
      publicSpeaking: false,
      employerIsCertifiedTrainingPartner: false,
      credentials: [],
    });
    expect(result.missing.map((m) => m.code)).toEqual([...INSTRUCTOR_REQUIREMENT_CODES]);
  });

  it('tells an expired credential from a missing one', () => {
    const lapsed = checkInstructorQualification({
      ...qualified,
      credentials: [...without('PROFESSIONAL'), credential('PROFESSIONAL', '2022-01-01', '2024-01-01')],
    });
    expect(lapsed.missing[0]?.explanation).toContain('not valid on 2025-06-30');
    const none = checkInstructorQualification({ ...qualified, credentials: without('PROFESSIONAL') });
    expect(none.missing[0]?.explanation).toContain('No Professional credential on record');
  });

  it('refuses a malformed date or negative experience', () => {
    expect(() => checkInstructorQualification({ ...qualified, asOf: '2025-6-30' })).toThrow(DomainError);
    expect(() => checkInstructorQualification({ ...qualified, finopsExperienceMonths: -1 })).toThrow(/finopsExperienceMonths/);
  });
});
