import { Check, Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One row: the framework's revision, bumped by the seeder whenever the framework tables change; the
 * process cache of the framework snapshot (src/reference/framework) is keyed by it. Read and written
 * with SQL only; the entity keeps the schema check honest.
 */
@Entity({ tableName: 'framework_revision' })
@Check({ name: 'framework_revision_single_row', expression: '"id" = 1' })
export class FrameworkRevision {
  @PrimaryKey({ type: 'integer', default: 1, autoincrement: false })
  id: number & Opt = 1;

  @Property({ type: 'bigint', default: 0 })
  revision: string & Opt = '0';

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  changedAt: Date & Opt = new Date();
}
