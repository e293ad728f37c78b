import type { CredentialKind } from '../membership/membership';
import type { CredentialFact, PersonFact } from './evaluation-types';

// "As of" is the one notion of time every rule shares: an evaluation is a snapshot on a date, so
// that an award can be re-checked later against the facts as they stood when it was decided.

/** Awarded on or before asOf and not yet expired on it (expiresOn is exclusive). */
export function isCredentialValid(credential: CredentialFact, asOf: string): boolean {
  return credential.awardedOn <= asOf && (credential.expiresOn === null || asOf < credential.expiresOn);
}

/** Employed on asOf; employedUntil is the inclusive last day, so someone leaving today still counts. */
export function isEmployedOn(person: PersonFact, asOf: string): boolean {
  return (person.employedFrom === null || person.employedFrom <= asOf) && (person.employedUntil === null || asOf <= person.employedUntil);
}

/**
 * The people the rules count: employed on asOf, each reduced to the set of credential kinds they
 * hold validly on that date. A set, because a renewed credential recorded twice is still one.
 */
export function countedPeople(people: PersonFact[], asOf: string): Set<CredentialKind>[] {
  return people
    .filter((person) => isEmployedOn(person, asOf))
    .map((person) => new Set(person.credentials.filter((c) => isCredentialValid(c, asOf)).map((c) => c.kind)));
}
