import { countedPeople } from './as-of';
import { isWithinWindow } from './dates';
import type { ActivityFact, PersonFact, PointsCategoryResult, PointsResult, RequirementResult } from './evaluation-types';
import { formatNumber, joinWords, plural, withNote } from './explain';
import type { PointsActivity, PointsTable, RequirementRule } from './rulebook';

// Certified Enterprise points. Every number and counting mode lives in the program's points table;
// this module only knows the three ways a row is counted (per certified person, once, per
// occurrence), the optional 12-month window, and the "requires validation" hold. Caps apply per
// category before summing, because the Foundation's table caps categories, not activities.

export interface ActivityScore {
  code: string;
  category: string;
  /** Times the row counted (people for credential rows, 0 or 1 for once-only rows). */
  occurrences: number;
  points: number;
  /** Points waiting for a reviewer's validation, not in `points`. */
  pendingPoints: number;
}

export interface PointsScore extends PointsResult {
  activities: ActivityScore[];
  /** The total after caps if every pending (unvalidated) activity were validated. */
  totalWithPending: number;
  programPointsWithPending: number;
  /** Recorded activities the table does not score from records (unknown codes, Training rows). */
  ignoredActivities: number;
}

function scoreActivity(
  activity: PointsActivity,
  category: string,
  holders: ReturnType<typeof countedPeople>,
  recorded: ActivityFact[],
  asOf: string,
): ActivityScore {
  if (activity.counting === 'PER_PERSON_WITH_CREDENTIAL') {
    // Per person per credential held: a person with Professional and Practitioner earns both rows.
    const credential = activity.credential;
    const occurrences = credential === null ? 0 : holders.filter((held) => held.has(credential)).length;
    return { code: activity.code, category, occurrences, points: occurrences * activity.points, pendingPoints: 0 };
  }
  const eligible = recorded.filter((a) => a.code === activity.code && isWithinWindow(a.date, asOf, activity.windowMonths));
  const confirmed = activity.requiresValidation ? eligible.filter((a) => a.validated) : eligible;
  const waiting = activity.requiresValidation ? eligible.filter((a) => !a.validated) : [];
  if (activity.counting === 'ONCE') {
    const occurrences = confirmed.length > 0 ? 1 : 0;
    const pending = occurrences === 0 && waiting.length > 0 ? 1 : 0;
    return { code: activity.code, category, occurrences, points: occurrences * activity.points, pendingPoints: pending * activity.points };
  }
  return {
    code: activity.code,
    category,
    occurrences: confirmed.length,
    points: confirmed.length * activity.points,
    pendingPoints: waiting.length * activity.points,
  };
}

export function scorePoints(table: PointsTable, people: PersonFact[], activities: ActivityFact[], asOf: string): PointsScore {
  const holders = countedPeople(people, asOf);
  const recordedCodes = new Set(
    table.categories.flatMap((c) => c.activities.filter((a) => a.counting !== 'PER_PERSON_WITH_CREDENTIAL').map((a) => a.code as string)),
  );
  const scores: ActivityScore[] = [];
  const categories: PointsCategoryResult[] = [];
  let total = 0;
  let totalWithPending = 0;
  let programPoints = 0;
  let programPointsWithPending = 0;

  for (const category of table.categories) {
    const rows = category.activities.map((a) => scoreActivity(a, category.code, holders, activities, asOf));
    scores.push(...rows);
    const earned = rows.reduce((sum, r) => sum + r.points, 0);
    const counted = Math.min(earned, category.cap);
    const countedWithPending = Math.min(earned + rows.reduce((sum, r) => sum + r.pendingPoints, 0), category.cap);
    categories.push({ category: category.code, earned, counted, cap: category.cap, lostToCap: earned - counted });
    total += counted;
    totalWithPending += countedWithPending;
    if (table.minimumFromCategory?.category === category.code) {
      programPoints = counted;
      programPointsWithPending = countedWithPending;
    }
  }
  return {
    total,
    programPoints,
    categories,
    activities: scores,
    totalWithPending,
    programPointsWithPending,
    ignoredActivities: activities.filter((a) => !recordedCodes.has(a.code)).length,
  };
}

