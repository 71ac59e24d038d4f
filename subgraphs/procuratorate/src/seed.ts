import type { Kysely } from 'kysely';
import {
  bulkInsert, collectRows, seedChainBatches, type DemoOptions, type ProsecutionCaseRow, type ReverseTransferRow,
} from '@xianjie/subgraph-kit';
import type {
  ProcuratorateDatabase, ProsecutionCaseTable, ProsecutionProgressColumns, ReverseTransferReplyColumns, ReverseTransferTable,
} from './db/database';

// The generator's rows must fit the tables (checked at compile time).
type Fits<T extends U, U> = T;
export type SeedRowsFit = [
  Fits<ProsecutionCaseRow, Omit<ProsecutionCaseTable, keyof ProsecutionProgressColumns>>,
  Fits<ReverseTransferRow, Omit<ReverseTransferTable, keyof ReverseTransferReplyColumns>>,
];

/**
 * Seeds the procuratorate database with its slice of the deterministic demo chains:
 * prosecution reviews and reverse transfers (反向衔接). Only called on an empty database.
 * Returns rows written.
 */
export async function seed(db: Kysely<ProcuratorateDatabase>, options: DemoOptions, progress?: (done: number) => void): Promise<number> {
  return seedChainBatches(options, 'procuratorate', async (chains) => {
    const counts = await Promise.all([
      bulkInsert(db, 'prosecution_case', collectRows(chains, (c) => c.prosecutionCase)),
      bulkInsert(db, 'reverse_transfer', collectRows(chains, (c) => c.reverseTransfer)),
    ]);
    return counts.reduce((a, b) => a + b, 0);
  }, progress);
}
