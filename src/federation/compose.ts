import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { parse, printSchema } from 'graphql';
import { defaultSubgraphUrl } from '../config/subgraph-ports';
import type { SubgraphName } from '../config/env';
import { buildSubgraphSdl } from '../graphql/build-subgraph-schema';
import { subgraphDefinitions } from '../subgraphs';

export interface ComposedSchemas {
  subgraphs: { name: SubgraphName; sdl: string }[];
  supergraph: string;
  api: string;
}

/** Builds every subgraph's SDL and composes them; throws with every composition error. */
export async function composeSchemas(): Promise<ComposedSchemas> {
  const subgraphs: { name: SubgraphName; sdl: string }[] = [];
  for (const [name, def] of subgraphDefinitions()) {
    subgraphs.push({ name, sdl: (await buildSubgraphSdl(def)).sdl });
  }
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, typeDefs: parse(s.sdl), url: defaultSubgraphUrl(s.name) })));
  if (result.errors?.length || !result.supergraphSdl) {
    throw new Error(`Composition failed:\n${(result.errors ?? []).map((e) => `  - ${e.message}`).join('\n')}`);
  }
  const api = printSchema(Supergraph.build(result.supergraphSdl).apiSchema().toGraphQLJSSchema());
  return { subgraphs, supergraph: result.supergraphSdl, api: `${api}\n` };
}
