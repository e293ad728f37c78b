import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { assertRole } from '../domain/access/policy';
import type { Context } from '../graphql/context';
import { ConnectionType, CURSORS, decodeCursor, pageSize, toConnection } from '../graphql/pagination';
import { pageAudit } from './audit.repository';

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

@Resolver()
export class AuditResolver {
  @Query(() => AuditEventConnection, {
    nullable: true,
    description: 'The audit trail of one object (organization, product, mapping, evidence, application…), oldest first. Foundation staff only.',
  })
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
