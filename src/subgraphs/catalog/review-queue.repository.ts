import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlRows } from '../../db/sql';
import type { ReviewDecision } from '../../domain/catalog/review-mapping';
import type { MappingStatus } from '../../domain/catalog/mapping-status';

// The reviewers' queue and their batch decisions: the SQL of both, set-based.

export interface QueueFilter {
  editionId: string | null;
  organizationId: string | null;
  /** The keyset after which the page starts: (proposedAt as ISO text, id). */
  after: [string, string] | null;
  limit: number;
}

export interface QueueRow {
  id: string;
  proposedAt: string;
}

function queueWhere(filter: Omit<QueueFilter, 'after' | 'limit'>): { sql: string; params: unknown[] } {
  const where = [`m.status in ('PROPOSED', 'CHANGES_REQUESTED')`];
  const params: unknown[] = [];
  if (filter.editionId) {
    where.push('m.edition_id = ?');
    params.push(filter.editionId);
  }
  if (filter.organizationId) {
    where.push('m.feature_id in (select f.id from feature f join product p on p.id = f.product_id where p.organization_id = ?)');
    params.push(filter.organizationId);
  }
  return { sql: where.join(' and '), params };
}

/**
 * A page of mappings awaiting a decision, oldest proposal first (keyset on proposed_at, id): a range
 * scan of the partial index over the awaiting statuses, however long the queue is.
 */
export function pageReviewQueue(em: EntityManager, filter: QueueFilter): Promise<QueueRow[]> {
  const { sql, params } = queueWhere(filter);
  const after = filter.after ? 'and (m.proposed_at, m.id) > (?::timestamptz, ?::uuid)' : '';
  return sqlRows<QueueRow>(
    em,
    `select m.id, to_char(m.proposed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "proposedAt"
       from mapping m
      where ${sql} ${after}
      order by m.proposed_at, m.id
      limit ?`,
    [...params, ...(filter.after ?? []), filter.limit],
  );
}

/** The exact size of the queue under a filter. */
export async function countReviewQueue(em: EntityManager, filter: Omit<QueueFilter, 'after' | 'limit'>): Promise<number> {
  const { sql, params } = queueWhere(filter);
  const [row] = await sqlRows<{ n: number }>(em, `select count(*)::int as n from mapping m where ${sql}`, params);
  return row?.n ?? 0;
}

export interface ReviewedRow {
  id: string;
  version: number;
}

/**
 * One conditional UPDATE for a whole batch: each mapping must still await review and, where the
 * reviewer gave one, still have the version they saw. Returns the rows it changed; the caller compares
 * them with what it asked for and rolls back when any is missing (all or nothing).
 */
export function reviewBatch(
  em: EntityManager,
  items: { id: string; expectedVersion: number | null }[],
  decision: { status: MappingStatus; reviewer: string; note: string | null; at: Date; approves: boolean; outcome: ReviewDecision },
): Promise<ReviewedRow[]> {
  return sqlRows<ReviewedRow>(
    em,
    `update mapping m
        set status = ?, reviewed_by = ?, reviewed_at = ?, review_note = ?, approved_at = ?, version = m.version + 1, updated_at = now()
       from unnest(?::uuid[], ?::int[]) as x(id, expected)
      where m.id = x.id and m.status in ('PROPOSED', 'CHANGES_REQUESTED') and (x.expected is null or m.version = x.expected)
      returning m.id, m.version`,
    [
      decision.status,
      decision.reviewer,
      decision.at,
      decision.note,
      decision.approves ? decision.at : null,
      items.map((i) => i.id),
      items.map((i) => i.expectedVersion),
    ],
  );
}
