/** The catalog subgraph's door: its definition and the entities other subgraphs may reference. */
export { catalogSubgraph } from './catalog.subgraph';
export { Feature } from './entities/feature.entity';
export { Mapping } from './entities/mapping.entity';
export { Product } from './entities/product.entity';
