import { numberKeyOf, searchResolver, type SubgraphContext } from '@xianjie/subgraph-kit';
import { sql, type Selectable } from 'kysely';
import type { PoliceCaseTable, PoliceDatabase } from './db/database';
import type { PoliceLoaders } from './loaders';

type Context = SubgraphContext<PoliceDatabase, PoliceLoaders>;

const caseHit = (field: string, matched: string) => (c: Selectable<PoliceCaseTable>) => ({
  row: c, chain: { id: c.chainId }, field, matched, recordType: 'PoliceCase', recordId: c.id, number: c.caseNumber,
});

/** Cases by a suspect's ID number or name, newest first, each case once. */
const bySuspect = (field: string, column: 'idNumber' | 'name') => async (value: string, limit: number, ctx: Context) => {
  const rows = await ctx.db
    .selectFrom('policeCase as c')
    .innerJoin('suspect as s', 's.policeCaseId', 'c.id')
    .selectAll('c')
    .select(`s.${column} as matched`)
    .where(column === 'idNumber' ? sql<string>`upper(s.id_number)` : sql<string>`s.name`, '=', value)
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.id) && seen.add(r.id)).map((r) => caseHit(field, r.matched)(r));
};

/**
 * The police's hits of a search (caseSearch): by chain id, the case number (受案/立案), the
 * filing number (立案决定书), and a suspect's ID number or name. Each finder is one
 * statement on an index of the search migration.
 */
export const searchResolvers = {
  CaseSearch: {
    __resolveReference: (ref: { text: string }) => ({ text: ref.text }),
    policeHits: searchResolver<Context>({
      'PoliceCase.chain.id': async (value, limit, ctx) =>
        (await ctx.db.selectFrom('policeCase').selectAll().where('chainId', '=', value).limit(limit).execute()).map((c) => caseHit('衔接编号', c.chainId)(c)),
      'PoliceCase.caseNumber': async (value, limit, ctx) =>
        (await ctx.db.selectFrom('policeCase').selectAll().where(numberKeyOf('caseNumber'), '=', value).limit(limit).execute())
          .map((c) => caseHit('案件编号', c.caseNumber)(c)),
      'PoliceCase.filingNumber': async (value, limit, ctx) =>
        (await ctx.db.selectFrom('policeCase').selectAll().where(numberKeyOf('filingNumber'), '=', value).limit(limit).execute())
          .map((c) => caseHit('立案决定书文号', c.filingNumber!)(c)),
      'PoliceCase.suspects.idNumber': bySuspect('犯罪嫌疑人身份证号', 'idNumber'),
      'PoliceCase.suspects.name': bySuspect('犯罪嫌疑人', 'name'),
    }),
  },
};
