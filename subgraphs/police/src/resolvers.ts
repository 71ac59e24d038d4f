import { numberKey, parseId, requireOneKey, scalarResolvers, type SubgraphContext } from '@xianjie/subgraph-kit';
import type { PoliceCaseTable, PoliceDatabase } from './db/database';
import type { PoliceLoaders } from './loaders';

type Context = SubgraphContext<PoliceDatabase, PoliceLoaders>;

/** The names of a case's suspects who are persons, looked up only when a text naming them is masked. */
const suspectNames = (ctx: Context, caseId: string) => async () =>
  (await ctx.loaders.suspectsByCase.load(caseId)).filter((s) => s.kind === 'PERSON').map((s) => s.name);

export const resolvers = {
  ...scalarResolvers,
  Query: {
    policeCase: (_: unknown, args: { id?: string; caseNumber?: string }, ctx: Context) => {
      requireOneKey(args);
      return args.id ? ctx.loaders.caseById.load(parseId('policeCase', args.id)) : ctx.loaders.caseByNumberKey.load(numberKey(args.caseNumber!));
    },
  },
  CaseChain: {
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
    // A filing and its reconsiderations carry what their @access rules read: the suspects' names.
    filing: (c: PoliceCaseTable, _: unknown, ctx: Context) => ({
      decision: c.filingDecision, decidedAt: c.filingDecidedAt, reason: c.filingReason, suspectNames: suspectNames(ctx, c.id),
    }),
    reconsiderations: async (c: PoliceCaseTable, _: unknown, ctx: Context) =>
      (await ctx.loaders.reconsiderationsByCase.load(c.id)).map((r) => ({ ...r, suspectNames: suspectNames(ctx, c.id) })),
    suspects: (c: PoliceCaseTable, _: unknown, ctx: Context) => ctx.loaders.suspectsByCase.load(c.id),
  },
};
