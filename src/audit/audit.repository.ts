import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlRows } from '../db/sql';
import { isUuid } from '../domain/ids';
import { encodeCursor, toPage } from '../graphql/pagination';

export interface AuditRow {
  id: string;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  objectType: string;
  objectId: string;
  action: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  total: number;
}

/** One page of an object's audit trail, oldest first (keyset on at, id). */
export async function pageAudit(em: EntityManager, objectId: string, first: number, after: (string | number)[] | null) {
  if (!isUuid(objectId)) return toPage<AuditRow>([], first, () => '', 0, after !== null);
  const rows = await sqlRows<AuditRow>(
    em,
    `select id, at, actor_id as "actorId", actor_role as "actorRole", object_type as "objectType", object_id as "objectId",
            action, before, after, reason, count(*) over () :: int as total
       from audit_event
      where object_id = ? ${after ? 'and (at, id) > (?::timestamptz, ?::uuid)' : ''}
      order by at, id
      limit ?`,
    after ? [objectId, after[0], after[1], first + 1] : [objectId, first + 1],
  );
  const total = after
    ? (await sqlRows<{ n: number }>(em, 'select count(*)::int as n from audit_event where object_id = ?', [objectId]))[0].n
    : (rows[0]?.total ?? 0);
  const events = rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  return toPage(events, first, (r) => encodeCursor([r.at, r.id]), total, after !== null);
}
