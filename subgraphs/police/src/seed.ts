import type { Kysely } from 'kysely';
import {
  bulkInsert, collectRows, seedChainBatches,
  type DemoOptions, type PoliceCaseRow, type ReconsiderationRow, type SuspectRow,
} from '@xianjie/subgraph-kit';
import type { PoliceCaseProgressColumns, PoliceCaseTable, PoliceDatabase, ReconsiderationTable, SuspectTable } from './db/database';

// The generator's rows must fit the tables (checked at compile time).
type Fits<T extends U, U> = T;
export type SeedRowsFit = [Fits<PoliceCaseRow, Omit<PoliceCaseTable, keyof PoliceCaseProgressColumns>>, Fits<ReconsiderationRow, Omit<ReconsiderationTable, 'requestReason'>>, Fits<SuspectRow, SuspectTable>];

/**
 * Seeds the police database with its slice of the deterministic demo chains: police cases
 * received from transfers, suspects and reconsiderations (复议). Only called on an empty
 * database. Returns rows written.
 */
export async function seed(db: Kysely<PoliceDatabase>, options: DemoOptions, progress?: (done: number) => void): Promise<number> {
  return seedChainBatches(options, 'police', async (chains) => {
    const counts = await Promise.all([
      bulkInsert(db, 'police_case', collectRows(chains, (c) => c.policeCase)),
      bulkInsert(db, 'suspect', collectRows(chains, (c) => c.suspects)),
      bulkInsert(db, 'reconsideration', collectRows(chains, (c) => c.reconsiderations)),
    ]);
    return counts.reduce((a, b) => a + b, 0);
  }, progress);
}
