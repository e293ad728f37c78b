import { AuditResolver } from './audit.resolver';

/**
 * The audit module's door. Every mutation records its audit events through `recordAudit`, inside
 * its transaction (src/services/run-mutation.ts); the trail is read with the `auditTrail` query, which this module
 * owns and which the subgraph registry (src/subgraphs/index.ts) mounts on one subgraph's server.
 */
export { AuditEvent } from './audit-event.entity';
export { type AuditEntry, recordAudit } from './record-audit';

/** The resolvers of the audit trail, for the subgraph that hosts them. */
export const AUDIT_RESOLVERS = [AuditResolver] as const;
