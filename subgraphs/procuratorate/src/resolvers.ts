import { CASE_CHAIN_AFTER_AGENCY, cityUnits, demoProcuratorate, numberKey, parseId, requireOneKey, scalarResolvers, type SubgraphContext } from '@xianjie/subgraph-kit';
import type { ProcuratorateDatabase, ProsecutionCaseTable, ReverseTransferTable } from './db/database';
import type { ProcuratorateLoaders } from './loaders';

type Context = SubgraphContext<ProcuratorateDatabase, ProcuratorateLoaders>;

export const resolvers = {
  ...scalarResolvers,
  Query: {
    procuratorates: () => cityUnits(demoProcuratorate),
    prosecutionCase: (_: unknown, args: { id?: string; caseNumber?: string }, ctx: Context) => {
      requireOneKey(args);
      return args.id ? ctx.loaders.caseById.load(parseId('prosecutionCase', args.id)) : ctx.loaders.caseByNumberKey.load(numberKey(args.caseNumber!));
    },
  },
  CaseChain: CASE_CHAIN_AFTER_AGENCY,
  LinkedCaseChain: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    prosecution: (chain: { id: string }, _: unknown, ctx: Context) => ctx.loaders.caseByChainId.load(chain.id),
  },
  PoliceCase: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    prosecution: (policeCase: { id: string }, _: unknown, ctx: Context) => ctx.loaders.caseByPoliceCaseId.load(policeCase.id),
  },
  ProsecutionCase: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.caseById.load(ref.id),
    chain: (c: ProsecutionCaseTable) => ({ id: c.chainId }),
    policeCase: (c: ProsecutionCaseTable) => ({ id: c.policeCaseId }),
    // The opinion's @access rule reads the names of the persons the case concerns.
    reverseTransfer: async (c: ProsecutionCaseTable, _: unknown, ctx: Context) => {
      const sent = await ctx.loaders.reverseTransferByCase.load(c.id);
      return sent && { ...sent, suspectNames: c.suspectNames };
    },
  },
  ReverseTransfer: {
    agency: (r: ReverseTransferTable) => ({ id: r.agencyId }),
  },
};
