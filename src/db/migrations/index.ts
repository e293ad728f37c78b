import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261126052723_framework_and_membership } from './Migration20261126052723_framework_and_membership';
import { Migration20261126054751_catalog } from './Migration20261126054751_catalog';
import { Migration20261126055501_certification } from './Migration20261126055501_certification';
import { Migration20261126055810_audit } from './Migration20261126055810_audit';
import { Migration20261126064000_framework_revision } from './Migration20261126064000_framework_revision';
import { Migration20261130061000_product_revision } from './Migration20261130061000_product_revision';

/**
 * Every migration, in order. Listed as classes (not found by scanning files) so the same list runs
 * under tsc, tsx and vitest. New ones come from `npm run db:migration:create -- <name>`.
 */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261126052723_framework_and_membership', class: Migration20261126052723_framework_and_membership },
  { name: 'Migration20261126054751_catalog', class: Migration20261126054751_catalog },
  { name: 'Migration20261126055501_certification', class: Migration20261126055501_certification },
  { name: 'Migration20261126055810_audit', class: Migration20261126055810_audit },
  { name: 'Migration20261126064000_framework_revision', class: Migration20261126064000_framework_revision },
  { name: 'Migration20261130061000_product_revision', class: Migration20261130061000_product_revision },
];
