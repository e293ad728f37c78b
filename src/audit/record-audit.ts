import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { Viewer } from '../domain/access/roles';
import { upsertRows } from '../db/upsert';

export interface AuditEntry {
  subgraph: 'framework' | 'membership' | 'catalog' | 'certification';
  objectType: string;
  objectId: string;
  action: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/**
 * Appends audit events through the given EntityManager, so they commit with the change they
 * describe (call it inside the mutation's transaction, or before its flush). Set-based: one
 * statement for any number of entries.
 */
export async function recordAudit(em: EntityManager, viewer: Viewer | null, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  await upsertRows(
    em,
    'audit_event',
    entries.map((e) => ({
      id: randomUUID(),
      at: new Date(),
      actor_id: viewer?.id ?? null,
      actor_role: viewer?.role ?? null,
      subgraph: e.subgraph,
      object_type: e.objectType,
      object_id: e.objectId,
      action: e.action,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
      reason: e.reason ?? null,
    })),
    { conflict: ['id'], update: [] },
  );
}
