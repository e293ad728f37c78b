import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261126052723_framework_and_membership } from './Migration20261126052723_framework_and_membership';
import { Migration20261126054751_catalog } from './Migration20261126054751_catalog';
import { Migration20261126055501_certification } from './Migration20261126055501_certification';
import { Migration20261126055810_audit } from './Migration20261126055810_audit';
import { Migration20261126064000_framework_revision } from './Migration20261126064000_framework_revision';
import { Migration20261130060000_coverage_and_history } from './Migration20261130060000_coverage_and_history';
import { Migration20261130063000_unique_names } from './Migration20261130063000_unique_names';
import { Migration20261130064000_badges } from './Migration20261130064000_badges';
import { Migration20261130065000_review_queue } from './Migration20261130065000_review_queue';
import { Migration20261130066000_mapping_capability_order } from './Migration20261130066000_mapping_capability_order';
import { Migration20261130070000_product_revision } from './Migration20261130070000_product_revision';
import { Migration20261130071000_list_indexes } from './Migration20261130071000_list_indexes';

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
  { name: 'Migration20261130060000_coverage_and_history', class: Migration20261130060000_coverage_and_history },
  { name: 'Migration20261130063000_unique_names', class: Migration20261130063000_unique_names },
  { name: 'Migration20261130064000_badges', class: Migration20261130064000_badges },
  { name: 'Migration20261130065000_review_queue', class: Migration20261130065000_review_queue },
  { name: 'Migration20261130066000_mapping_capability_order', class: Migration20261130066000_mapping_capability_order },
  { name: 'Migration20261130070000_product_revision', class: Migration20261130070000_product_revision },
  { name: 'Migration20261130071000_list_indexes', class: Migration20261130071000_list_indexes },
];
