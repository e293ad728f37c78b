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

/**
 * Runs a write in one transaction together with its audit events: the change and its record commit
 * together or not at all. `fn` must use only the transaction's EntityManager.
 */
export function auditedWrite<T>(
  em: EntityManager,
  viewer: Viewer | null,
  fn: (tx: EntityManager) => Promise<{ result: T; audit: AuditEntry[] }>,
): Promise<T> {
  return em.transactional(async (tx) => {
    const { result, audit } = await fn(tx);
    await recordAudit(tx, viewer, audit);
    return result;
  });
}

/**
 * Flushes the EntityManager's pending changes and appends their audit events in one transaction.
 * For services that change managed entities and flush (optimistic version checks included).
 */
export async function flushWithAudit(em: EntityManager, viewer: Viewer | null, entries: AuditEntry[]): Promise<void> {
  await em.begin();
  try {
    await em.flush();
    await recordAudit(em, viewer, entries);
    await em.commit();
  } catch (err) {
    await em.rollback();
    throw err;
  }
}
