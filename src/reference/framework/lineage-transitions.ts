import type { LineageTransition } from '../../domain/framework/lineage';
import type { FrameworkSnapshot } from './snapshot';

/** The snapshot's links grouped into one transition per pair of consecutive editions, by slug. */
export function lineageTransitionsOf(framework: FrameworkSnapshot): LineageTransition[] {
  const transitions: LineageTransition[] = [];
  for (let i = 0; i + 1 < framework.editions.length; i++) {
    const from = framework.editions[i];
    const to = framework.editions[i + 1];
    const links: LineageTransition['links'] = [];
    for (const capability of framework.capabilities(from.id)) {
      const byRelation = new Map<string, string[]>();
      for (const link of framework.linksFrom.get(capability.id) ?? []) {
        const target = link.toId ? framework.capabilityById.get(link.toId) : undefined;
        const list = byRelation.get(link.relation) ?? [];
        if (target) list.push(target.slug);
        byRelation.set(link.relation, list);
      }
      for (const [relation, targets] of byRelation) {
        links.push({ from: capability.slug, to: targets, relation: relation as LineageTransition['links'][number]['relation'] });
      }
    }
    transitions.push({ fromEdition: from.slug, toEdition: to.slug, links });
  }
  return transitions;
}
