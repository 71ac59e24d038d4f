import { groupLoader, numberKey, numberKeyOf, rowLoader } from '@xianjie/subgraph-kit';
import { sql, type Kysely } from 'kysely';
import type { PoliceDatabase } from './db/database';

/** Per-request loaders: each issues one SQL statement per batch, on an indexed column. */
export function createLoaders(db: Kysely<PoliceDatabase>) {
  // With the persons the case names (the transfer's party, the suspects recorded): the texts
  // naming them are masked with these names for the agency and oversight.
  const cases = () => db.selectFrom('policeCase').selectAll('policeCase').select(
    sql<string[]>`police_case.party_person_names || array(select s.name from suspect s where s.police_case_id = police_case.id and s.kind = 'PERSON' order by s.id)`.as('personNames'),
  );
  return {
    caseById: rowLoader((ids: readonly string[]) => cases().where('id', 'in', ids).execute(), (r) => r.id),
    caseByChainId: rowLoader((ids: readonly string[]) => cases().where('chainId', 'in', ids).execute(), (r) => r.chainId),
    caseByTransferId: rowLoader((ids: readonly string[]) => cases().where('transferId', 'in', ids).execute(), (r) => r.transferId),
    // By number key (numberKey()): a number matches however its brackets and serial are written.
    caseByNumberKey: rowLoader((keys: readonly string[]) => cases().where(numberKeyOf('caseNumber'), 'in', keys).execute(), (r) => numberKey(r.caseNumber)),
    suspectsByCase: groupLoader(
      (ids: readonly string[]) => db.selectFrom('suspect').selectAll().where('policeCaseId', 'in', ids).orderBy('id').execute(),
      (r) => r.policeCaseId,
    ),
    reconsiderationsByCase: groupLoader(
      (ids: readonly string[]) => db.selectFrom('reconsideration').selectAll().where('policeCaseId', 'in', ids).orderBy('requestedAt').execute(),
      (r) => r.policeCaseId,
    ),
    forwardsByCase: groupLoader(
      (ids: readonly string[]) => db.selectFrom('caseForward').selectAll().where('policeCaseId', 'in', ids).orderBy('forwardedAt').execute(),
      (r) => r.policeCaseId,
    ),
  };
}

export type PoliceLoaders = ReturnType<typeof createLoaders>;
