import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * One line of the audit trail: who did what to which object, when, with the object before and after
 * and the reason given. Written by every subgraph in the same transaction as the change it records,
 * so a change and its record stand or fall together. Never updated or deleted.
 */
@Entity({ tableName: 'audit_event' })
@Index({ properties: ['objectId', 'at'] })
export class AuditEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  at: Date = new Date();

  @Property({ type: 'string', length: 200, nullable: true })
  actorId: string | null = null;

  @Property({ type: 'string', length: 16, nullable: true })
  actorRole: string | null = null;

  @Property({ type: 'string', length: 32 })
  subgraph!: string;

  @Property({ type: 'string', length: 64 })
  objectType!: string;

  @Property({ type: 'uuid' })
  objectId!: string;

  @Property({ type: 'string', length: 64 })
  action!: string;

  @Property({ type: 'json', nullable: true })
  before: unknown = null;

  @Property({ type: 'json', nullable: true })
  after: unknown = null;

  @Property({ type: 'text', nullable: true })
  reason: string | null = null;
}
