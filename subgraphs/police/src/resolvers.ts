import { CASE_CHAIN_AFTER_AGENCY, cityUnits, demoPoliceBureau, numberKey, parseId, requireOneKey, scalarResolvers, type SubgraphContext } from '@xianjie/subgraph-kit';
import type { PoliceCaseTable, PoliceDatabase } from './db/database';
import type { PoliceLoaders } from './loaders';

type Context = SubgraphContext<PoliceDatabase, PoliceLoaders>;
/** A case as the loaders read it: with the names of the persons it names (loaders.ts). */
type LoadedPoliceCase = PoliceCaseTable & { personNames: string[] };

export const resolvers = {
  ...scalarResolvers,
  Query: {
    policeBureaus: () => cityUnits(demoPoliceBureau),
    policeCase: (_: unknown, args: { id?: string; caseNumber?: string }, ctx: Context) => {
      requireOneKey(args);
      return args.id ? ctx.loaders.caseById.load(parseId('policeCase', args.id)) : ctx.loaders.caseByNumberKey.load(numberKey(args.caseNumber!));
    },
  },
  CaseChain: CASE_CHAIN_AFTER_AGENCY,
  LinkedCaseChain: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    policeCase: (chain: { id: string }, _: unknown, ctx: Context) => ctx.loaders.caseByChainId.load(chain.id),
  },
  CaseTransfer: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    policeCase: (transfer: { id: string }, _: unknown, ctx: Context) => ctx.loaders.caseByTransferId.load(transfer.id),
  },
  PoliceCase: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.caseById.load(ref.id),
    chain: (c: PoliceCaseTable) => ({ id: c.chainId }),
    transfer: (c: PoliceCaseTable) => ({ id: c.transferId }),
    // A filing and its reconsiderations carry what their @access rules read: the persons the case names.
    filing: (c: LoadedPoliceCase) => ({
      decision: c.filingDecision, decidedAt: c.filingDecidedAt, reason: c.filingReason, personNames: c.personNames,
    }),
    reconsiderations: async (c: LoadedPoliceCase, _: unknown, ctx: Context) =>
      (await ctx.loaders.reconsiderationsByCase.load(c.id)).map((r) => ({ ...r, personNames: c.personNames })),
    suspects: (c: PoliceCaseTable, _: unknown, ctx: Context) => ctx.loaders.suspectsByCase.load(c.id),
  },
};
