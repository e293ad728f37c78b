import type { CredentialKind } from '../membership/membership';
import { PRACTITIONER_EQUIVALENT } from './vocabulary';

// Wording helpers shared by the explanations. Explanations are read by applicants and reviewers,
// so numbers get thousands separators and nouns agree with their counts; this is done by hand
// rather than with Intl so the text never depends on the runtime's ICU data.

export function formatNumber(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(n)} ${n === 1 ? singular : pluralForm}`;
}

/** "a", "a and b", "a, b and c". */
export function joinWords(words: string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

const CREDENTIAL_NAMES: Record<CredentialKind | typeof PRACTITIONER_EQUIVALENT, string> = {
  PRACTITIONER: 'Practitioner',
  PROFESSIONAL: 'Professional',
  ENGINEER: 'Engineer',
  FOCUS_ANALYST: 'FOCUS Analyst',
  INSTRUCTOR: 'Certified Instructor',
  PERSONA_TRAINING: 'Persona Training',
  MEETUP_ORGANIZER: 'MeetUp Organizer',
  CLOUD_PROVIDER_PRACTITIONER: 'cloud-provider Practitioner',
  PRACTITIONER_EQUIVALENT: 'Practitioner-equivalent',
};

/** "Practitioner", "FOCUS Analyst", "Practitioner-equivalent"; unknown names pass through. */
export function credentialName(credential: string): string {
  return (CREDENTIAL_NAMES as Record<string, string>)[credential] ?? credential;
}

/** The credential's noun agreeing with n: "Practitioner" / "Practitioners". */
export function credentialNoun(n: number, credential: string): string {
  const name = credentialName(credential);
  return n === 1 ? name : `${name}s`;
}

/** "fewer than 100", "100–499", "5,000 or more" (the rules document's own wording). */
export function tierLabel(minSize: number, maxSize: number | null): string {
  if (maxSize === null) return `${formatNumber(minSize)} or more`;
  if (minSize === 0) return `fewer than ${formatNumber(maxSize + 1)}`;
  return `${formatNumber(minSize)}–${formatNumber(maxSize)}`;
}

export function withNote(text: string, note: string | null): string {
  return note ? `${text} ${note}` : text;
}
