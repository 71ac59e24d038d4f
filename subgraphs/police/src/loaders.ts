import { groupLoader, numberKey, numberKeyOf, rowLoader } from '@xianjie/subgraph-kit';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { PoliceDatabase, SuspectTable } from './db/database';

type Suspect = Selectable<SuspectTable>;

/** Per-request loaders: each issues one SQL statement per batch, on an indexed column. */
export function createLoaders(db: Kysely<PoliceDatabase>) {
  // Each case with its suspects, in one statement (a chain's police case is read with what
  // a chain query asks of it in one round trip), and the persons the case names (the
  // transfer's party, the suspects recorded): the texts naming them are masked with these
  // names for the agency and oversight.
  const cases = () => db.selectFrom('policeCase').selectAll('policeCase').select(
    sql<Suspect[]>`coalesce((select json_agg(json_build_object('id', s.id, 'police_case_id', s.police_case_id, 'kind', s.kind, 'name', s.name, 'id_number', s.id_number) order by s.id)
      from suspect s where s.police_case_id = police_case.id), '[]'::json)`.as('suspects'),
  );
  const withSuspects = async (query: ReturnType<typeof cases>) =>
    (await query.execute()).map(({ suspects, ...row }) => {
      loaders.suspectsByCase.prime(row.id, suspects);
      const suspectNames = suspects.filter((x) => x.kind === 'PERSON').map((x) => x.name);
      return { ...row, personNames: [...(row.partyPersonNames ?? []), ...suspectNames] };
    });
  const loaders = {
    caseById: rowLoader((ids: readonly string[]) => withSuspects(cases().where('id', 'in', ids)), (r) => r.id),
    caseByChainId: rowLoader((ids: readonly string[]) => withSuspects(cases().where('chainId', 'in', ids)), (r) => r.chainId),
    caseByTransferId: rowLoader((ids: readonly string[]) => withSuspects(cases().where('transferId', 'in', ids)), (r) => r.transferId),
    // By number key (numberKey()): a number matches however its brackets and serial are written.
    caseByNumberKey: rowLoader((keys: readonly string[]) => withSuspects(cases().where(numberKeyOf('caseNumber'), 'in', keys)), (r) => numberKey(r.caseNumber)),
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
  return loaders;
}

export type PoliceLoaders = ReturnType<typeof createLoaders>;
