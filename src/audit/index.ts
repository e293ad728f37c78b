import { AuditResolver } from './audit.resolver';

/**
 * The audit module's door. Every subgraph writes its changes' audit events through `auditedWrite`
 * (inside the mutation's transaction); the trail is read with the `auditTrail` query, which this module
 * owns and which the subgraph registry (src/subgraphs/index.ts) mounts on one subgraph's server.
 */
export { AuditEvent } from './audit-event.entity';
export { type AuditEntry, auditedWrite, flushWithAudit, recordAudit } from './record-audit';

/** The resolvers of the audit trail, for the subgraph that hosts them. */
export const AUDIT_RESOLVERS = [AuditResolver] as const;
