import type { Kysely } from 'kysely';
import { bulkInsert, collectRows, seedChainBatches, type CriminalTrialRow, type DemoOptions } from '@xianjie/subgraph-kit';
import type { CourtDatabase, CriminalTrialTable, TrialProgressColumns } from './db/database';

// The generator's rows must fit the table (checked at compile time).
type Fits<T extends U, U> = T;
export type SeedRowsFit = [Fits<CriminalTrialRow, Omit<CriminalTrialTable, keyof TrialProgressColumns>>];

/**
 * Seeds the court database with its slice of the deterministic demo chains: criminal
 * trials, with the administrative fine offset against the criminal fine. Only called on an
 * empty database. Returns rows written.
 */
export async function seed(db: Kysely<CourtDatabase>, options: DemoOptions, progress?: (done: number) => void): Promise<number> {
  return seedChainBatches(options, 'court', (chains) => bulkInsert(db, 'criminal_trial', collectRows(chains, (c) => c.criminalTrial)), progress);
}
