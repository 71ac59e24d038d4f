import { numberKeyOf, searchResolver, type SubgraphContext } from '@xianjie/subgraph-kit';
import type { Selectable } from 'kysely';
import type { ProcuratorateDatabase, ProsecutionCaseTable } from './db/database';
import type { ProcuratorateLoaders } from './loaders';

type Context = SubgraphContext<ProcuratorateDatabase, ProcuratorateLoaders>;

const caseHit = (field: string, matched: (c: Selectable<ProsecutionCaseTable>) => string) => (c: Selectable<ProsecutionCaseTable>) => ({
  row: c, chain: { id: c.chainId }, field, matched: matched(c), recordType: 'ProsecutionCase', recordId: c.id, number: c.caseNumber,
});

/**
 * The procuratorate's hits of a search (caseSearch): by chain id and the case number (刑诉,
 * the number its 起诉书 bears). Each finder is one statement on an index.
 */
export const searchResolvers = {
  CaseSearch: {
    __resolveReference: (ref: { text: string }) => ({ text: ref.text }),
    procuratorateHits: searchResolver<Context>({
      'ProsecutionCase.chain.id': async (value, limit, ctx) =>
        (await ctx.db.selectFrom('prosecutionCase').selectAll().where('chainId', '=', value).limit(limit).execute()).map(caseHit('衔接编号', (c) => c.chainId)),
      'ProsecutionCase.caseNumber': async (value, limit, ctx) =>
        (await ctx.db.selectFrom('prosecutionCase').selectAll().where(numberKeyOf('caseNumber'), '=', value).limit(limit).execute())
          .map(caseHit('审查起诉案号（起诉书文号）', (c) => c.caseNumber!)),
    }),
  },
};
