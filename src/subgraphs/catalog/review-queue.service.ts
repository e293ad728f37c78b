import type { EntityManager } from '@mikro-orm/postgresql';
import { assertRole, isOwnProposal } from '../../domain/access/policy';
import type { Viewer } from '../../domain/access/roles';
import { type ReviewOutcome, reviewOutcome } from '../../domain/catalog/review-mapping';
import { DomainError, userError, type UserErrorData } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import { checkLength, MAX_TEXT_LENGTH } from '../../domain/input-checks';
import { runMutation } from '../../services/run-mutation';
import { CURSORS, decodeCursor, encodeCursor, pageSize, type Page, toPage } from '../../graphql/pagination';
import { FrameworkService, type FrameworkSnapshot } from '../../reference/framework';
import { actingIdentity } from './actor';
import type { CatalogLoaders } from './catalog.loaders';
import { countReviewQueue, pageReviewQueue, reviewBatch } from './review-queue.repository';
import { MAX_BATCH_REVIEW, type ReviewMappingsInput } from './review-queue.types';

type Loaded<L extends keyof CatalogLoaders> = CatalogLoaders[L] extends { load(key: string): Promise<infer T> } ? NonNullable<T> : never;
type MappingNode = Loaded<'mapping'>;

/**
 * The reviewers' inbox and their batch decisions. The queue costs two statements a page (the page by
 * keyset, the exact count) plus the batched loads of what the page shows; a batch decision is one
 * conditional UPDATE and one audit insert, whatever its size.
 */
export class ReviewQueueService {
  constructor(
    private readonly em: EntityManager,
    private readonly loaders: CatalogLoaders,
    private readonly framework: FrameworkSnapshot,
    private readonly viewer: Viewer | null,
  ) {}

  async queue(args: {
    edition?: string | null;
    organizationId?: string | null;
    first?: number | null;
    after?: string | null;
  }): Promise<Page<MappingNode>> {
    assertRole(this.viewer, ['REVIEWER', 'TAC', 'ADMIN'], 'read the review queue');
    const first = pageSize(args.first);
    if (args.organizationId != null && !isUuid(args.organizationId)) {
      throw new DomainError('BAD_USER_INPUT', `"${args.organizationId}" is not an organization id`, 'organizationId');
    }
    const editionId = args.edition ? new FrameworkService(this.framework).edition(args.edition).id : null;
    const cursor = decodeCursor(args.after, CURSORS.timestampId);
    const filter = { editionId, organizationId: args.organizationId ?? null };
    const [rows, total] = await Promise.all([
      pageReviewQueue(this.em, { ...filter, after: cursor, limit: first + 1 }),
      countReviewQueue(this.em, filter),
    ]);
    const nodes = await this.loaders.mapping.loadMany(rows.map((r) => r.id));
    const found = rows.flatMap((row, i) => {
      const node = nodes[i];
      return node && !(node instanceof Error) ? [{ row, node }] : [];
    });
    const page = toPage(found, first, ({ row }) => encodeCursor([row.proposedAt, row.id]), total, cursor !== null);
    return { ...page, nodes: page.nodes.map((f) => f.node) };
  }

