import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type AuditEntry, recordAudit } from '../audit';
import type { Viewer } from '../domain/access/roles';
import { DomainError, type DomainErrorCode, type UserErrorData, userError } from '../domain/errors';

/**
 * The one way every mutation of every subgraph runs: authorize → validate → one transaction holding
 * the write and its audit events → payload.
 *
 * Where each failure surfaces (the same in every subgraph; see the README, "Errors"):
 * - refusals (UNAUTHENTICATED, FORBIDDEN) and conflicts of state (a stale expectedVersion, a row changed
 *   meanwhile, a workflow step the current status does not allow: CONFLICT) are top-level GraphQL errors
 *   with `extensions.code`, thrown from any step;
 * - problems with the input (validation, an unknown id named in the input, a duplicate) are payload
 *   `errors`, and nothing is written.
 */
export interface MutationSteps<R extends { errors: UserErrorData[] }, P> {
  subgraph: AuditEntry['subgraph'];
  /** The payload when nothing was written: its object fields null, and the errors. */
  failed: (errors: UserErrorData[]) => NoInfer<R>;
  /** Who may: throws UNAUTHENTICATED or FORBIDDEN (a step may also refuse later, once it knows the owner). */
  authorize: () => void;
  /** Checks of the input that write nothing: pushes payload errors, returns what the write needs. */
  validate: (errors: UserErrorData[]) => P | undefined | Promise<P | undefined>;
  /** The write, through `tx` only, and its audit events (committed together or not at all). */
  write: (tx: EntityManager, input: P) => Promise<{ payload: NoInfer<R>; audit: Omit<AuditEntry, 'subgraph'>[] }>;
  /** A dry run reads only: it runs without a transaction (and records no audit event). */
  readOnly?: boolean;
  /** A unique index refused a row: the input duplicates something (a payload error). Without it, a CONFLICT. */
  duplicate?: () => UserErrorData;
}

/** Codes that are never payload data: the caller may not, or the state does not allow it. */
const TOP_LEVEL: ReadonlySet<DomainErrorCode> = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'CONFLICT']);

function isUniqueViolation(err: unknown): boolean {
  return (
    err instanceof UniqueConstraintViolationException || (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505')
  );
}

export async function runMutation<R extends { errors: UserErrorData[] }, P>(
  em: EntityManager,
  viewer: Viewer | null,
  steps: MutationSteps<R, P>,
): Promise<R> {
  try {
    steps.authorize();
    const errors: UserErrorData[] = [];
    const input = await steps.validate(errors);
    if (errors.length) return steps.failed(errors);
    if (input === undefined) throw new Error("A mutation's validate step returned nothing and reported no error");
    const run = async (tx: EntityManager) => {
      const { payload, audit } = await steps.write(tx, input);
      if (!steps.readOnly)
        await recordAudit(
          tx,
          viewer,
          audit.map((entry) => ({ ...entry, subgraph: steps.subgraph })),
        );
      return payload;
    };
    return steps.readOnly ? await run(em) : await em.transactional(run);
  } catch (err) {
    if (err instanceof DomainError) {
      if (TOP_LEVEL.has(err.code)) throw err;
      const code = err.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'BAD_USER_INPUT';
      return steps.failed([userError(code, err.message, err.field ? `input.${err.field}` : null)]);
    }
    if (err instanceof OptimisticLockError) {
      throw new DomainError('CONFLICT', 'It was changed by someone else meanwhile; reload it and try again');
    }
    if (isUniqueViolation(err)) {
      if (steps.duplicate) return steps.failed([steps.duplicate()]);
      throw new DomainError('CONFLICT', 'It was changed by someone else meanwhile; nothing was written, reload it and try again');
    }
    throw err;
  }
}
