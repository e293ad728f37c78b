// Vocabulary of organizations and people, shared by every subgraph that talks about them.

export const MEMBERSHIP_LEVELS = ['PREMIER', 'GENERAL'] as const;
export type MembershipLevel = (typeof MEMBERSHIP_LEVELS)[number];

export const CREDENTIAL_KINDS = [
  'PRACTITIONER',
  'PROFESSIONAL',
  'ENGINEER',
  'FOCUS_ANALYST',
  'INSTRUCTOR',
  'PERSONA_TRAINING',
  'MEETUP_ORGANIZER',
  'CLOUD_PROVIDER_PRACTITIONER',
] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** The size that sets the headcount tier: the parent's employee count when there is a parent. */
export function companySize(org: { employeeCount: number; parentEmployeeCount?: number | null }): number {
  return org.parentEmployeeCount ?? org.employeeCount;
}
