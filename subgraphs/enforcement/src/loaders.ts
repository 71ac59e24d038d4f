import { groupLoader, numberKey, numberKeyOf, rowLoader } from '@xianjie/subgraph-kit';
import { sql, type Kysely } from 'kysely';
import type { EnforcementDatabase } from './db/database';

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

/** Per-request loaders: each issues one SQL statement per batch, on an indexed column. */
export function createLoaders(db: Kysely<EnforcementDatabase>) {
  return {
    caseById: rowLoader((ids: readonly string[]) => selectCases(db).where('c.id', 'in', ids).execute(), (r) => r.id),
    caseByChainId: rowLoader((ids: readonly string[]) => selectCases(db).where('c.chainId', 'in', ids).execute(), (r) => r.chainId),
    // By number key (numberKey()): a number matches however its brackets and serial are written.
    caseByNumberKey: rowLoader((keys: readonly string[]) => selectCases(db).where(numberKeyOf('c.caseNumber'), 'in', keys).execute(), (r) => numberKey(r.caseNumber)),
    decisionByCaseId: rowLoader(
      (ids: readonly string[]) => db.selectFrom('penaltyDecision').selectAll().where('caseId', 'in', ids).execute(),
      (r) => r.caseId,
    ),
    transferById: rowLoader(
      (ids: readonly string[]) => db.selectFrom('caseTransfer').selectAll().where('id', 'in', ids).execute(),
      (r) => r.id,
    ),
    transferByCaseId: rowLoader(
      (ids: readonly string[]) => db.selectFrom('caseTransfer').selectAll().where('caseId', 'in', ids).execute(),
      (r) => r.caseId,
    ),
    warningByCaseId: rowLoader(
      (ids: readonly string[]) => db.selectFrom('supervisionWarning').selectAll().where('caseId', 'in', ids).execute(),
      (r) => r.caseId,
    ),
    agencyById: rowLoader((ids: readonly string[]) => db.selectFrom('agency').selectAll().where('id', 'in', ids).execute(), (r) => r.id),
    officerById: rowLoader((ids: readonly string[]) => db.selectFrom('officer').selectAll().where('id', 'in', ids).execute(), (r) => r.id),
    opinionsByCaseId: groupLoader(
      (ids: readonly string[]) => db.selectFrom('procuratorialOpinion').selectAll().where('caseId', 'in', ids).orderBy('receivedAt').execute(),
      (r) => r.caseId,
    ),
    officersByAgency: groupLoader(
      (ids: readonly string[]) => db.selectFrom('officer').selectAll().where('agencyId', 'in', ids).orderBy('id').execute(),
      (r) => r.agencyId,
    ),
    powerListByAgency: groupLoader(
      (ids: readonly string[]) => db.selectFrom('powerItem').selectAll().where('agencyId', 'in', ids).orderBy('code').execute(),
      (r) => r.agencyId,
    ),
    benchmarksByAgency: groupLoader(
      (ids: readonly string[]) => db.selectFrom('discretionBenchmark').selectAll().where('agencyId', 'in', ids).orderBy('code').execute(),
      (r) => r.agencyId,
    ),
    benchmarkById: rowLoader(
      (ids: readonly string[]) => db.selectFrom('discretionBenchmark').selectAll().where('id', 'in', ids).execute(),
      (r) => r.id,
    ),
  };
}

export type EnforcementLoaders = ReturnType<typeof createLoaders>;
