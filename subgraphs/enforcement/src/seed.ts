import type { Kysely } from 'kysely';
import {
  bulkInsert, collectRows, demoReferenceData, seedChainBatches,
  type AdministrativeCaseRow, type CaseTransferRow, type DemoOptions, type PenaltyDecisionRow,
} from '@xianjie/subgraph-kit';
import type { AdministrativeCaseTable, CaseTransferTable, EnforcementDatabase, PenaltyDecisionTable, TransferProgressColumns } from './db/database';

// The generator's rows must fit the tables (checked at compile time).
type Fits<T extends U, U> = T;
export type SeedRowsFit = [
  Fits<AdministrativeCaseRow, AdministrativeCaseTable>, Fits<PenaltyDecisionRow, PenaltyDecisionTable>, Fits<CaseTransferRow, Omit<CaseTransferTable, keyof TransferProgressColumns>>,
];

/**
 * Seeds the enforcement database with the deterministic demo: agencies, officers, power
 * lists and discretion benchmarks, then every chain's administrative case, penalty decision
 * and transfer, in batches. Only called on an empty database. Returns rows written.
 */
export async function seed(db: Kysely<EnforcementDatabase>, options: DemoOptions, progress?: (done: number) => void): Promise<number> {
  const ref = demoReferenceData(options.seed);
  let rows = 0;
  rows += await bulkInsert(db, 'agency', ref.agencies);
  rows += await bulkInsert(db, 'officer', ref.officers);
  rows += await bulkInsert(db, 'power_item', ref.powerItems);
  rows += await bulkInsert(db, 'discretion_benchmark', ref.benchmarks);
  rows += await seedChainBatches(options, 'enforcement', async (chains) => {
    const counts = await Promise.all([
      bulkInsert(db, 'administrative_case', collectRows(chains, (c) => c.administrativeCase)),
      bulkInsert(db, 'penalty_decision', collectRows(chains, (c) => c.penaltyDecision)),
      bulkInsert(db, 'case_transfer', collectRows(chains, (c) => c.transfer)),
    ]);
    return counts.reduce((a, b) => a + b, 0);
  }, progress);
  return rows;
}
