import { DomainError } from '../errors';

// Where a capability of one Framework edition went in a later one. The seeds describe one step at a
// time (2023→2024, 2024→2025, …); a question such as "2023 onboarding-workloads in 2026" is answered
// by walking every step in between, because the Framework never published a direct 2023→2026 map.

/**
 * Relations between a capability and its successor, strongest first. The order is the contract of
 * `weakestRelation`: a path is only as faithful as its least faithful step, and carry-forward uses
 * the same order to decide what may keep its review status.
 */
export const LINEAGE_RELATIONS = ['SAME', 'MOVED_DOMAIN', 'RENAME', 'MERGE', 'SPLIT', 'RELATED', 'REMOVED'] as const;

export type LineageRelation = (typeof LINEAGE_RELATIONS)[number];

const RANK: ReadonlyMap<LineageRelation, number> = new Map(LINEAGE_RELATIONS.map((r, i) => [r, i]));

function rank(relation: LineageRelation): number {
  const r = RANK.get(relation);
  if (r === undefined) throw new DomainError('BAD_USER_INPUT', `unknown lineage relation "${String(relation)}"`);
  return r;
}

export function isLineageRelation(value: unknown): value is LineageRelation {
  return typeof value === 'string' && RANK.has(value as LineageRelation);
}

/** The less faithful of two relations (the one later in LINEAGE_RELATIONS). */
export function weakestRelation(a: LineageRelation, b: LineageRelation): LineageRelation {
  return rank(a) >= rank(b) ? a : b;
}

/** Negative when `a` is stronger than `b`; a comparator for "strongest first". */
export function compareRelationStrength(a: LineageRelation, b: LineageRelation): number {
  return rank(a) - rank(b);
}

export interface LineageLink {
  from: string;
  to: string[];
  relation: LineageRelation;
}

/** The links from one edition to the next one. */
export interface LineageTransition {
  fromEdition: string;
  toEdition: string;
  links: LineageLink[];
}

export interface EditionCapabilities {
  edition: string;
  capabilities: string[];
}

/** One capability reached in the target edition, or `{ REMOVED, null }` when nothing was reached. */
export interface LineageResult {
  relation: LineageRelation;
  capability: string | null;
}

export interface TraceLineageInput {
  /** Ordered oldest → newest. */
  editions: EditionCapabilities[];
  /** Between consecutive editions; transitions between other pairs are ignored. */
  transitions: LineageTransition[];
  fromEdition: string;
  capability: string;
  toEdition: string;
}

/**
 * Traces answer many questions over the same seeds (carry-forward traces every mapped capability
 * of a product), so the per-edition sets and per-step link tables are built once here.
 */
export interface LineageIndex {
  /** Slugs of the editions, oldest → newest. */
  readonly editions: readonly string[];
  trace(fromEdition: string, capability: string, toEdition: string): LineageResult[];
  /**
   * Checks the two editions once and returns a tracer for capabilities of `fromEdition`; the shape
   * carry-forward's `lineage` input expects.
   */
  tracer(fromEdition: string, toEdition: string): (capability: string) => LineageResult[];
}

interface Step {
  /** Links out of each capability of the older edition. */
  linksFrom: ReadonlyMap<string, readonly LineageLink[]>;
}

