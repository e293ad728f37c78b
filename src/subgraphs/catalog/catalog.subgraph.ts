import type { SubgraphDefinition } from '../../graphql/build-subgraph-schema';
import { CapabilityStub } from './capability.stub';
import {
  CapabilityMappingsResolver,
  CarriedMappingResolver,
  catalogReferenceResolvers,
  DroppedMappingResolver,
  FeatureResolver,
  MappingResolver,
  OrganizationProductsResolver,
  ProductResolver,
} from './catalog.resolver';
import { DomainStub } from './domain.stub';
import { FrameworkEditionStub } from './framework-edition.stub';
import { CapabilityLabelResolver, DomainLabelResolver, EditionLabelResolver } from './framework-labels.resolver';
import { OrganizationStub } from './organization.stub';
import { ReviewQueueResolver } from './review-queue.resolver';

/** Owns products, features and feature → capability mappings; adds Organization.products and Capability.mappings. */
export const catalogSubgraph: SubgraphDefinition = {
  name: 'catalog',
  resolvers: [
    ProductResolver,
    FeatureResolver,
    MappingResolver,
    CarriedMappingResolver,
    DroppedMappingResolver,
    OrganizationProductsResolver,
    CapabilityMappingsResolver,
    CapabilityLabelResolver,
    DomainLabelResolver,
    EditionLabelResolver,
    ReviewQueueResolver,
  ],
  orphanedTypes: [OrganizationStub, CapabilityStub, FrameworkEditionStub, DomainStub],
  referenceResolvers: catalogReferenceResolvers,
};
