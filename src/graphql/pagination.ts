import { ClassType, Directive, Field, Int, ObjectType } from 'type-graphql';
import { DomainError } from '../domain/errors';
import { isIsoDate } from '../domain/calendar';

@ObjectType('PageInfo')
@Directive('@shareable')
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** `first` checked against the page-size limit (Relay style: 0..100, default 20). */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new DomainError('BAD_USER_INPUT', `first must be between 0 and ${MAX_PAGE_SIZE}; got ${first}`, 'first');
  }
  return first;
}

// Cursors are opaque to clients: base64url of the sort key, so a page boundary stays stable while
// rows are added elsewhere.
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** What each part of a cursor's sort key is; a cursor whose parts are not of these kinds is refused. */
export type CursorPart = 'text' | 'uuid' | 'date' | 'timestamp' | 'int';

/** The sort keys of the connections: one schema per kind of cursor. */
export const CURSORS = {
  /** products, organizations, coverageMatrix, the HTML coverage report: [lower(name), id] */
  nameId: ['text', 'uuid'],
  /** awards: [issuedOn, id], newest first */
  dateId: ['date', 'uuid'],
  /** auditTrail: [at, id], oldest first */
  timestampId: ['timestamp', 'uuid'],
  /** the public directory: [kind's rank, lower(organization name), award id] */
  rankNameId: ['int', 'text', 'uuid'],
} as const satisfies Record<string, readonly CursorPart[]>;

type PartValue<P extends CursorPart> = P extends 'int' ? number : P extends CursorPart ? string : never;
export type CursorKey<S extends readonly CursorPart[]> = { -readonly [I in keyof S]: PartValue<S[I]> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PART_CHECKS: Record<CursorPart, (value: unknown) => boolean> = {
  text: (v) => typeof v === 'string' && v.length <= 1000 && !v.includes('\u0000'),
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  date: (v) => typeof v === 'string' && isIsoDate(v),
  int: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
  timestamp: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(v) && !Number.isNaN(Date.parse(v)),
};

export class BadCursorError extends DomainError {
  constructor(field: string) {
    super('BAD_USER_INPUT', `${field} is not a cursor this API issued`, field);
  }
}

/**
 * The one decoder of cursors: base64url JSON of an array whose parts match the connection's schema,
 * or a BAD_USER_INPUT (BadCursorError) naming the argument. Nothing unchecked reaches SQL.
 */
export function decodeCursor<S extends readonly CursorPart[]>(cursor: string | null | undefined, schema: S, field = 'after'): CursorKey<S> | null {
  if (cursor === null || cursor === undefined) return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadCursorError(field);
  }
  if (!Array.isArray(key) || key.length !== schema.length || !schema.every((part, i) => PART_CHECKS[part](key[i]))) {
    throw new BadCursorError(field);
  }
  return key as CursorKey<S>;
}

export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number;
}

/** Builds a Page from rows fetched with limit first+1 (the extra row only tells whether more exist). */
export function toPage<T>(rows: T[], first: number, cursorOf: (row: T) => string, totalCount: number, after: boolean): Page<T> {
  const nodes = rows.slice(0, first);
  return {
    nodes,
    cursors: nodes.map(cursorOf),
    hasNextPage: rows.length > first,
    hasPreviousPage: after,
    totalCount,
  };
}

export function pageInfoOf(page: Page<unknown>): PageInfo {
  return {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    startCursor: page.cursors[0] ?? null,
    endCursor: page.cursors[page.cursors.length - 1] ?? null,
  };
}

/** A Relay connection type for a node type: edges { cursor node }, nodes, pageInfo, totalCount. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => [nodeType], { description: 'The nodes of edges, for clients that need no cursors.' })
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many nodes match, across all pages.' })
    totalCount!: number;
  }
  return { Connection, Edge };
}

export function toConnection<T>(page: Page<T>) {
  return {
    edges: page.nodes.map((node, i) => ({ node, cursor: page.cursors[i] })),
    nodes: page.nodes,
    pageInfo: pageInfoOf(page),
    totalCount: page.totalCount,
  };
}
