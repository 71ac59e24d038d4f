import { keyedStatement, numberKey, numberKeyOf, rowLoader } from '@xianjie/subgraph-kit';
import type { Kysely, Selectable } from 'kysely';
import type { CourtDatabase, CriminalTrialTable } from './db/database';

/** A trial row with `effective` for its @access rule: public once the judgment has taken effect. */
export type TrialRow = Selectable<CriminalTrialTable> & { effective: boolean };

export const withEffect = (rows: Selectable<CriminalTrialTable>[]): TrialRow[] => {
  const now = Date.now();
  return rows.map((row) => ({ ...row, effective: row.effectiveAt !== null && row.effectiveAt.getTime() <= now }));
};

type Db = Kysely<CourtDatabase>;
const trials = (db: Db) => db.selectFrom('criminalTrial').selectAll();
// Each statement is compiled once (keyedStatement) and run with a batch's keys.
const trialsById = keyedStatement((db: Db, keys) => trials(db).where('id', '=', keys));
const trialsByChainId = keyedStatement((db: Db, keys) => trials(db).where('chainId', '=', keys));
const trialsByProsecutionId = keyedStatement((db: Db, keys) => trials(db).where('prosecutionCaseId', '=', keys));
// By number key (numberKey()): a number matches however its brackets and serial are
// written. Only accepted trials have a number; the others never match.
const trialsByNumberKey = keyedStatement((db: Db, keys) => trials(db).where(numberKeyOf('caseNumber'), '=', keys));

/** Per-request loaders: each issues one SQL statement per batch, on an indexed column. */
export function createLoaders(db: Db) {
  return {
    trialById: rowLoader(async (ids: readonly string[]) => withEffect(await trialsById(db, ids)), (r) => r.id),
    trialByChainId: rowLoader(async (ids: readonly string[]) => withEffect(await trialsByChainId(db, ids)), (r) => r.chainId),
    trialByProsecutionId: rowLoader(async (ids: readonly string[]) => withEffect(await trialsByProsecutionId(db, ids)), (r) => r.prosecutionCaseId),
    trialByNumberKey: rowLoader(async (keys: readonly string[]) => withEffect(await trialsByNumberKey(db, keys)), (r) => numberKey(r.caseNumber ?? '')),
  };
}

export type CourtLoaders = ReturnType<typeof createLoaders>;
