import { allColumns, groupLoader, joinedTable, keyedStatement, numberKey, numberKeyOf, rowLoader } from '@xianjie/subgraph-kit';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AgencyTable, CaseTransferTable, EnforcementDatabase, PenaltyDecisionTable } from './db/database';

/**
 * A case row as resolvers see it: the case, with what its @access rules read — `published`
 * from its decision, and the names of the persons its facts may name (a person party's).
 */
export const caseColumns = [
  'c.id', 'c.chainId', 'c.caseNumber', 'c.agencyId', 'c.procedure', 'c.violationCategory', 'c.facts',
  'c.partyKind', 'c.partyName', 'c.partyIdNumber', 'c.involvedAmountFen', 'c.illegalGainsFen',
  'c.quantity', 'c.quantityUnit', 'c.registeredAt', 'c.officerIds', 'c.conduct', 'c.salesFen', 'c.unsoldValueFen',
] as const;

export function selectCases(db: Kysely<EnforcementDatabase>) {
  return db
    .selectFrom('administrativeCase as c')
    .leftJoin('penaltyDecision as d', 'd.caseId', 'c.id')
    .select(caseColumns)
    .select((eb) => eb.fn.coalesce('d.published', eb.lit(false)).as('published'))
    .select(sql<string[]>`case when c.party_kind = 'PERSON' then array[c.party_name] else array[]::text[] end`.as('partyPersonNames'));
}

export type CaseRow = Awaited<ReturnType<ReturnType<typeof selectCases>['executeTakeFirstOrThrow']>>;

const DECISION = joinedTable<Selectable<PenaltyDecisionTable>>('d', 'decision', allColumns<Selectable<PenaltyDecisionTable>>()(
  ['caseId', 'documentNumber', 'decidedAt', 'fineFen', 'otherPenalties', 'legalBasis', 'benchmarkId', 'published', 'publishedAt'],
));
const TRANSFER = joinedTable<Selectable<CaseTransferTable>>('t', 'transfer', allColumns<Selectable<CaseTransferTable>>()([
  'id', 'caseId', 'chainId', 'agencyId', 'approvedBy', 'approvedAt', 'transferredAt', 'materials', 'policeBureauCode', 'policeBureauName',
  'proposedAt', 'proposedBy', 'reason', 'refusedAt', 'refusalReason', 'filingDecision', 'filingNoticedAt', 'itemsHandedOverAt', 'forwardedAt',
  'materialsRequestedAt', 'missingMaterials', 'materialsSuppliedAt', 'seizedItems', 'reconsiderationRequestedAt', 'reconsiderationReason',
  'reconsiderationDecidedAt', 'reconsiderationDecision', 'policeClosedAt', 'policeCloseReason', 'filingSupervisionRequestedAt', 'filingSupervisionReason',
]));
const AGENCY = joinedTable<Selectable<AgencyTable>>('a', 'agency', allColumns<Selectable<AgencyTable>>()(['id', 'name', 'kind', 'regionCode', 'creditCode']));

/**
 * Cases looked up by a key, each with its decision, transfer and agency in the same
 * statement: a chain's case is read with what a chain query asks of it in one round trip,
 * and the loaders of those rows are primed with them.
 */
export function selectCasesWithLinks(db: Kysely<EnforcementDatabase>) {
  return selectCases(db)
    .leftJoin('caseTransfer as t', 't.caseId', 'c.id')
    .innerJoin('agency as a', 'a.id', 'c.agencyId')
    .select([...DECISION.select, ...TRANSFER.select, ...AGENCY.select]);
}

