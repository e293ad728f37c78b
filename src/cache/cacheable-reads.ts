import {
  type DocumentNode,
  getNamedType,
  type GraphQLSchema,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  TypeInfo,
  type ValueNode,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  BREAK,
} from 'graphql';
import { FRAMEWORK_KEY, productKey } from './revision.repository';

// Which reads an anonymous caller's answer is fully decided by revision counters. Listed field by
// field, not type by type: a field some subgraph adds later (a product's awards, a capability's
// mappings) is not covered by these revisions until someone says so here, so an operation touching it
// is simply not cached. __typename is always fine.

/** Answered from the framework snapshot alone: fixed by framework_revision. */
const FRAMEWORK_FIELDS: Record<string, readonly string[]> = {
  Query: ['frameworkEditions', 'frameworkEdition', 'currentFrameworkEdition', 'capabilityLineage'],
  FrameworkEdition: ['id', 'slug', 'name', 'announcedOn', 'note', 'isCurrent', 'domains', 'capabilities', 'capability', 'domain'],
  Domain: ['id', 'slug', 'name', 'position', 'edition', 'capabilities'],
  Capability: ['id', 'slug', 'name', 'summary', 'edition', 'domains', 'lineage'],
  CapabilityLineage: ['relation', 'capability'],
};

/**
 * Below `product(id:)`: the product, its features, their (anonymously visible) mappings and its
 * coverage, all fixed by that product's revision (plus the framework's, for labels and editions). The
 * organization's id and name are too: renaming an organization bumps its products.
 */
const PRODUCT_FIELDS: Record<string, readonly string[]> = {
  Query: ['product'],
  Product: ['id', 'name', 'description', 'url', 'createdAt', 'organization', 'features', 'coverage'],
  Organization: ['id', 'name'],
  Feature: ['id', 'name', 'description', 'product', 'mappings'],
  Mapping: [
    'id',
    'relationship',
    'strength',
    'rationale',
    'evidenceUrl',
    'public',
    'status',
    'proposedBy',
    'proposedAt',
    'reviewedBy',
    'reviewedAt',
    'reviewNote',
    'approvedAt',
    'version',
    'feature',
    'capability',
    'edition',
  ],
  ProductCoverage: ['edition', 'domains', 'capabilities', 'meetsMost', 'coveredCapabilities', 'uncoveredCapabilities', 'byDomain'],
  CoverageCount: ['covered', 'total'],
  DomainCoverage: ['domain', 'covered', 'total'],
};

const allowed = new Map<string, Set<string>>();
for (const table of [FRAMEWORK_FIELDS, PRODUCT_FIELDS]) {
  for (const [type, fields] of Object.entries(table)) {
    const set = allowed.get(type) ?? new Set<string>();
    for (const f of fields) set.add(f);
    allowed.set(type, set);
  }
}

/** What an operation depends on, once its variables are known; null when it cannot be cached. */
export type Dependencies = (variables: Record<string, unknown>) => string[] | null;

/** How to find the product ids an operation reads: the `id` argument of each `product(id:)` root field. */
function analyse(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): Dependencies | null {
  if (operation.operation !== 'query') return null;
  const productIds: ValueNode[] = [];
  let cacheable = true;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (node.name.value === '__typename') return;
        const parent = typeInfo.getParentType();
        const fields = parent && isObjectType(parent) ? allowed.get(parent.name) : undefined;
        if (!fields?.has(node.name.value)) {
          cacheable = false;
          return BREAK;
        }
        if (parent!.name === 'Query' && node.name.value === 'product') {
          const id = node.arguments?.find((a) => a.name.value === 'id');
          if (!id) {
            cacheable = false;
            return BREAK;
          }
          productIds.push(id.value);
        }
        // A field of a type the walk cannot see into (an interface, say) is not one of ours.
        const type = typeInfo.getType();
        if (!type || (!isObjectType(getNamedType(type)) && node.selectionSet)) {
          cacheable = false;
          return BREAK;
        }
        return undefined;
      },
    }),
  );
  if (!cacheable) return null;
  const idType = schema.getType('ID');
  return (variables) => {
    const keys = [FRAMEWORK_KEY];
    for (const node of productIds) {
      const id = idType && 'parseLiteral' in idType ? valueFromAST(node, idType as never, variables) : undefined;
      // Product ids are UUIDs; anything else answers NOT_FOUND, which is never cached anyway.
      if (typeof id !== 'string' || !UUID.test(id)) return null;
      keys.push(productKey(id.toLowerCase()));
    }
    return keys;
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const memo = new WeakMap<DocumentNode, Map<string, Dependencies | null>>();

/** Memoised per parsed document (Apollo keeps one per query text) and operation name. */
export function dependenciesOf(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): Dependencies | null {
  let byName = memo.get(document);
  if (!byName) memo.set(document, (byName = new Map()));
  const name = operation.name?.value ?? '';
  if (!byName.has(name)) {
    const onlyThis: DocumentNode = {
      ...document,
      definitions: document.definitions.filter((d) => d.kind !== Kind.OPERATION_DEFINITION || d === operation),
    };
    byName.set(name, analyse(schema, onlyThis, operation));
  }
  return byName.get(name)!;
}