  /**
   * One decision over many mappings, all or nothing: a reviewer clears a vendor's sheet as one act, and
   * a batch half-applied (some approved, some left because one was stale) would leave coverage in a state
   * nobody decided. Unknown ids are payload errors naming the item; a mapping no longer awaiting review,
   * or changed since the reviewer saw it, is a CONFLICT for the batch; approving one's own proposal is
   * FORBIDDEN (four eyes), as for a single review.
   */
  async reviewMappings(input: ReviewMappingsInput): Promise<{ mappings: MappingNode[]; reviewed: number; errors: UserErrorData[] }> {
    const reviewer = actingIdentity(this.viewer);
    const at = new Date();
    type Decided = { status: string; note: string | null; approvedAt: Date | null; versions: Map<string, number> };
    const decision: { done: Decided | null } = { done: null };
    const result = await runMutation<
      { mappings: MappingNode[]; reviewed: number; errors: UserErrorData[] },
      {
        mappings: MappingNode[];
        note: string | null;
        outcome: Extract<ReviewOutcome, { ok: true }>;
      }
    >(this.em, this.viewer, {
      subgraph: 'catalog',
      failed: (errors) => ({ mappings: [], reviewed: 0, errors }),
      authorize: () => assertRole(this.viewer, ['REVIEWER'], 'review mappings'),
      validate: async (errors) => {
        const note = checkLength(input.note, MAX_TEXT_LENGTH, 'input.note', errors, 'The note');
        if (input.items.length === 0) errors.push(userError('BAD_USER_INPUT', 'Name at least one mapping to review', 'input.items'));
        if (input.items.length > MAX_BATCH_REVIEW) {
          errors.push(userError('TOO_LONG', `A batch decides at most ${MAX_BATCH_REVIEW} mappings; got ${input.items.length}`, 'input.items'));
        }
        const seen = new Set<string>();
        input.items.forEach((item, i) => {
          if (seen.has(item.mappingId))
            errors.push(userError('BAD_USER_INPUT', `Mapping "${item.mappingId}" is named twice`, `input.items[${i}].mappingId`));
          seen.add(item.mappingId);
        });
        if (errors.length) return undefined;
        const loaded = await this.loaders.mapping.loadMany(input.items.map((i) => (isUuid(i.mappingId) ? i.mappingId : '')));
        const mappings: MappingNode[] = [];
        input.items.forEach((item, i) => {
          const m = loaded[i];
          if (!m || m instanceof Error) errors.push(userError('NOT_FOUND', `No mapping with id "${item.mappingId}"`, `input.items[${i}].mappingId`));
          else mappings.push(m);
        });
        if (errors.length) return undefined;
        const own = mappings.filter((m) => isOwnProposal(this.viewer!, m.proposedBy));
        if (input.decision === 'APPROVE' && own.length > 0) {
          throw new DomainError('FORBIDDEN', `A reviewer may not approve mappings they proposed (four eyes): ${own.map((m) => m.id).join(', ')}`);
        }
        const undecidable = mappings.flatMap((m) => {
          const outcome = reviewOutcome(m.status, input.decision);
          return outcome.ok ? [] : [`${m.id}: ${outcome.reason}`];
        });
        if (undecidable.length) throw new DomainError('CONFLICT', `Nothing was reviewed; not awaiting review: ${undecidable.join('; ')}`, 'items');
        const outcome = reviewOutcome(mappings[0].status, input.decision) as Extract<ReviewOutcome, { ok: true }>;
        return { mappings, note, outcome };
      },
      write: async (tx, { mappings, note, outcome }) => {
        const items = input.items.map((i) => ({ id: i.mappingId, expectedVersion: i.expectedVersion ?? null }));
        const rows = await reviewBatch(tx, items, {
          status: outcome.status,
          reviewer,
          note,
          at,
          approves: outcome.approves,
          outcome: input.decision,
        });
        if (rows.length !== items.length) {
          const changed = new Set(rows.map((r) => r.id));
          const stale = items.filter((i) => !changed.has(i.id)).map((i) => i.id);
          // Thrown inside the transaction: the UPDATE rolls back with it.
          throw new DomainError(
            'CONFLICT',
            `Nothing was reviewed; changed by someone else meanwhile (reload and try again): ${stale.join(', ')}`,
            'items',
          );
        }
        const versions = new Map(rows.map((r) => [r.id, r.version]));
        const audit = mappings.map((m) => ({
          objectType: 'Mapping',
          objectId: m.id,
          action: `REVIEW_${input.decision}`,
          before: { status: m.status, version: versions.get(m.id)! - 1 },
          after: { status: outcome.status, version: versions.get(m.id)!, note },
          reason: note,
        }));
        decision.done = { status: outcome.status, note, approvedAt: outcome.approves ? at : null, versions };
        return { payload: { mappings, reviewed: mappings.length, errors: [] }, audit };
      },
    });
    // The loaded mappings show the decision once it has committed (changed inside the transaction, the
    // unit of work would write them a second time).
    const done = decision.done;
    if (done) {
      for (const m of result.mappings) {
        Object.assign(m, {
          status: done.status,
          reviewedBy: reviewer,
          reviewedAt: at,
          reviewNote: done.note,
          approvedAt: done.approvedAt,
          version: done.versions.get(m.id),
        });
      }
    }
    return result;
  }
}
