import { numberKeyOf, searchResolver, type SubgraphContext } from '@xianjie/subgraph-kit';
import type { CourtDatabase } from './db/database';
import { withEffect, type CourtLoaders, type TrialRow } from './loaders';

type Context = SubgraphContext<CourtDatabase, CourtLoaders>;

const trialHit = (field: string, matched: (t: TrialRow) => string) => (t: TrialRow) => ({
  row: t, chain: { id: t.chainId }, field, matched: matched(t), recordType: 'CriminalTrial', recordId: t.id, number: t.caseNumber,
});

/**
 * The courts' hits of a search (caseSearch): by chain id, the case number （2024）鄂1202刑初123号
 * and the defendant's name. Each finder is one statement on an index of the search migration.
 */
export const searchResolvers = {
  CaseSearch: {
    __resolveReference: (ref: { text: string }) => ({ text: ref.text }),
    courtHits: searchResolver<Context>({
      'CriminalTrial.chain.id': async (value, limit, ctx) =>
        withEffect(await ctx.db.selectFrom('criminalTrial').selectAll().where('chainId', '=', value).limit(limit).execute()).map(trialHit('衔接编号', (t) => t.chainId)),
      'CriminalTrial.caseNumber': async (value, limit, ctx) =>
        withEffect(await ctx.db.selectFrom('criminalTrial').selectAll().where(numberKeyOf('caseNumber'), '=', value).limit(limit).execute())
          .map(trialHit('刑事案件案号', (t) => t.caseNumber!)),
      'CriminalTrial.defendantName': async (value, limit, ctx) =>
        withEffect(await ctx.db.selectFrom('criminalTrial').selectAll().where('defendantName', '=', value).orderBy('id', 'desc').limit(limit).execute())
          .map(trialHit('被告人', (t) => t.defendantName)),
    }),
  },
};
