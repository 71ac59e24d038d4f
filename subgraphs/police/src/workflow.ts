// The police's steps of the linkage: each declared once (who, from which state, which
// article) and taken through the kit's takeStep; transfers arrive through the inbox.
import {
  badUserInput,
  beijingDay,
  contentOf,
  DocumentRejected,
  dueDate,
  nextSerial,
  openTasks,
  parseId,
  REGION_BY_CODE,
  stepsOf,
  documentsOf,
  takeStep,
  workListResolver,
  type HandoffDocument,
  type InboxHandler,
  type RecordKind,
  type StepRule,
  type SubgraphContext,
} from '@xianjie/subgraph-kit';
import type { Selectable, Transaction } from 'kysely';
import type { PoliceCaseTable, PoliceDatabase } from './db/database';
import type { PoliceLoaders } from './loaders';

type Context = SubgraphContext<PoliceDatabase, PoliceLoaders>;
type Tx = Transaction<PoliceDatabase>;
type CaseRow = Selectable<PoliceCaseTable>;

export type PoliceCaseState = 'AWAITING_RECEIPT' | 'PENDING_FILING' | 'FILED' | 'NOT_FILED';

export function policeCaseState(c: CaseRow): PoliceCaseState {
  if (c.awaitingReceipt) return 'AWAITING_RECEIPT';
  return c.filingDecision === 'PENDING' ? 'PENDING_FILING' : c.filingDecision;
}

const PoliceCaseKind: RecordKind<CaseRow> = {
  entity: 'PoliceCase',
  title: '移送案件',
  states: { AWAITING_RECEIPT: '移送已送达，待签收', PENDING_FILING: '已签收，待作出立案决定', FILED: '已立案', NOT_FILED: '不予立案' },
  stateOf: policeCaseState,
  orgOf: (row) => row.bureauCode,
  lock: (tx, id) => (tx as Tx).selectFrom('policeCase').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
};

const POLICE = ['police'] as const;

const STEPS = {
  signReceipt: { step: 'signReceipt', title: '签收移送案件', roles: POLICE, from: ['AWAITING_RECEIPT'], article: '国务院令第310号第七条' },
  decideFiling: { step: 'decideFiling', title: '作出立案决定', roles: POLICE, from: ['PENDING_FILING'], article: '国务院令第310号第八条' },
} satisfies Record<string, StepRule>;

const PERIODS = {
  // 国务院令第310号 Art. 7: signed for on receipt; a case not the bureau's is forwarded within 24 hours.
  signReceipt: { count: 24, unit: 'hours', article: '国务院令第310号第七条' },
  // Art. 8; 公安机关办理刑事案件程序规定 Art. 180: reviewed and decided within 3 days of receipt.
  decideFiling: { count: 3, unit: 'days', article: '国务院令第310号第八条' },
  // Art. 12: on a filing, the agency hands over seized items and materials within 3 days of the notice.
  handOverSeizedItems: { count: 3, unit: 'days', article: '国务院令第310号第十二条' },
  // Art. 9: on a refusal, the agency may ask for reconsideration within 3 days of the notice.
  requestReconsideration: { count: 3, unit: 'days', article: '国务院令第310号第九条' },
} as const;

/** The investigating department in case numbers: 经侦 for goods offences, 食药环侦 otherwise. */
const department = (violationCategory: unknown) =>
  violationCategory === 'COUNTERFEIT_GOODS' || violationCategory === 'SUBSTANDARD_PRODUCTS' ? '经' : '食药环';

const numberPrefix = (bureauCode: string, violationCategory: unknown) =>
  `${REGION_BY_CODE.get(bureauCode.replace(/^PB-/, ''))?.short ?? ''}公（${department(violationCategory)}）`;

const yearOf = (at: Date) => Number(beijingDay(at).slice(0, 4));

/** What the police receive, and the record each opens. */
export const inbox: Record<string, InboxHandler<PoliceDatabase>> = {
  // 涉嫌犯罪案件移送书: opens the case awaiting the bureau's signature.
  CASE_TRANSFER: async (tx, document) => {
    const content = document.content as { transferId: string; agencyId: string; policeBureauName: string; violationCategory: string };
    const receivedAt = new Date();
    const year = yearOf(receivedAt);
    const id = content.transferId.replace(/^TR-/, 'PC-');
    const serial = await nextSerial(tx, document.receiverOrg, '受', year);
    await tx.insertInto('policeCase').values({
      id, chainId: document.chainId, transferId: content.transferId, agencyId: content.agencyId,
      caseNumber: `${numberPrefix(document.receiverOrg, content.violationCategory)}受字〔${year}〕${serial}号`,
      bureauCode: document.receiverOrg, bureauName: content.policeBureauName, receivedAt,
      filingDecision: 'PENDING', filingDecidedAt: null, filingReason: null, investigationNotes: [], transferredForProsecutionAt: null,
      awaitingReceipt: true,
    }).execute();
    await openTasks(tx, [{
      chainId: document.chainId, entity: 'PoliceCase', recordId: id, step: 'signReceipt', title: STEPS.signReceipt.title,
      org: document.receiverOrg, startedAt: receivedAt, period: PERIODS.signReceipt,
    }]);
  },
};

/** The documents a police case rests on: the transfer it was opened from. */
async function upstreamOf(tx: Tx, chainId: string) {
  return tx.selectFrom('handoffInbox').select(['id', 'digest']).where('chainId', '=', chainId).where('kind', '=', 'CASE_TRANSFER').execute();
}