function categoryText(table: PointsTable, score: PointsScore, code: string): string {
  const category = table.categories.find((c) => c.code === code);
  const result = score.categories.find((c) => c.category === code);
  if (!category || !result) return code;
  const rows = score.activities
    .filter((a) => a.category === code && a.occurrences > 0)
    .map((a) => {
      const each = category.activities.find((x) => x.code === a.code)?.points ?? 0;
      return `${a.code} ${a.occurrences}×${each}`;
    });
  const lost = result.lostToCap > 0 ? `, ${formatNumber(result.lostToCap)} lost to the cap` : '';
  return `${category.name} ${formatNumber(result.counted)} of cap ${formatNumber(category.cap)} (${rows.length > 0 ? rows.join(', ') : 'nothing'}; ${formatNumber(result.earned)} earned${lost})`;
}

function pendingText(score: PointsScore): string {
  const pending = score.activities.filter((a) => a.pendingPoints > 0);
  if (pending.length === 0) return '';
  return ` Left out until a reviewer validates ${pending.length === 1 ? 'it' : 'them'}: ${joinWords(pending.map((a) => `${a.code} (${formatNumber(a.pendingPoints)} points)`))}.`;
}

export function evaluatePointsTotal(
  rule: RequirementRule & { code: 'ENTERPRISE_POINTS' },
  table: PointsTable,
  score: PointsScore,
  asOf: string,
): RequirementResult {
  const need = table.threshold;
  const status = score.total >= need ? 'MET' : score.totalWithPending >= need ? 'NEEDS_REVIEW' : 'NOT_MET';
  const breakdown = table.categories.map((c) => categoryText(table, score, c.code)).join('; ');
  let explanation = `${formatNumber(score.total)} of the ${formatNumber(need)} points needed after category caps, as of ${asOf}: ${breakdown}.${pendingText(score)}`;
  if (status === 'NEEDS_REVIEW') {
    const them = score.activities.filter((a) => a.pendingPoints > 0).length === 1 ? 'it' : 'them';
    explanation += ` Only with ${them} would the total reach ${formatNumber(score.totalWithPending)}, so the result waits for validation.`;
  }
  if (score.ignoredActivities > 0) {
    explanation += ` ${plural(score.ignoredActivities, 'recorded activity', 'recorded activities')} with a code this table does not score from records (Training rows come from people's credentials) ignored.`;
  }
  return {
    code: rule.code,
    status,
    explanation: withNote(explanation, rule.note),
    shortfall: status === 'MET' ? null : `needs ${plural(need - score.total, 'more point')}`,
  };
}

export function evaluateProgramPoints(
  rule: RequirementRule & { code: 'ENTERPRISE_PROGRAM_POINTS' },
  table: PointsTable,
  score: PointsScore,
): RequirementResult {
  // parseRulebook refuses ENTERPRISE_PROGRAM_POINTS on a table without a minimum category.
  const minimum = table.minimumFromCategory ?? { category: '', points: 0 };
  const name = table.categories.find((c) => c.code === minimum.category)?.name ?? minimum.category;
  const have = score.programPoints;
  const status = have >= minimum.points ? 'MET' : score.programPointsWithPending >= minimum.points ? 'NEEDS_REVIEW' : 'NOT_MET';
  const explanation = `At least ${formatNumber(minimum.points)} points must come from "${name}", counted after its cap: ${categoryText(table, score, minimum.category)}.${pendingText(
    { ...score, activities: score.activities.filter((a) => a.category === minimum.category) },
  )}`;
  return {
    code: rule.code,
    status,
    explanation: withNote(explanation, rule.note),
    shortfall: status === 'MET' ? null : `needs ${plural(minimum.points - have, 'more point')} from ${name}`,
  };
}
