import { numberKey, numberKeyOf, rowLoader } from '@xianjie/subgraph-kit';
import type { Kysely } from 'kysely';
import type { ProcuratorateDatabase } from './db/database';

/** Per-request loaders: each issues one SQL statement per batch, on an indexed column. */
export function createLoaders(db: Kysely<ProcuratorateDatabase>) {
  const cases = () => db.selectFrom('prosecutionCase').selectAll();
  return {
    caseById: rowLoader((ids: readonly string[]) => cases().where('id', 'in', ids).execute(), (r) => r.id),
    caseByChainId: rowLoader((ids: readonly string[]) => cases().where('chainId', 'in', ids).execute(), (r) => r.chainId),
    caseByPoliceCaseId: rowLoader((ids: readonly string[]) => cases().where('policeCaseId', 'in', ids).execute(), (r) => r.policeCaseId),
    // By number key (numberKey()): a number matches however its brackets and serial are written.
    caseByNumberKey: rowLoader((keys: readonly string[]) => cases().where(numberKeyOf('caseNumber'), 'in', keys).execute(), (r) => numberKey(r.caseNumber!)),
    reverseTransferByCase: rowLoader(
      (ids: readonly string[]) => db.selectFrom('reverseTransfer').selectAll().where('prosecutionCaseId', 'in', ids).execute(),
      (r) => r.prosecutionCaseId,
    ),
    filingSupervisionByChainId: rowLoader(
      (ids: readonly string[]) => db.selectFrom('filingSupervision').selectAll().where('chainId', 'in', ids).execute(),
      (r) => r.chainId,
    ),
  };
}

export type ProcuratorateLoaders = ReturnType<typeof createLoaders>;