export function buildLineageIndex(editions: EditionCapabilities[], transitions: LineageTransition[]): LineageIndex {
  const position = new Map<string, number>();
  const capabilitySets: ReadonlySet<string>[] = [];
  editions.forEach((e, i) => {
    if (position.has(e.edition)) throw new DomainError('INVALID_SEED', `edition "${e.edition}" is listed twice`);
    position.set(e.edition, i);
    capabilitySets.push(new Set(e.capabilities));
  });

  const transitionByPair = new Map<string, LineageTransition>();
  for (const t of transitions) transitionByPair.set(pairKey(t.fromEdition, t.toEdition), t);

  // steps[i] leads from editions[i] to editions[i + 1]; built lazily so that an index over seeds
  // with a gap still answers questions that don't cross it.
  const steps: (Step | undefined)[] = [];
  const stepAt = (i: number): Step => {
    const cached = steps[i];
    if (cached) return cached;
    const from = editions[i].edition;
    const to = editions[i + 1].edition;
    const transition = transitionByPair.get(pairKey(from, to));
    if (!transition) throw new DomainError('NOT_FOUND', `no lineage from edition "${from}" to edition "${to}"`);
    const linksFrom = new Map<string, LineageLink[]>();
    for (const link of transition.links) {
      const list = linksFrom.get(link.from);
      if (list) list.push(link);
      else linksFrom.set(link.from, [link]);
    }
    const step = { linksFrom };
    steps[i] = step;
    return step;
  };

  const editionPosition = (slug: string): number => {
    const p = position.get(slug);
    if (p === undefined) throw new DomainError('NOT_FOUND', `unknown framework edition "${slug}"`);
    return p;
  };

  const checkRange = (fromEdition: string, toEdition: string): [number, number] => {
    const fromIdx = editionPosition(fromEdition);
    const toIdx = editionPosition(toEdition);
    if (toIdx < fromIdx) {
      throw new DomainError(
        'BAD_USER_INPUT',
        `edition "${toEdition}" is older than edition "${fromEdition}"; lineage only runs forward`,
        'toEdition',
      );
    }
    return [fromIdx, toIdx];
  };

  const walk = (fromIdx: number, toIdx: number, capability: string): LineageResult[] => {
    if (!capabilitySets[fromIdx].has(capability)) {
      throw new DomainError('NOT_FOUND', `capability "${capability}" is not in edition "${editions[fromIdx].edition}"`, 'capability');
    }
    if (fromIdx === toIdx) return [{ relation: 'SAME', capability }];

    // Bottleneck search, one edition at a time: for each capability reached so far keep the
    // strongest path to it. The weakest step bounds a path, and min/max compose step by step, so
    // keeping only the best path per capability per edition is exact and stays linear in the links.
    let frontier = new Map<string, LineageRelation>([[capability, 'SAME']]);
    for (let i = fromIdx; i < toIdx && frontier.size > 0; i++) {
      const { linksFrom } = stepAt(i);
      const next = new Map<string, LineageRelation>();
      for (const [slug, pathRelation] of frontier) {
        // No link out of a capability means it has no successor: that branch ends (REMOVED).
        for (const link of linksFrom.get(slug) ?? []) {
          if (link.relation === 'REMOVED') continue;
          const relation = weakestRelation(pathRelation, link.relation);
          for (const target of link.to) {
            const best = next.get(target);
            if (best === undefined || compareRelationStrength(relation, best) < 0) next.set(target, relation);
          }
        }
      }
      frontier = next;
    }

    if (frontier.size === 0) return [{ relation: 'REMOVED', capability: null }];
    return [...frontier]
      .map(([slug, relation]): LineageResult => ({ relation, capability: slug }))
      .sort((a, b) => compareStrings(a.capability as string, b.capability as string));
  };

  return {
    editions: editions.map((e) => e.edition),
    trace(fromEdition, capability, toEdition) {
      const [fromIdx, toIdx] = checkRange(fromEdition, toEdition);
      return walk(fromIdx, toIdx, capability);
    },
    tracer(fromEdition, toEdition) {
      const [fromIdx, toIdx] = checkRange(fromEdition, toEdition);
      return (capability) => walk(fromIdx, toIdx, capability);
    },
  };
}

/** One question, no reuse; see buildLineageIndex for many. */
export function traceLineage(input: TraceLineageInput): LineageResult[] {
  return buildLineageIndex(input.editions, input.transitions).trace(input.fromEdition, input.capability, input.toEdition);
}

function pairKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

// Code-unit order rather than localeCompare: results must sort identically on every server.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
