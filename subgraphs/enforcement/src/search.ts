import { numberKeyOf, readSearchText, searchResolver, type SearchFinder, type SubgraphContext, type Viewer } from '@xianjie/subgraph-kit';
import { sql } from 'kysely';
import type { EnforcementDatabase } from './db/database';
import { selectCases, type CaseRow, type EnforcementLoaders } from './loaders';
import { chainOf } from './resolvers';

type Context = SubgraphContext<EnforcementDatabase, EnforcementLoaders>;

/** The roles that search every agency's parties; an agency's officers search their own (Party.name, Party.idNumber). */
const SEARCH_ALL_PARTIES = ['police', 'procurator', 'judge'];
const ownPartiesOnly = (viewer: Viewer) => !viewer.roles.some((r) => SEARCH_ALL_PARTIES.includes(r));

const caseHit = (field: string, matched: (c: CaseRow) => string) => (c: CaseRow) => ({
  row: c, chain: chainOf(c)!, field, matched: matched(c), recordType: 'AdministrativeCase', recordId: c.id, number: c.caseNumber,
});

/** Cases by the party's ID number or name, newest first; an agency's officer searches its own cases only (in SQL, so pages stay full). */
const partyFinder = (field: string, where: (c: ReturnType<typeof selectCases>, value: string) => ReturnType<typeof selectCases>, matched: (c: CaseRow) => string): SearchFinder<Context> =>
  async (value, limit, ctx) => {
    let query = where(selectCases(ctx.db), value).orderBy('c.id', 'desc').limit(limit);
    if (ownPartiesOnly(ctx.viewer)) query = query.where('c.agencyId', '=', ctx.viewer.org ?? '');
    return (await query.execute()).map(caseHit(field, matched));
  };

/**
 * The agencies' hits of a search (caseSearch): by chain id, the case number, the penalty
 * decision's number, the transfer's number (its 移送书 in the outbox), and the party's ID
 * number or name. Each finder is one statement on an index of the search migration.
 */
export const searchResolvers = {
  Query: {
    caseSearch: (_: unknown, { text }: { text: string }) => {
      readSearchText(text); // a text that is no search (empty, too long) is refused here, once, as BAD_USER_INPUT
      return { text };
    },
  },
  CaseSearch: {
    __resolveReference: (ref: { text: string }) => ({ text: ref.text }),
    kind: (s: { text: string }) => readSearchText(s.text).kind,
    enforcementHits: searchResolver<Context>({
      'AdministrativeCase.chain.id': async (value, limit, ctx) =>
        (await selectCases(ctx.db).where('c.chainId', '=', value).limit(limit).execute()).map(caseHit('衔接编号', (c) => c.chainId)),
      'AdministrativeCase.caseNumber': async (value, limit, ctx) =>
        (await selectCases(ctx.db).where(numberKeyOf('c.caseNumber'), '=', value).limit(limit).execute()).map(caseHit('案件编号', (c) => c.caseNumber)),
      'AdministrativeCase.decision.documentNumber': async (value, limit, ctx) =>
        (await selectCases(ctx.db).select('d.documentNumber').where(numberKeyOf('d.documentNumber'), '=', value).limit(limit).execute())
          .map((c) => caseHit('处罚决定书文号', () => c.documentNumber!)(c)),
      'CaseTransfer.documents.number': async (value, limit, ctx) => {
        const rows = await ctx.db
          .selectFrom('handoffOutbox as o')
          .innerJoin('caseTransfer as t', 't.id', 'o.subjectId')
          .innerJoin('administrativeCase as c', 'c.id', 't.caseId')
          .select(['t.id', 't.chainId', 't.agencyId', 'c.caseNumber', sql<string>`o.document->>'number'`.as('transferNumber')])
          .where('o.kind', '=', 'CASE_TRANSFER')
          .where(sql<string>`xj_number_key(o.document->>'number')`, '=', value)
          .limit(limit)
          .execute();
        // A transfer's chain is as visible as its case, which the transfer's own rule (owner, roles) admits with it.
        return rows.map((t) => ({
          row: t, chain: { id: t.chainId, agencyId: t.agencyId, published: false }, field: '移送书文号', matched: t.transferNumber,
          recordType: 'CaseTransfer', recordId: t.id, number: t.caseNumber,
        }));
      },
      'AdministrativeCase.party.idNumber': partyFinder('当事人证件号码', (q, v) => q.where(sql<string>`upper(c.party_id_number)`, '=', v), (c) => c.partyIdNumber),
      'AdministrativeCase.party.name': partyFinder('当事人', (q, v) => q.where('c.partyName', '=', v), (c) => c.partyName),
    }),
  },
};
