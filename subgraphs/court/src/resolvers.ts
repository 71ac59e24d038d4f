import { CASE_CHAIN_AFTER_AGENCY, cityUnits, demoCourt, numberKey, parseId, requireOneKey, scalarResolvers, type SubgraphContext } from '@xianjie/subgraph-kit';
import type { CourtDatabase } from './db/database';
import type { CourtLoaders, TrialRow } from './loaders';

type Context = SubgraphContext<CourtDatabase, CourtLoaders>;

export const resolvers = {
  ...scalarResolvers,
  Query: {
    courts: () => cityUnits(demoCourt),
    criminalTrial: (_: unknown, args: { id?: string; caseNumber?: string }, ctx: Context) => {
      requireOneKey(args);
      return args.id ? ctx.loaders.trialById.load(parseId('criminalTrial', args.id)) : ctx.loaders.trialByNumberKey.load(numberKey(args.caseNumber!));
    },
  },
  CaseChain: CASE_CHAIN_AFTER_AGENCY,
  LinkedCaseChain: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    trial: (chain: { id: string }, _: unknown, ctx: Context) => ctx.loaders.trialByChainId.load(chain.id),
  },
  ProsecutionCase: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    trial: (p: { id: string }, _: unknown, ctx: Context) => ctx.loaders.trialByProsecutionId.load(p.id),
  },
  CriminalTrial: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.trialById.load(ref.id),
    chain: (t: TrialRow) => ({ id: t.chainId }),
    prosecution: (t: TrialRow) => ({ id: t.prosecutionCaseId }),
    // A trial without a verdict has no judgment yet.
    judgment: (t: TrialRow) => (t.verdict ? t : null),
  },
  Judgment: {
    fineAmount: (t: TrialRow) => t.fineFen,
    // 行政处罚法 Art. 35: the administrative fine already paid is offset against the criminal fine.
    fineOffsetAmount: (t: TrialRow) => t.fineOffsetFen,
  },
};
