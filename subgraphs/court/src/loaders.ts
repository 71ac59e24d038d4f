import { numberKey, numberKeyOf, rowLoader } from '@xianjie/subgraph-kit';
import type { Kysely, Selectable } from 'kysely';
import type { CourtDatabase, CriminalTrialTable } from './db/database';

/** A trial row with `effective` for its @access rule: public once the judgment has taken effect. */
export type TrialRow = Selectable<CriminalTrialTable> & { effective: boolean };

export const withEffect = (rows: Selectable<CriminalTrialTable>[]): TrialRow[] => {
  const now = Date.now();
  return rows.map((row) => ({ ...row, effective: row.effectiveAt !== null && row.effectiveAt.getTime() <= now }));
};

/** Per-request loaders: each issues one SQL statement per batch, on an indexed column. */
export function createLoaders(db: Kysely<CourtDatabase>) {
  const trials = () => db.selectFrom('criminalTrial').selectAll();
  return {
    trialById: rowLoader(async (ids: readonly string[]) => withEffect(await trials().where('id', 'in', ids).execute()), (r) => r.id),
    trialByChainId: rowLoader(async (ids: readonly string[]) => withEffect(await trials().where('chainId', 'in', ids).execute()), (r) => r.chainId),
    trialByProsecutionId: rowLoader(
      async (ids: readonly string[]) => withEffect(await trials().where('prosecutionCaseId', 'in', ids).execute()),
      (r) => r.prosecutionCaseId,
    ),
    // By number key (numberKey()): a number matches however its brackets and serial are
    // written. Only accepted trials have a number; the others never match.
    trialByNumberKey: rowLoader(
      async (keys: readonly string[]) => withEffect(await trials().where(numberKeyOf('caseNumber'), 'in', keys).execute()),
      (r) => numberKey(r.caseNumber ?? ''),
    ),
  };
}

export type CourtLoaders = ReturnType<typeof createLoaders>;
