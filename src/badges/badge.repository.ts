import type { EntityManager } from '@mikro-orm/postgresql';
import { containsPattern, sqlRows } from '../db/sql';
import type { AwardFacts } from '../domain/badges/open-badge';
import { CERTIFICATION_KINDS } from '../domain/certification';

// What badges, the directory, the status list and the awards export read: awards with their
// organization's and product's names and the program's name for the kind, each read in one statement.

const FACTS = `a.id, a.kind,
  coalesce((select k->>'name' from jsonb_array_elements(p.rulebook->'kinds') k where k->>'kind' = a.kind limit 1), a.kind) as "kindName",
  p.slug as program, a.edition, a.organization_id as "organizationId", o.name as "organizationName",
  a.product_id as "productId", pr.name as "productName", a.issued_on::text as "issuedOn", a.expires_on::text as "expiresOn",
  a.status_list_index as "statusListIndex", a.revoked_on::text as "revokedOn"`;
const FROM = `certification_award a
  join certification_program p on p.id = a.program_id
  join organization o on o.id = a.organization_id
  left join product pr on pr.id = a.product_id`;

/** The facts of the awards with these ids (unknown ids are simply absent). */
export function selectAwardFacts(em: EntityManager, ids: readonly string[]): Promise<AwardFacts[]> {
  if (!ids.length) return Promise.resolve([]);
  return sqlRows<AwardFacts>(em, `select ${FACTS} from ${FROM} where a.id = any(?::uuid[])`, [ids]);
}

export interface DirectoryQuery {
  /** The day "currently valid" is judged on. */
  on: string;
  kind: string | null;
  /** Matched anywhere in the organization's or product's name, case-insensitively. */
  search: string | null;
  /** Keyset: the (kind position, lower(organization name), id) of the last entry shown. */
  after: [number, string, string] | null;
  limit: number;
}

export type DirectoryEntry = AwardFacts & { kindPosition: number; sortName: string };

function directoryWhere(q: DirectoryQuery): { sql: string; params: unknown[] } {
  const parts = ['a.issued_on <= ?::date', 'a.expires_on > ?::date', '(a.revoked_on is null or a.revoked_on > ?::date)'];
  const params: unknown[] = [q.on, q.on, q.on];
  if (q.kind) {
    parts.push('a.kind = ?');
    params.push(q.kind);
  }
  if (q.search) {
    parts.push(`(o.name ilike ? or pr.name ilike ?)`);
    params.push(containsPattern(q.search), containsPattern(q.search));
  }
  return { sql: parts.join(' and '), params };
}

/** One page of currently valid awards, by kind (the programs' order), then organization name: one statement. */
export function selectDirectoryPage(em: EntityManager, q: DirectoryQuery): Promise<DirectoryEntry[]> {
  const where = directoryWhere(q);
  const position = `array_position(?::text[], a.kind::text)`;
  const keyset = q.after ? ` and (${position}, lower(o.name), a.id) > (?, ?, ?::uuid)` : '';
  return sqlRows<DirectoryEntry>(
    em,
    `select ${FACTS}, ${position} as "kindPosition", lower(o.name) as "sortName"
       from ${FROM}
      where ${where.sql}${keyset}
      order by ${position}, lower(o.name), a.id
      limit ?`,
    [[...CERTIFICATION_KINDS], ...where.params, ...(q.after ? [[...CERTIFICATION_KINDS], ...q.after] : []), [...CERTIFICATION_KINDS], q.limit],
  );
}

/** How many awards match, per kind (for the headings and the total): one statement. */
export async function countDirectory(em: EntityManager, q: Omit<DirectoryQuery, 'after' | 'limit'>): Promise<Map<string, number>> {
  const where = directoryWhere({ ...q, after: null, limit: 0 });
  const rows = await sqlRows<{ kind: string; count: number }>(
    em,
    `select a.kind, count(*)::int as count from ${FROM} where ${where.sql} group by a.kind`,
    where.params,
  );
  return new Map(rows.map((r) => [r.kind, r.count]));
}

/** Whether status list `list` (1-based, of `size` entries) has any award, and its revoked entries: one statement. */
export async function selectStatusList(em: EntityManager, list: number, size: number): Promise<{ exists: boolean; revoked: number[] }> {
  const start = (list - 1) * size;
  const [row] = await sqlRows<{ exists: boolean; revoked: number[] }>(
    em,
    `select exists (select 1 from certification_award where status_list_index >= ?) as exists,
            coalesce((select array_agg(status_list_index - ? order by status_list_index) from certification_award
                       where revoked_at is not null and status_list_index >= ? and status_list_index < ?), '{}') as revoked`,
    [start, start, start, start + size],
  );
  return { exists: list === 1 || row.exists, revoked: row.revoked.map(Number) };
}

/** Every award (valid or not) for the awards export, a keyset page at a time by issue date then id. */
export function selectAwardsPage(
  em: EntityManager,
  after: [string, string] | null,
  limit: number,
): Promise<(AwardFacts & { revokedAt: string | null })[]> {
  return sqlRows<AwardFacts & { revokedAt: string | null }>(
    em,
    `select ${FACTS}, to_char(a.revoked_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "revokedAt"
       from ${FROM}
      ${after ? 'where (a.issued_on, a.id) > (?::date, ?::uuid)' : ''}
      order by a.issued_on, a.id
      limit ?`,
    after ? [after[0], after[1], limit] : [limit],
  );
}
