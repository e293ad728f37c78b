// The certification rules as one import for the service layer; each file stays usable on its own.
export * from './application-workflow';
export * from './as-of';
export * from './awards';
export * from './capability-slugs';
export * from './count-headcount';
export * from './dates';
export * from './evaluate-certification';
export * from './evaluate-community-items';
export * from './evaluate-coverage';
export * from './evaluate-evidence';
export * from './evaluation-types';
export * from './instructor-qualification';
export * from './parse-rulebook';
export * from './path-to-eligibility';
export * from './rulebook';
export * from './score-points';
export * from './vocabulary';
