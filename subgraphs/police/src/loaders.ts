import { groupLoader, keyedStatement, numberKey, numberKeyOf, rowLoader } from '@xianjie/subgraph-kit';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { PoliceDatabase, SuspectTable } from './db/database';

type Suspect = Selectable<SuspectTable>;

type Db = Kysely<PoliceDatabase>;
// Each case with its suspects, in one statement (a chain's police case is read with what
// a chain query asks of it in one round trip), and the persons the case names (the
// transfer's party, the suspects recorded): the texts naming them are masked with these
// names for the agency and oversight.
const cases = (db: Db) => db.selectFrom('policeCase').selectAll('policeCase').select(
  sql<Suspect[]>`coalesce((select json_agg(json_build_object('id', s.id, 'police_case_id', s.police_case_id, 'kind', s.kind, 'name', s.name, 'id_number', s.id_number) order by s.id)
    from suspect s where s.police_case_id = police_case.id), '[]'::json)`.as('suspects'),
);
// Each statement is compiled once (keyedStatement) and run with a batch's keys.
const casesById = keyedStatement((db: Db, keys) => cases(db).where('id', '=', keys));
const casesByChainId = keyedStatement((db: Db, keys) => cases(db).where('chainId', '=', keys));
const casesByTransferId = keyedStatement((db: Db, keys) => cases(db).where('transferId', '=', keys));
// By number key (numberKey()): a number matches however its brackets and serial are written.
const casesByNumberKey = keyedStatement((db: Db, keys) => cases(db).where(numberKeyOf('caseNumber'), '=', keys));
const suspectsByCaseIds = keyedStatement((db: Db, keys) => db.selectFrom('suspect').selectAll().where('policeCaseId', '=', keys).orderBy('id'));
const reconsiderationsByCaseIds = keyedStatement((db: Db, keys) => db.selectFrom('reconsideration').selectAll().where('policeCaseId', '=', keys).orderBy('requestedAt'));
const forwardsByCaseIds = keyedStatement((db: Db, keys) => db.selectFrom('caseForward').selectAll().where('policeCaseId', '=', keys).orderBy('forwardedAt'));

/** Per-request loaders: each issues one SQL statement per batch, on an indexed column. */
export function createLoaders(db: Db) {
  const withSuspects = async (rows: Promise<Awaited<ReturnType<typeof casesById>>>) =>
    (await rows).map(({ suspects, ...row }) => {
      loaders.suspectsByCase.prime(row.id, suspects);
      const suspectNames = suspects.filter((x) => x.kind === 'PERSON').map((x) => x.name);
      return { ...row, personNames: [...(row.partyPersonNames ?? []), ...suspectNames] };
    });
  const loaders = {
    caseById: rowLoader((ids: readonly string[]) => withSuspects(casesById(db, ids)), (r) => r.id),
    caseByChainId: rowLoader((ids: readonly string[]) => withSuspects(casesByChainId(db, ids)), (r) => r.chainId),
    caseByTransferId: rowLoader((ids: readonly string[]) => withSuspects(casesByTransferId(db, ids)), (r) => r.transferId),
    caseByNumberKey: rowLoader((keys: readonly string[]) => withSuspects(casesByNumberKey(db, keys)), (r) => numberKey(r.caseNumber)),
    suspectsByCase: groupLoader((ids: readonly string[]) => suspectsByCaseIds(db, ids), (r) => r.policeCaseId),
    reconsiderationsByCase: groupLoader((ids: readonly string[]) => reconsiderationsByCaseIds(db, ids), (r) => r.policeCaseId),
    forwardsByCase: groupLoader((ids: readonly string[]) => forwardsByCaseIds(db, ids), (r) => r.policeCaseId),
  };
  return loaders;
}

export type PoliceLoaders = ReturnType<typeof createLoaders>;
