import fs from 'node:fs';
import path from 'node:path';
import { type DefinitionNode, Kind, parse, print, visit } from 'graphql';
import { PROJECT_ROOT } from '../config/env';

export const OPERATIONS_DIR = path.join(PROJECT_ROOT, 'schema', 'operations');
/** Example variables per operation name, so a saved tab runs as it opens. */
export const EXAMPLES_FILE = path.join(OPERATIONS_DIR, 'examples.json');

export interface SavedOperation {
  title: string;
  query: string;
  variables?: unknown;
}

/**
 * The project's own operations (schema/operations/*.graphql), one per saved playground tab, each with
 * the fragments it uses and its example variables. `names` picks and orders them; absent, all.
 */
export function savedOperations(names?: string[]): SavedOperation[] {
  const definitions: DefinitionNode[] = fs
    .readdirSync(OPERATIONS_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .flatMap((f) => parse(fs.readFileSync(path.join(OPERATIONS_DIR, f), 'utf8')).definitions);
  const fragments = new Map(definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const examples: Record<string, unknown> = fs.existsSync(EXAMPLES_FILE) ? JSON.parse(fs.readFileSync(EXAMPLES_FILE, 'utf8')) : {};
  const operations = definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d] : []));
  const chosen = names ? names.flatMap((n) => operations.filter((o) => o.name!.value === n)) : operations;
  return chosen.map((op) => {
    const used = new Set<string>();
    const collect = (node: DefinitionNode) =>
      visit(node, {
        FragmentSpread(spread) {
          const fragment = fragments.get(spread.name.value);
          if (fragment && !used.has(spread.name.value)) {
            used.add(spread.name.value);
            collect(fragment);
          }
        },
      });
    collect(op);
    const text = [print(op), ...[...used].map((n) => print(fragments.get(n)!))].join('\n\n');
    const name = op.name!.value;
    return { title: name, query: text, ...(examples[name] !== undefined ? { variables: examples[name] } : {}) };
  });
}
