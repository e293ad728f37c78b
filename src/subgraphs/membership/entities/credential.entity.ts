import { Entity, Enum, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../../db/base.entity';
import { CREDENTIAL_KINDS, type CredentialKind } from '../../../domain/membership/membership';
import { Person } from './person.entity';

@Entity({ tableName: 'credential' })
export class Credential extends BaseEntity<'expiresOn'> {
  @ManyToOne(() => Person, { ref: true, deleteRule: 'cascade', index: true })
  person!: Ref<Person>;

  @Enum({ items: () => [...CREDENTIAL_KINDS], type: 'string' })
  kind!: CredentialKind;

  @Property({ type: 'date' })
  awardedOn!: string;

  /** First day the credential no longer counts (exclusive); null when it does not expire. */
  @Property({ type: 'date', nullable: true })
  expiresOn: string | null = null;
}
