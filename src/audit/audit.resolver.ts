import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { assertRole } from '../domain/access/policy';
import { isUuid } from '../domain/ids';
import type { Context } from '../graphql/context';
import { ConnectionType, CURSORS, decodeCursor, encodeCursor, pageSize, toConnection, toPage } from '../graphql/pagination';
import { sqlRows } from '../db/sql';

@ObjectType('AuditEvent', { description: 'One change: who, when, what, the object before and after, and why.' })
export class AuditEventType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'When, as an ISO 8601 UTC timestamp.' })
  at!: string;

  @Field(() => String, { nullable: true })
  actorId!: string | null;

  @Field(() => String, { nullable: true })
  actorRole!: string | null;

  @Field(() => String)
  objectType!: string;

  @Field(() => ID)
  objectId!: string;

  @Field(() => String)
  action!: string;

  @Field(() => GraphQLJSON, { nullable: true })
  before!: unknown;

  @Field(() => GraphQLJSON, { nullable: true })
  after!: unknown;

  @Field(() => String, { nullable: true })
  reason!: string | null;
}

const { Connection: AuditEventConnection } = ConnectionType(AuditEventType, 'AuditEvent');

interface AuditRow extends AuditEventType {
  total: number;
}

async function pageAudit(em: EntityManager, objectId: string, first: number, after: (string | number)[] | null) {
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

@Resolver()
export class AuditResolver {
  @Query(() => AuditEventConnection, { nullable: true, description: 'The audit trail of one object (organization, product, mapping, evidence, application…), oldest first. Foundation staff only.' })
  async auditTrail(
    @Arg('objectId', () => ID) objectId: string,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    assertRole(ctx.viewer, ['REVIEWER', 'TAC', 'ADMIN'], 'read the audit trail');
    return toConnection(await pageAudit(ctx.em, objectId, pageSize(first), decodeCursor(after, CURSORS.timestampId)));
  }
}
