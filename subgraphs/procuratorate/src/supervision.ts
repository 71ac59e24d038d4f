// Supervision (issue 7), the procuratorate's part: 建议移送 — a 以罚代刑 warning turned into a
// 检察意见 asking the agency to transfer the case (检察规则 Art. 557 para. 3), the answer as it
// comes back — and its own overdue steps in the list across the four institutions.
import {
  badUserInput,
  beijingDay,
  beijingYear,
  contentOf,
  createRecord,
  demoProcuratorate,
  documentsOf,
  DocumentRejected,
  DOCUMENT_TITLES,
  dueDate,
  forbidden,
  indexedId,
  nextSerial,
  overdueStepsResolver,
  parseId,
  REGION_BY_CODE,
  TRANSFER_SUGGESTION_ANSWER_PERIOD,
  type DocumentContents,
  type InboxHandler,
  type SubgraphContext,
} from '@xianjie/subgraph-kit';
import type { Selectable, Transaction } from 'kysely';
import type { ProcuratorateDatabase, TransferSuggestionTable } from './db/database';
import type { ProcuratorateLoaders } from './loaders';

type Context = SubgraphContext<ProcuratorateDatabase, ProcuratorateLoaders>;
type Tx = Transaction<ProcuratorateDatabase>;
type SuggestionRow = Selectable<TransferSuggestionTable>;

const SUGGEST = {
  step: 'suggestTransfer', title: '建议移送', roles: ['procurator'] as const, entity: 'TransferSuggestion',
  article: '人民检察院刑事诉讼规则第五百五十七条第三款',
};

export const supervisionResolvers = {
  Query: {
    transferSuggestions: async (_: unknown, args: { caseId: string }, ctx: Context) => {
      const caseId = parseId('administrativeCase', args.caseId, 'caseId');
      return ctx.db.selectFrom('transferSuggestion').selectAll().where('caseId', '=', caseId).orderBy('sentAt', 'desc').execute();
    },
  },
  Mutation: {
    suggestTransfer: async (_: unknown, { input }: { input: { caseId: string; agencyId: string; reason: string } }, ctx: Context) => {
      const caseId = parseId('administrativeCase', input.caseId, 'input.caseId');
      const agencyId = parseId('agency', input.agencyId, 'input.agencyId');
      const reason = input.reason.trim();
      if (!reason) throw badUserInput('建议移送应当写明涉嫌犯罪的事实、达到的立案追诉标准及其依据（检察规则第五百五十七条）', 'input.reason');
      const region = /^PP-(\d{6})$/.exec(ctx.viewer.org ?? '')?.[1];
      if (ctx.viewer.roles.includes('procurator') && !(region && REGION_BY_CODE.has(region))) throw forbidden('建议移送须以本市人民检察院的身份提出');
      // Every record of a chain carries the chain's index: AC-0000033 → XJ-0000033.
      const chainId = indexedId('chain', Number(caseId.slice(3)));
      const id = await createRecord(ctx, SUGGEST, async (tx, org, at) => {
        const db = tx as Tx;
        // One 建议移送 at a time on a case: another only once the agency has answered this one.
        const pending = await db.selectFrom('transferSuggestion').select(['number', 'sentAt', 'answerDueAt'])
          .where('caseId', '=', caseId).where('answeredAt', 'is', null).executeTakeFirst();
        if (pending) {
          throw badUserInput(`已于 ${beijingDay(pending.sentAt)} 就行政案件 ${caseId} 发出建议移送（${pending.number}），行政执法机关尚未回复（应于 ${beijingDay(pending.answerDueAt)} 前回复），不能重复建议`, 'input.caseId');
        }
        const procuratorate = demoProcuratorate(region!);
        const year = beijingYear(at);
        const number = `${procuratorate.short}行建〔${year}〕${await nextSerial(tx, org, '行建', year)}号`;
        const sid = `TRANSFER_SUGGESTION:${caseId}:${number}`;
        const answer = dueDate(at, TRANSFER_SUGGESTION_ANSWER_PERIOD);
        await db.insertInto('transferSuggestion').values({
          id: sid, number, chainId, caseId, agencyId, procuratorateCode: org, reason, sentAt: at, answerDueAt: answer.dueAt,
          answerTransfer: null, answerReason: null, answeredAt: null,
        }).execute();
        const content: DocumentContents['TRANSFER_SUGGESTION'] = { caseId, chainId, agencyId, procuratorateName: procuratorate.name, reason };
        await ctx.handoff.send(tx, {
          id: sid, kind: 'TRANSFER_SUGGESTION', title: DOCUMENT_TITLES.TRANSFER_SUGGESTION, number,
          sender: 'procuratorate', senderOrg: org, receiver: 'enforcement', receiverOrg: agencyId,
          chainId, subjectId: sid, issuedAt: at.toISOString(), content: { ...content }, upstream: [],
          nextStep: { step: 'answerTransferSuggestion', dueAt: answer.dueAt.toISOString(), article: answer.article },
        });
        return { id: sid, result: sid };
      });
      return ctx.db.selectFrom('transferSuggestion').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    },
  },
  TransferSuggestion: {
    chain: (s: SuggestionRow) => ({ id: s.chainId }),
    document: async (s: SuggestionRow, _: unknown, ctx: Context) => (await documentsOf(ctx, s.id))[0] ?? null,
  },
  OverdueSteps: {
    __resolveReference: (ref: { scope: string }) => ({ scope: ref.scope }),
    procuratorateSteps: overdueStepsResolver(),
  },
};

/** The agency's answer (建议移送涉嫌犯罪案件回复函), recorded on the suggestion it answers. */
export const supervisionInbox: Record<string, InboxHandler<ProcuratorateDatabase>> = {
  TRANSFER_SUGGESTION_ANSWER: async (tx, document) => {
    const content = contentOf('TRANSFER_SUGGESTION_ANSWER', document.content);
    const updated = await tx.updateTable('transferSuggestion')
      .set({ answerTransfer: content.transfer, answerReason: content.reason, answeredAt: new Date(document.issuedAt) })
      .where('id', '=', content.suggestionId).where('agencyId', '=', document.senderOrg).where('procuratorateCode', '=', document.receiverOrg)
      .returning('id').executeTakeFirst();
    if (!updated) throw new DocumentRejected(`本院没有向 ${document.senderOrg} 提出建议移送 ${content.suggestionId}`);
  },
};

