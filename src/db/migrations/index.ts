import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261126052723_framework_and_membership } from './Migration20261126052723_framework_and_membership';

/**
 * Every migration, in order. Listed as classes (not found by scanning files) so the same list runs
 * under tsc, tsx and vitest. New ones come from `npm run db:migration:create -- <name>`.
 */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261126052723_framework_and_membership', class: Migration20261126052723_framework_and_membership },
];
