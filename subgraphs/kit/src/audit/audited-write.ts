import type { Transaction } from 'kysely';
import type { SubgraphContext } from '../subgraph/subgraph-module';
import { forgetLoaded } from '../graphql/loaders';
import { appendAuditBatches } from './audit-log';

/** What a write changes: the record and its fields, as the audit log records it. */
export interface AuditedChange {
  entity: string;
  recordId: string;
  fields: string[];
}

/**
 * Runs a write and appends its audit entry in one transaction: the change and the record
 * of who made it commit together, or neither does.
 *
 * @example
 * await auditedWrite(ctx, { entity: 'PenaltyDecision', recordId: id, fields: ['published'] }, (tx) =>
 *   tx.updateTable('penaltyDecision').set({ published: true }).where('caseId', '=', id).execute());
 */
export async function auditedWrite<DB, T>(
  ctx: SubgraphContext<DB>,
  change: AuditedChange,
  write: (tx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  const result = await ctx.db.transaction().execute(async (tx) => {
    const written = await write(tx);
    await appendAuditBatches(tx, [{ viewer: ctx.viewer, requestId: ctx.requestId, entries: [{ action: 'write', ...change }] }], ctx.auditLatency);
    return written;
  });
  forgetLoaded(ctx.loaders);
  return result;
}
