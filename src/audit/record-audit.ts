import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { Viewer } from '../domain/access/roles';
import { sqlRows } from '../db/sql';

export interface AuditEntry {
  subgraph: 'framework' | 'membership' | 'catalog' | 'certification';
  objectType: string;
  objectId: string;
  action: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

/**
 * Appends audit events through the given EntityManager, so they commit with the change they
 * describe (call it inside the mutation's transaction, or before its flush). Set-based: ONE
 * statement for any number of entries (one array parameter per column), so a bulk operation's
 * per-object events cost what its single product-level event costs.
 */
export async function recordAudit(em: EntityManager, viewer: Viewer | null, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  await sqlRows(
    em,
    `insert into audit_event (id, at, actor_id, actor_role, subgraph, object_type, object_id, action, before, after, reason)
     select e.id, ?::timestamptz, ?::text, ?::text, e.subgraph, e.object_type, e.object_id, e.action, e.before::jsonb, e.after::jsonb, e.reason
       from unnest(?::uuid[], ?::text[], ?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[])
         as e(id, subgraph, object_type, object_id, action, before, after, reason)`,
    [
      new Date(),
      viewer?.id ?? null,
      viewer?.role ?? null,
      entries.map(() => randomUUID()),
      entries.map((e) => e.subgraph),
      entries.map((e) => e.objectType),
      entries.map((e) => e.objectId),
      entries.map((e) => e.action),
      entries.map((e) => json(e.before)),
      entries.map((e) => json(e.after)),
      entries.map((e) => e.reason ?? null),
    ],
  );
}
