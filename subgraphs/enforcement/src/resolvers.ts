import {
  auditedWrite,
  badUserInput,
  completeTask,
  countBesidePage,
  decideAccess,
  declaredTypeRule,
  decodeCursor,
  MAX_PAGE_SIZE,
  notFound,
  numberKey,
  pageSize,
  parseId,
  requireOneKey,
  scalarResolvers,
  toConnection,
  type FieldsAsked,
  type SubgraphContext,
  type Viewer,
} from '@xianjie/subgraph-kit';
import type { ExpressionBuilder, Kysely } from 'kysely';
import { countCases } from './list-counts';
import type { AgencyTable, BenchmarkTable, CaseTransferTable, EnforcementDatabase, PenaltyDecisionTable } from './db/database';
import type { CaseCountFilter } from './list-counts';
import { selectCasesWithLinks, type CaseRow, type EnforcementLoaders } from './loaders';
import { typeDefs } from './schema';

type Context = SubgraphContext<EnforcementDatabase, EnforcementLoaders>;
type CaseFilter = CaseCountFilter;
type CaseEB = ExpressionBuilder<EnforcementDatabase & { c: EnforcementDatabase['administrativeCase'] }, 'c'>;

const ALREADY_PUBLISHED = Symbol('already published');

type ChainRecord = {
  id: string;
  agencyId: string;
  published: boolean;
  /** Undefined where the row read did not say (the chain is then a LinkedCaseChain). */
  transferred?: boolean;
};

/**
 * A chain as its @access rule reads it (as visible as its administrative case), and
 * whether the case was ever transferred, where the row says (a case read with its links).
 */
export const chainOf = (c: (Pick<CaseRow, 'chainId' | 'agencyId' | 'published'> & { transferId?: string | null }) | null | undefined): ChainRecord | null =>
  c ? { id: c.chainId, agencyId: c.agencyId, published: c.published, transferred: c.transferId === undefined ? undefined : c.transferId !== null } : null;

/** Who may know whether a case was transferred: those who may read its transfer record. */
const TRANSFER_RULE = declaredTypeRule(typeDefs, 'CaseTransfer');

/**
 * A chain is an AgencyCaseChain (no later stage to look up) only when the case was never
 * transferred and the caller may know that; otherwise a LinkedCaseChain, whose later stages
 * the other institutions answer (see CaseChain in schema.graphql).
 */
const chainType = (chain: ChainRecord, viewer: Viewer) =>
  chain.transferred === false && decideAccess(TRANSFER_RULE, viewer, chain) !== 'DENY' ? 'AgencyCaseChain' : 'LinkedCaseChain';

/** A chain looked up by another institution's reference: read with its case, as the reference's type asked. */
const chainReference = async (ref: { id: string }, ctx: Context) => chainOf(await ctx.loaders.caseByChainId.load(ref.id));
const administrativeCaseOf = (chain: { id: string }, _: unknown, ctx: Context) => ctx.loaders.caseByChainId.load(chain.id);

/** Roles that see every administrative case (the AdministrativeCase @access rule). */
const SEES_ALL_CASES = ['police', 'procurator', 'judge', 'oversight'];

/**
 * Row-level scope of case lists, in SQL so pages stay full and counts true, and within
 * the AdministrativeCase @access rule: every case for SEES_ALL_CASES; an agency's own
 * cases for its officers (other agencies' published decisions are in
 * publishedDecisions); cases with a published decision for everybody else.
 */
function visibleCases(eb: CaseEB, viewer: Viewer) {
  if (viewer.roles.some((r) => SEES_ALL_CASES.includes(r))) return eb.lit(true);
  if (viewer.roles.includes('enforcement') && viewer.org) return eb('c.agencyId', '=', viewer.org);
  return eb.exists(
    eb.selectFrom('penaltyDecision as pd').select('pd.caseId').whereRef('pd.caseId', '=', 'c.id').where('pd.published', '=', true),
  );
}

