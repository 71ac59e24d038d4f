import { keyedStatement, numberKey, numberKeyOf, rowLoader } from '@xianjie/subgraph-kit';
import type { Kysely } from 'kysely';
import type { ProcuratorateDatabase } from './db/database';

type Db = Kysely<ProcuratorateDatabase>;
const cases = (db: Db) => db.selectFrom('prosecutionCase').selectAll();
// Each statement is compiled once (keyedStatement) and run with a batch's keys.
const casesById = keyedStatement((db: Db, keys) => cases(db).where('id', '=', keys));
const casesByChainId = keyedStatement((db: Db, keys) => cases(db).where('chainId', '=', keys));
const casesByPoliceCaseId = keyedStatement((db: Db, keys) => cases(db).where('policeCaseId', '=', keys));
// By number key (numberKey()): a number matches however its brackets and serial are written.
const casesByNumberKey = keyedStatement((db: Db, keys) => cases(db).where(numberKeyOf('caseNumber'), '=', keys));
const reverseTransfersByCase = keyedStatement((db: Db, keys) => db.selectFrom('reverseTransfer').selectAll().where('prosecutionCaseId', '=', keys));
const filingSupervisionsByChainId = keyedStatement((db: Db, keys) => db.selectFrom('filingSupervision').selectAll().where('chainId', '=', keys));

/** Per-request loaders: each issues one SQL statement per batch, on an indexed column. */
export function createLoaders(db: Db) {
  return {
    caseById: rowLoader((ids: readonly string[]) => casesById(db, ids), (r) => r.id),
    caseByChainId: rowLoader((ids: readonly string[]) => casesByChainId(db, ids), (r) => r.chainId),
    caseByPoliceCaseId: rowLoader((ids: readonly string[]) => casesByPoliceCaseId(db, ids), (r) => r.policeCaseId),
    caseByNumberKey: rowLoader((keys: readonly string[]) => casesByNumberKey(db, keys), (r) => numberKey(r.caseNumber!)),
    reverseTransferByCase: rowLoader((ids: readonly string[]) => reverseTransfersByCase(db, ids), (r) => r.prosecutionCaseId),
    filingSupervisionByChainId: rowLoader((ids: readonly string[]) => filingSupervisionsByChainId(db, ids), (r) => r.chainId),
  };
}

export type ProcuratorateLoaders = ReturnType<typeof createLoaders>;