type Db = Kysely<EnforcementDatabase>;
// Each statement is compiled once (keyedStatement) and run with a batch's keys.
const casesById = keyedStatement((db: Db, keys) => selectCasesWithLinks(db).where('c.id', '=', keys));
const casesByChainId = keyedStatement((db: Db, keys) => selectCasesWithLinks(db).where('c.chainId', '=', keys));
// By number key (numberKey()): a number matches however its brackets and serial are written.
const casesByNumberKey = keyedStatement((db: Db, keys) => selectCasesWithLinks(db).where(numberKeyOf('c.caseNumber'), '=', keys));
const decisionsByCaseId = keyedStatement((db: Db, keys) => db.selectFrom('penaltyDecision').selectAll().where('caseId', '=', keys));
const transfersById = keyedStatement((db: Db, keys) => db.selectFrom('caseTransfer').selectAll().where('id', '=', keys));
const transfersByCaseId = keyedStatement((db: Db, keys) => db.selectFrom('caseTransfer').selectAll().where('caseId', '=', keys));
const warningsByCaseId = keyedStatement((db: Db, keys) => db.selectFrom('supervisionWarning').selectAll().where('caseId', '=', keys));
const agenciesById = keyedStatement((db: Db, keys) => db.selectFrom('agency').selectAll().where('id', '=', keys));
const officersById = keyedStatement((db: Db, keys) => db.selectFrom('officer').selectAll().where('id', '=', keys));
const opinionsByCaseIds = keyedStatement((db: Db, keys) => db.selectFrom('procuratorialOpinion').selectAll().where('caseId', '=', keys).orderBy('receivedAt'));
const officersByAgencyIds = keyedStatement((db: Db, keys) => db.selectFrom('officer').selectAll().where('agencyId', '=', keys).orderBy('id'));
const powerItemsByAgencyIds = keyedStatement((db: Db, keys) => db.selectFrom('powerItem').selectAll().where('agencyId', '=', keys).orderBy('code'));
const benchmarksByAgencyIds = keyedStatement((db: Db, keys) => db.selectFrom('discretionBenchmark').selectAll().where('agencyId', '=', keys).orderBy('code'));
const benchmarksById = keyedStatement((db: Db, keys) => db.selectFrom('discretionBenchmark').selectAll().where('id', '=', keys));

/** Per-request loaders: each issues one SQL statement per batch, on an indexed column. */
export function createLoaders(db: Db) {
  const withLinks = async (rows: Promise<CaseRow[]>): Promise<CaseRow[]> => primeLinked(await rows);
  /** Primes the loaders with the rows of selectCasesWithLinks (a list page's too): each case, its decision, transfer and agency. */
  const primeLinked = <R extends CaseRow>(rows: R[]): R[] => {
    for (const row of rows as unknown as Record<string, unknown>[]) {
      const caseId = row.id as string;
      loaders.caseById.prime(caseId, row as unknown as CaseRow);
      loaders.decisionByCaseId.prime(caseId, DECISION.take(row));
      const transfer = TRANSFER.take(row);
      loaders.transferByCaseId.prime(caseId, transfer);
      if (transfer) loaders.transferById.prime(transfer.id, transfer);
      const agency = AGENCY.take(row);
      if (agency) loaders.agencyById.prime(agency.id, agency);
    }
    return rows;
  };
  const loaders = {
    primeLinked,
    caseById: rowLoader((ids: readonly string[]) => withLinks(casesById(db, ids)), (r) => r.id),
    caseByChainId: rowLoader((ids: readonly string[]) => withLinks(casesByChainId(db, ids)), (r) => r.chainId),
    caseByNumberKey: rowLoader((keys: readonly string[]) => withLinks(casesByNumberKey(db, keys)), (r) => numberKey(r.caseNumber)),
    decisionByCaseId: rowLoader((ids: readonly string[]) => decisionsByCaseId(db, ids), (r) => r.caseId),
    transferById: rowLoader((ids: readonly string[]) => transfersById(db, ids), (r) => r.id),
    transferByCaseId: rowLoader((ids: readonly string[]) => transfersByCaseId(db, ids), (r) => r.caseId),
    warningByCaseId: rowLoader((ids: readonly string[]) => warningsByCaseId(db, ids), (r) => r.caseId),
    agencyById: rowLoader((ids: readonly string[]) => agenciesById(db, ids), (r) => r.id),
    officerById: rowLoader((ids: readonly string[]) => officersById(db, ids), (r) => r.id),
    opinionsByCaseId: groupLoader((ids: readonly string[]) => opinionsByCaseIds(db, ids), (r) => r.caseId),
    officersByAgency: groupLoader((ids: readonly string[]) => officersByAgencyIds(db, ids), (r) => r.agencyId),
    powerListByAgency: groupLoader((ids: readonly string[]) => powerItemsByAgencyIds(db, ids), (r) => r.agencyId),
    benchmarksByAgency: groupLoader((ids: readonly string[]) => benchmarksByAgencyIds(db, ids), (r) => r.agencyId),
    benchmarkById: rowLoader((ids: readonly string[]) => benchmarksById(db, ids), (r) => r.id),
  };
  return loaders;
}

export type EnforcementLoaders = ReturnType<typeof createLoaders>;