const reload = (ctx: Context, id: string) => ctx.db.selectFrom('policeCase').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

export const workflowResolvers = {
  Query: {
    policeWorkList: workListResolver(POLICE),
  },
  Mutation: {
    signReceipt: async (_: unknown, args: { policeCaseId: string }, ctx: Context) => {
      const id = parseId('policeCase', args.policeCaseId, 'policeCaseId');
      await takeStep(ctx, PoliceCaseKind, STEPS.signReceipt, id, async (tx, row, at) => {
        const db = tx as Tx;
        await db.updateTable('policeCase').set({ awaitingReceipt: false, receiptSignedAt: at }).where('id', '=', id).execute();
        await openTasks(tx, [{
          chainId: row.chainId, entity: 'PoliceCase', recordId: id, step: 'decideFiling', title: STEPS.decideFiling.title,
          org: row.bureauCode, startedAt: row.receivedAt, period: PERIODS.decideFiling,
        }]);
        // 回执: the signed receipt goes back to the agency (Art. 7).
        await ctx.handoff.send(tx, {
          id: `TRANSFER_RECEIPT:${row.transferId}`, kind: 'TRANSFER_RECEIPT', title: '涉嫌犯罪案件移送书回执', number: row.caseNumber,
          sender: 'police', senderOrg: row.bureauCode, receiver: 'enforcement', receiverOrg: row.agencyId,
          chainId: row.chainId, subjectId: id, issuedAt: at.toISOString(),
          content: { transferId: row.transferId, policeCaseId: id, caseNumber: row.caseNumber, bureauName: row.bureauName, signedAt: at.toISOString() },
          upstream: await upstreamOf(db, row.chainId),
          nextStep: null,
        });
      });
      return reload(ctx, id);
    },

    decideFiling: async (_: unknown, args: { policeCaseId: string; file: boolean; reason: string }, ctx: Context) => {
      const id = parseId('policeCase', args.policeCaseId, 'policeCaseId');
      if (!args.reason.trim()) throw badUserInput('立案或者不予立案，都应当写明理由（国务院令第310号第八条）', 'reason');
      await takeStep(ctx, PoliceCaseKind, STEPS.decideFiling, id, async (tx, row, at) => {
        const db = tx as Tx;
        const year = yearOf(at);
        const transfer = await db.selectFrom('handoffInbox').select('document').where('id', '=', `CASE_TRANSFER:${row.transferId}`).executeTakeFirst();
        const category = (transfer?.document as HandoffDocument | undefined)?.content.violationCategory;
        const filingNumber = args.file
          ? `${numberPrefix(row.bureauCode, category)}立字〔${year}〕${await nextSerial(tx, row.bureauCode, '立', year)}号`
          : null;
        const decision = args.file ? 'FILED' : 'NOT_FILED';
        await db.updateTable('policeCase')
          .set({ filingDecision: decision, filingDecidedAt: at, filingReason: args.reason.trim(), filingNumber })
          .where('id', '=', id).execute();
        const next = args.file ? { step: 'handOverSeizedItems', period: PERIODS.handOverSeizedItems } : { step: 'requestReconsideration', period: PERIODS.requestReconsideration };
        const due = dueDate(at, next.period);
        await ctx.handoff.send(tx, {
          id: `FILING_NOTICE:${id}`, kind: 'FILING_NOTICE', title: args.file ? '立案告知书' : '不予立案通知书',
          number: filingNumber ?? `${numberPrefix(row.bureauCode, category)}不立字〔${year}〕${await nextSerial(tx, row.bureauCode, '不立', year)}号`,
          sender: 'police', senderOrg: row.bureauCode, receiver: 'enforcement', receiverOrg: row.agencyId,
          chainId: row.chainId, subjectId: id, issuedAt: at.toISOString(),
          content: { transferId: row.transferId, policeCaseId: id, decision, reason: args.reason.trim(), filingNumber, decidedAt: at.toISOString() },
          upstream: await upstreamOf(db, row.chainId),
          nextStep: { step: next.step, dueAt: due.dueAt.toISOString(), article: due.article },
        });
      });
      return reload(ctx, id);
    },
  },
  PoliceCase: {
    state: (c: CaseRow) => policeCaseState(c),
    steps: (c: CaseRow, _: unknown, ctx: Context) => stepsOf(ctx, c.chainId),
    documents: (c: CaseRow, _: unknown, ctx: Context) => documentsOf(ctx, c.id),
  },
};

// ---- 不起诉决定书 from the procuratorate (刑事诉讼法 Art. 179) ----------------------------
// The inbox keeps the decision (the police may ask for its reconsideration within 7 days,
// 公安机关办理刑事案件程序规定 Art. 294); it must concern one of the bureau's own cases.
Object.assign(inbox, {
  NON_PROSECUTION_DECISION: async (tx, document) => {
    const { policeCaseId } = contentOf('NON_PROSECUTION_DECISION', document.content);
    const own = await tx.selectFrom('policeCase').select('id').where('id', '=', policeCaseId).where('bureauCode', '=', document.receiverOrg).executeTakeFirst();
    if (!own) throw new DocumentRejected(`${document.receiverOrg} 没有公安案件 ${policeCaseId}`);
  },
} satisfies Record<string, InboxHandler<PoliceDatabase>>);
