import { ClassType, Directive, Field, Int, ObjectType } from 'type-graphql';
import { DomainError } from '../domain/errors';

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

export function decodeCursor(cursor: string | null | undefined, arity: number): (string | number)[] | null {
  if (cursor === null || cursor === undefined) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === 'string' || typeof k === 'number')) {
      return key;
    }
  } catch {
    // fall through to the error below
  }
  throw new DomainError('BAD_USER_INPUT', 'after is not a cursor this API issued', 'after');
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