function applyCaseFilter(eb: CaseEB, filter: CaseFilter | null | undefined, db: Kysely<EnforcementDatabase>) {
  const conditions = [];
  if (filter?.agencyId) conditions.push(eb('c.agencyId', '=', parseId('agency', filter.agencyId, 'filter.agencyId')));
  if (filter?.regionCode) {
    if (!/^\d{6}$/.test(filter.regionCode)) throw badUserInput(`filter.regionCode must be a 6-digit division code, got "${filter.regionCode}"`, 'filter');
    conditions.push(eb('c.agencyId', 'in', db.selectFrom('agency').select('id').where('regionCode', '=', filter.regionCode)));
  }
  if (filter?.violationCategory) conditions.push(eb('c.violationCategory', '=', filter.violationCategory));
  if (filter?.procedure) conditions.push(eb('c.procedure', '=', filter.procedure));
  if (filter?.registeredFrom) conditions.push(eb('c.registeredAt', '>=', filter.registeredFrom));
  if (filter?.registeredTo) conditions.push(eb('c.registeredAt', '<', filter.registeredTo));
  if (filter?.transferred !== undefined && filter?.transferred !== null) {
    const exists = eb.exists(eb.selectFrom('caseTransfer as t').select('t.id').whereRef('t.caseId', '=', 'c.id'));
    conditions.push(filter.transferred ? exists : eb.not(exists));
  }
  return eb.and(conditions);
}

/** The (registeredAt, id) a registration-ordered page's cursor holds. */
function registrationCursor(key: string): [Date, string] {
  const [at, id] = key.split('|');
  const when = new Date(at ?? '');
  if (!id || Number.isNaN(when.getTime())) {
    throw badUserInput('after is a cursor of a list without registeredFrom/To; pass an endCursor of this list', 'after');
  }
  return [when, id];
}

