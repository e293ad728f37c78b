import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLSchema,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import {
  CAPABILITY_MAPPINGS_BOUND,
  FEATURE_MAPPINGS_BOUND,
  ORGANIZATION_PRODUCTS_BOUND,
  PRODUCT_FEATURES_BOUND,
} from '../domain/catalog/list-bounds';
import { DEFAULT_PAGE_SIZE } from '../graphql/pagination';

// The gateway's cost limit, counting list sizes. Every field costs 1; a field with a selection costs
// 1 plus its selection, times how many items it can return:
// - a paged field (it takes `first`): `first` (a literal or a variable), or the default page size;
// - an unpaged list with a bound (LIST_BOUNDS): that bound, the most it ever answers;
// - anything else: once.
// Fragments count where they are spread (inline ones and named ones alike).

/** Unpaged lists that answer at most this many items (beyond it, an error at the field). */
export const LIST_BOUNDS: Readonly<Record<string, number>> = {
  'Capability.mappings': CAPABILITY_MAPPINGS_BOUND,
  'Product.features': PRODUCT_FEATURES_BOUND,
  'Feature.mappings': FEATURE_MAPPINGS_BOUND,
  'Organization.products': ORGANIZATION_PRODUCTS_BOUND,
};

export interface CostInput {
  schema: GraphQLSchema;
  selectionSet: SelectionSetNode;
  rootType: GraphQLCompositeType;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

/** The cost of a selection set, as described above. */
export function queryCost(input: CostInput): number {
  return costAndVariables(input).cost;
}

/** The cost, and whether it depends on the variables (a `first` given by a variable). */
function costAndVariables(input: CostInput): { cost: number; usesVariables: boolean } {
  const { schema, fragments, variables } = input;
  let usesVariables = false;
  const intValue = (node: ValueNode | undefined): number | null => {
    if (!node) return null;
    if (node.kind === Kind.INT) return Number(node.value);
    if (node.kind === Kind.VARIABLE) {
      usesVariables = true;
      const value = variables[node.name.value];
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    }
    return null;
  };
  const walk = (type: GraphQLCompositeType, selectionSet: SelectionSetNode): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        cost += isCompositeType(on) ? walk(on, selection.selectionSet) : 0;
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        const on = fragment && schema.getType(fragment.typeCondition.name.value);
        cost += fragment && isCompositeType(on) ? walk(on, fragment.selectionSet) : 0;
        continue;
      }
      cost += 1;
      if (!selection.selectionSet) continue;
      const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[selection.name.value] : undefined;
      const fieldType = field && getNamedType(field.type);
      if (!field || !isCompositeType(fieldType)) continue;
      let times = 1;
      if (field.args.some((a) => a.name === 'first')) {
        const first = intValue(selection.arguments?.find((a) => a.name.value === 'first')?.value);
        times = first ?? DEFAULT_PAGE_SIZE;
      } else {
        times = LIST_BOUNDS[`${type.name}.${field.name}`] ?? 1;
      }
      cost += Math.max(times, 1) * walk(fieldType, selection.selectionSet);
    }
    return cost;
  };
  const cost = walk(input.rootType, input.selectionSet);
  return { cost, usesVariables };
}

/**
 * Costs already worked out, by schema and operation (Apollo hands each request of the same query
 * text the same parsed document, and a new schema brings new documents). Only a cost that read no
 * variable is kept: one that depends on `first` from a variable is counted again for each request.
 */
const knownCosts = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, number>>();

function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number | null {
  let bySchema = knownCosts.get(schema);
  const known = bySchema?.get(operation);
  if (known !== undefined) return known;
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const { cost, usesVariables } = costAndVariables({ schema, selectionSet: operation.selectionSet, rootType, fragments, variables });
  if (!usesVariables) {
    if (!bySchema) knownCosts.set(schema, (bySchema = new WeakMap()));
    bySchema.set(operation, cost);
  }
  return cost;
}

/** Refuses an operation whose cost is above maxCost with a 400 QUERY_TOO_COSTLY, before any subgraph is asked. */
export function costLimit<T extends BaseContext>(maxCost: number): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, schema, request }) {
          if (!operation) return;
          const cost = operationCost(schema, document, operation, request.variables ?? {});
          if (cost !== null && cost > maxCost) {
            throw new GraphQLError(`The query costs ${cost}, more than the cost limit of ${maxCost} (lists count at their page size or bound)`, {
              extensions: { code: 'QUERY_TOO_COSTLY', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
