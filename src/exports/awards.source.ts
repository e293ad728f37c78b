import type { EntityManager } from '@mikro-orm/postgresql';
import { selectAwardsPage } from '../badges/badge.repository';
import { badgeBaseUrl } from '../badges/badges';
import { awardStatusOn, badgeLinks, lastValidDay, statusListPosition } from '../domain/badges/open-badge';
import { todayIso } from '../domain/calendar';
import type { Cell, ProgressListener, Report, ReportColumn } from './report';

// Every award ever issued, valid or not, with its status today and its badge's addresses: for the
// Foundation's analysts. Keyset pages of 500 by issue date, one statement a page.

export const AWARDS_PAGE_SIZE = 500;

const COLUMNS: ReportColumn[] = [
  { key: 'awardId', label: 'Award ID', width: 38 },
  { key: 'kind', label: 'Kind', width: 20 },
  { key: 'certification', label: 'Certification', width: 36 },
  { key: 'organization', label: 'Organization', width: 32 },
  { key: 'organizationId', label: 'Organization ID', width: 38 },
  { key: 'product', label: 'Product', width: 32 },
  { key: 'productId', label: 'Product ID', width: 38 },
  { key: 'program', label: 'Program', width: 10 },
  { key: 'edition', label: 'Edition', width: 10 },
  { key: 'issuedOn', label: 'Issued', width: 12 },
  { key: 'validThrough', label: 'Valid through', width: 12 },
  { key: 'status', label: 'Status', width: 14 },
  { key: 'revokedAt', label: 'Revoked at', width: 22 },
  { key: 'statusList', label: 'Status list', width: 8 },
  { key: 'statusListIndex', label: 'Status list index', width: 10 },
  { key: 'verificationUrl', label: 'Verification URL', width: 60 },
];

export function awardsReport(em: EntityManager, generatedAt: string, onProgress?: ProgressListener): Report {
  const asOf = todayIso();
  return {
    report: 'awards',
    title: 'Certification awards',
    edition: 'all',
    program: null,
    asOf,
    generatedAt,
    parts: [
      {
        name: 'awards',
        title: 'Awards',
        columns: COLUMNS,
        frozenColumns: 1,
        async *rows(): AsyncGenerator<Cell[]> {
          let after: [string, string] | null = null;
          let done = 0;
          for (;;) {
            const page = await selectAwardsPage(em, after, AWARDS_PAGE_SIZE);
            for (const a of page) {
              const { list, entry } = statusListPosition(a.statusListIndex);
              yield [
                a.id,
                a.kind,
                a.kindName,
                a.organizationName,
                a.organizationId,
                a.productName,
                a.productId,
                a.program,
                a.edition,
                a.issuedOn,
                lastValidDay(a.expiresOn),
                awardStatusOn(a, asOf),
                a.revokedAt,
                list,
                entry,
                badgeLinks(badgeBaseUrl(), a.id).page,
              ];
            }
            done += page.length;
            onProgress?.({ part: 'awards', done, total: done });
            if (page.length < AWARDS_PAGE_SIZE) return;
            const last = page[page.length - 1];
            after = [last.issuedOn, last.id];
          }
        },
      },
    ],
  };
}