export const resolvers = {
  ...scalarResolvers,
  Query: {
    caseChain: async (_: unknown, { id }: { id: string }, ctx: Context) => chainOf(await ctx.loaders.caseByChainId.load(parseId('chain', id))),
    caseChains: async (_: unknown, { ids }: { ids: string[] }, ctx: Context) => {
      if (ids.length > MAX_PAGE_SIZE) throw badUserInput(`ids takes at most ${MAX_PAGE_SIZE} chain ids, got ${ids.length}`, 'ids');
      const cases = await ctx.loaders.caseByChainId.loadMany(ids.map((id) => parseId('chain', id, 'ids')));
      return cases.map((c) => (c instanceof Error ? null : chainOf(c)));
    },
    administrativeCase: (_: unknown, args: { id?: string; caseNumber?: string }, ctx: Context) => {
      requireOneKey(args);
      return args.id ? ctx.loaders.caseById.load(parseId('administrativeCase', args.id)) : ctx.loaders.caseByNumberKey.load(numberKey(args.caseNumber!));
    },
    administrativeCases: async (
      _: unknown,
      args: { filter?: CaseFilter | null; first: number; after?: string | null },
      ctx: Context,
      info: FieldsAsked,
    ) => {
      const first = pageSize(args.first);
      const after = decodeCursor(args.after);
      const scopedBy = (filter: CaseFilter | null | undefined) => (eb: CaseEB) => eb.and([visibleCases(eb, ctx.viewer), applyCaseFilter(eb, filter, ctx.db)]);
      const scoped = scopedBy(args.filter);
      // Counted only when asked for, beside the page: from the counters kept with the data
      // (list-counts.ts), or, for a filter they cannot answer, from the rows.
      const totalCount = countBesidePage(info, async () => {
        const sees = ctx.viewer.roles.some((r) => SEES_ALL_CASES.includes(r));
        const own = !sees && ctx.viewer.roles.includes('enforcement') && ctx.viewer.org ? ctx.viewer.org : null;
        const countRows = async (filter: CaseFilter | null | undefined) => {
          const { n } = await ctx.db
            .selectFrom('administrativeCase as c')
            .where(scopedBy(filter))
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow();
          return Number(n);
        };
        const counted = await countCases(ctx.db, { agencyId: own, publishedOnly: !sees && !own }, args.filter,
          (registeredFrom, registeredTo) => countRows({ ...args.filter, registeredFrom, registeredTo }));
        return counted ?? countRows(args.filter);
      });
      // Newest registration first. Case ids follow registration, so a list is read down the
      // primary key; a registeredFrom/To list is read down the registration index instead
      // (0016), in (registeredAt, id) order, with both in its cursor: otherwise a range of
      // an earlier year would be found only after reading every later case.
      const byRegistration = Boolean(args.filter?.registeredFrom || args.filter?.registeredTo);
      const rows = byRegistration
        ? await selectCasesWithLinks(ctx.db)
          .where((eb) => {
            if (!after) return scoped(eb);
            const [at, id] = registrationCursor(after);
            return eb.and([scoped(eb), eb(eb.refTuple('c.registeredAt', 'c.id'), '<', eb.tuple(at, id))]);
          })
          .orderBy('c.registeredAt', 'desc')
          .orderBy('c.id', 'desc')
          .limit(first + 1)
          .execute()
        : await selectCasesWithLinks(ctx.db)
          .where((eb) => (after ? eb.and([scoped(eb), eb('c.id', '<', after)]) : scoped(eb)))
          .orderBy('c.id', 'desc')
          .limit(first + 1)
          .execute();
      ctx.loaders.primeLinked(rows); // each case with its decision, transfer and agency, read in the page's statement
      return { totalCount, ...toConnection(rows, first, (r) => (byRegistration ? `${new Date(r.registeredAt).toISOString()}|${r.id}` : r.id)) };
    },
    caseTransfer: (_: unknown, { id }: { id: string }, ctx: Context) => ctx.loaders.transferById.load(parseId('transfer', id)),
    agency: (_: unknown, { id }: { id: string }, ctx: Context) => ctx.loaders.agencyById.load(parseId('agency', id)),
    agencies: (_: unknown, args: { regionCode?: string | null; kind?: string | null }, ctx: Context) => {
      let query = ctx.db.selectFrom('agency').selectAll().orderBy('id');
      if (args.regionCode) query = query.where('regionCode', '=', args.regionCode);
      if (args.kind) query = query.where('kind', '=', args.kind);
      return query.execute();
    },
    publishedDecisions: async (_: unknown, args: { first: number; after?: string | null; agencyId?: string | null }, ctx: Context) => {
      const first = pageSize(args.first);
      const after = decodeCursor(args.after);
      let query = ctx.db
        .selectFrom('penaltyDecision as d')
        .innerJoin('administrativeCase as c', 'c.id', 'd.caseId')
        .select([
          'd.caseId as id', 'd.documentNumber', 'd.decidedAt', 'd.fineFen', 'd.legalBasis', 'd.otherPenalties', 'd.published',
          'c.agencyId', 'c.partyKind', 'c.partyName', 'c.violationCategory',
        ])
        .where('d.published', '=', true)
        .orderBy('d.caseId', 'desc')
        .limit(first + 1);
      if (args.agencyId) query = query.where('c.agencyId', '=', parseId('agency', args.agencyId, 'agencyId'));
      if (after) query = query.where('d.caseId', '<', after);
      return toConnection(await query.execute(), first, (r) => r.id);
    },
  },
  Mutation: {
    publishPenaltyDecision: async (_: unknown, { caseId }: { caseId: string }, ctx: Context) => {
      const record = await ctx.loaders.caseById.load(parseId('administrativeCase', caseId, 'caseId'));
      // Only the deciding agency publishes its decisions (行政处罚法 Art. 48); to another
      // agency's officer its case answers as an unknown one, naming neither case nor owner.
      if (!record || record.agencyId !== ctx.viewer.org) throw notFound(`No administrative case ${caseId} of your agency (${ctx.viewer.org}) to publish`);
      const decision = await ctx.loaders.decisionByCaseId.load(record.id);
      if (!decision) throw badUserInput(`${caseId} has no penalty decision to publish`, 'caseId');
      if (decision.published) return decision;
      try {
        return await auditedWrite(ctx, { entity: 'PenaltyDecision', recordId: record.id, fields: ['published', 'publishedAt'] }, async (tx) => {
          const updated = await tx.updateTable('penaltyDecision')
            .set({ published: true, publishedAt: new Date() })
            .where('caseId', '=', record.id)
            .where('published', '=', false)
            .returningAll()
            .executeTakeFirst();
          if (!updated) throw ALREADY_PUBLISHED; // published meanwhile: change nothing, audit nothing
          // The publication owed within 20 working days of the decision is done (市场监督管理行政处罚信息公示规定 Art. 9).
          await completeTask(tx, record.id, 'publishPenaltyDecision', ctx.viewer, updated.publishedAt!);
          return updated;
        });
      } catch (error) {
        if (error !== ALREADY_PUBLISHED) throw error;
        return ctx.db.selectFrom('penaltyDecision').selectAll().where('caseId', '=', record.id).executeTakeFirstOrThrow();
      }
    },
  },
  CaseChain: {
    __resolveType: (chain: ChainRecord, ctx: Context) => chainType(chain, ctx.viewer),
  },
  LinkedCaseChain: { __resolveReference: chainReference, administrativeCase: administrativeCaseOf },
  AgencyCaseChain: {
    __resolveReference: chainReference,
    administrativeCase: administrativeCaseOf,
    // Never transferred: no later stage exists (CaseChain in schema.graphql).
    policeCase: () => null,
    prosecution: () => null,
    trial: () => null,
  },
  AdministrativeCase: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.caseById.load(ref.id),
    chain: chainOf,
    agency: (c: CaseRow, _: unknown, ctx: Context) => ctx.loaders.agencyById.load(c.agencyId),
    involvedAmount: (c: CaseRow) => c.involvedAmountFen,
    illegalGains: (c: CaseRow) => c.illegalGainsFen,
    // The party carries what its @access rules read: the owning agency and publication.
    party: (c: CaseRow) => ({
      recordId: c.id, kind: c.partyKind, name: c.partyName, idNumber: c.partyIdNumber, agencyId: c.agencyId, published: c.published,
    }),
    officers: async (c: CaseRow, _: unknown, ctx: Context) =>
      (await ctx.loaders.officerById.loadMany(c.officerIds)).filter((o) => o && !(o instanceof Error)),
    decision: (c: CaseRow, _: unknown, ctx: Context) => ctx.loaders.decisionByCaseId.load(c.id),
    transfer: (c: CaseRow, _: unknown, ctx: Context) => ctx.loaders.transferByCaseId.load(c.id),
  },
  PenaltyDecision: {
    fineAmount: (d: PenaltyDecisionTable) => d.fineFen,
    benchmark: (d: PenaltyDecisionTable, _: unknown, ctx: Context) => (d.benchmarkId ? ctx.loaders.benchmarkById.load(d.benchmarkId) : null),
  },
  CaseTransfer: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.transferById.load(ref.id),
    chain: async (t: CaseTransferTable, _: unknown, ctx: Context) => chainOf(await ctx.loaders.caseById.load(t.caseId)),
    administrativeCase: (t: CaseTransferTable, _: unknown, ctx: Context) => ctx.loaders.caseById.load(t.caseId),
  },
  Agency: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.agencyById.load(ref.id),
    powerList: (a: AgencyTable, _: unknown, ctx: Context) => ctx.loaders.powerListByAgency.load(a.id),
    officers: (a: AgencyTable, _: unknown, ctx: Context) => ctx.loaders.officersByAgency.load(a.id),
    discretionBenchmarks: (a: AgencyTable, _: unknown, ctx: Context) => ctx.loaders.benchmarksByAgency.load(a.id),
  },
  Officer: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.officerById.load(ref.id),
    agency: (o: { agencyId: string }, _: unknown, ctx: Context) => ctx.loaders.agencyById.load(o.agencyId),
  },
  DiscretionBenchmark: {
    minFine: (b: BenchmarkTable) => b.minFineFen,
    maxFine: (b: BenchmarkTable) => b.maxFineFen,
  },
  PublishedDecision: {
    agency: (d: { agencyId: string }, _: unknown, ctx: Context) => ctx.loaders.agencyById.load(d.agencyId),
    fineAmount: (d: { fineFen: string }) => d.fineFen,
  },
};
