/**
 * The framework read model, shared by every subgraph and by the exports: the whole framework as plain
 * indexed rows (the snapshot), cached per process behind `framework_revision`, loaded once per request,
 * with the lineage transitions and coverage structures derived from it. No GraphQL here: the framework
 * subgraph serves it, the others read it.
 */
export type { CapabilityRow, DomainRow, EditionRow, LinkRow } from './snapshot';
export { FrameworkSnapshot } from './snapshot';
export { frameworkRevision, loadFrameworkSnapshot } from './snapshot.repository';
export { cachedFrameworkSnapshot } from './cache';
export { createFrameworkLoaders, frameworkSnapshot, type HasLoaders } from './loader';
export { FrameworkService } from './framework-reads';
export { lineageTransitionsOf } from './lineage-transitions';
