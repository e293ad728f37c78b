import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, parse } from 'graphql';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import { DateScalar } from './scalars';

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@extends", "@inaccessible", "@tag"])';

export type ReferenceResolvers = Record<string, { __resolveReference: (reference: any, context: any, info: any) => unknown }>;

/** A decorated class, as type-graphql's buildSchema takes it. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type DecoratedClass = Function;

export interface SubgraphDefinition {
  name: string;
  resolvers: NonEmptyArray<DecoratedClass>;
  orphanedTypes?: DecoratedClass[];
  /** `__resolveReference` per entity type; each must go through a loader (the gateway batches). */
  referenceResolvers?: ReferenceResolvers;
}

/** The subgraph's SDL as the gateway sees it, with the federation @link on top. */
export async function buildSubgraphSdl(def: SubgraphDefinition): Promise<{ sdl: string; schema: GraphQLSchema }> {
  const schema = await buildSchema({
    resolvers: def.resolvers,
    orphanedTypes: def.orphanedTypes,
    scalarsMap: [{ type: Date, scalar: DateScalar }],
    skipCheck: true,
    validate: false,
  });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}\n`;
  return { sdl, schema };
}

/**
 * type-graphql builds the schema and resolvers; the SDL is printed with its directives (@key survives)
 * and fed to @apollo/subgraph, which adds _entities/_service and the reference resolvers.
 */
export async function buildFederatedSchema(def: SubgraphDefinition): Promise<{ schema: GraphQLSchema; sdl: string }> {
  const { sdl, schema } = await buildSubgraphSdl(def);
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, ref] of Object.entries(def.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), __resolveReference: ref.__resolveReference } as never;
  }
  const federated = buildSubgraphSchema({ typeDefs: parse(sdl), resolvers });
  return { schema: federated, sdl };
}
