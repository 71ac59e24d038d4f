// The police's steps of the linkage: each declared once (who, from which state, which
// article) and taken through the kit's takeStep; transfers and the agencies' replies
// arrive through the inbox.
import {
  storedDocument,
  beijingYear,
  badUserInput,
  cancelTasks,
  contentOf,
  DEMO_REGIONS,
  demoPoliceBureau,
  demoProcuratorate,
  DocumentRejected,
  dueDate,
  isValidCreditCode,
  isValidResidentId,
  NON_FILING_EXPLANATION_PERIOD,
  FILING_NOTIFICATION_PERIOD,
  nextSerial,
  openTasks,
  parseId,
  REGION_BY_CODE,
  stepsOf,
  documentsOf,
  DOCUMENT_TITLES,
  receivedDocumentsOf,
  takeStep,
  workListResolver,
  type DocumentContents,
  type DocumentKind,
  type HandoffDocument,
  type InboxHandler,
  type RecordKind,
  type StepRule,
  type SubgraphContext,
} from '@xianjie/subgraph-kit';
import { sql, type Selectable, type Transaction } from 'kysely';
import type { CaseForwardTable, PoliceCaseTable, PoliceDatabase } from './db/database';
import type { PoliceLoaders } from './loaders';

type Context = SubgraphContext<PoliceDatabase, PoliceLoaders>;
type Tx = Transaction<PoliceDatabase>;
type CaseRow = Selectable<PoliceCaseTable>;
type LockedCase = CaseRow & { reconsiderationPending: boolean };

export type PoliceCaseState =
  | 'AWAITING_RECEIPT' | 'PENDING_FILING' | 'AWAITING_MATERIALS' | 'FILED' | 'NOT_FILED' | 'RECONSIDERATION_PENDING' | 'EXPLANATION_REQUESTED' | 'FILING_NOTIFIED'
  | 'CLOSED' | 'TRANSFERRED_FOR_PROSECUTION' | 'NOT_PROSECUTED';

/** A police case's state follows from the steps taken on it (seeded cases included). */
export function policeCaseState(c: CaseRow, reconsiderationPending: boolean): PoliceCaseState {
  if (c.awaitingReceipt) return 'AWAITING_RECEIPT';
  if (c.filingDecision === 'PENDING') return c.materialsRequestedAt && !c.materialsSuppliedAt ? 'AWAITING_MATERIALS' : 'PENDING_FILING';
  if (c.filingDecision === 'NOT_FILED') {
    if (reconsiderationPending) return 'RECONSIDERATION_PENDING';
    if (c.filingNotifiedAt) return 'FILING_NOTIFIED';
    return c.explanationRequestedAt && !c.nonFilingExplainedAt ? 'EXPLANATION_REQUESTED' : 'NOT_FILED';
  }
  if (c.closedAt) return 'CLOSED';
  if (c.notProsecutedAt) return 'NOT_PROSECUTED';
  if (c.transferredForProsecutionAt) return 'TRANSFERRED_FOR_PROSECUTION';
  return 'FILED';
}

const PoliceCaseKind: RecordKind<LockedCase> = {
  entity: 'PoliceCase',
  title: '移送案件',
  states: {
    AWAITING_RECEIPT: '移送已送达，待签收', PENDING_FILING: '已签收，待作出立案决定', AWAITING_MATERIALS: '已通知补正材料，待作出立案决定',
    FILED: '已立案', NOT_FILED: '不予立案', RECONSIDERATION_PENDING: '不予立案，复议审查中',
    EXPLANATION_REQUESTED: '不予立案，人民检察院要求说明不立案理由', FILING_NOTIFIED: '不予立案，人民检察院已通知立案', CLOSED: '已撤销案件',
    TRANSFERRED_FOR_PROSECUTION: '已移送审查起诉', NOT_PROSECUTED: '人民检察院已决定不起诉',
  },
  stateOf: (row) => policeCaseState(row, row.reconsiderationPending),
  orgOf: (row) => row.bureauCode,
  async lock(tx, id) {
    const row = await (tx as Tx).selectFrom('policeCase').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) return undefined;
    const pending = await (tx as Tx).selectFrom('reconsideration').select('id')
      .where('policeCaseId', '=', id).where('decision', '=', 'PENDING').executeTakeFirst();
    return { ...row, reconsiderationPending: !!pending };
  },
};

const POLICE = ['police'] as const;
/** 公安机关办理刑事案件程序规定, as cited. */
const RULES = '公安机关办理刑事案件程序规定';

export const STEPS = {
  signReceipt: { step: 'signReceipt', title: '签收移送案件', roles: POLICE, from: ['AWAITING_RECEIPT'], article: '国务院令第310号第七条' },
  // The filing decision is due 3 days from receipt whether or not the materials asked for have come (Art. 8).
  // … and again, within 15 days, when the procuratorate notifies the bureau to file a case it refused (检察规则 Art. 563).
  decideFiling: { step: 'decideFiling', title: '作出立案决定', roles: POLICE, from: ['PENDING_FILING', 'AWAITING_MATERIALS', 'FILING_NOTIFIED'], article: '国务院令第310号第八条' },
  forwardCase: { step: 'forwardCase', title: '转送有管辖权的公安机关', roles: POLICE, from: ['AWAITING_RECEIPT', 'PENDING_FILING'], article: '国务院令第310号第七条' },
  // Asked only of a case signed for: the bureau may not refuse a case for incomplete materials (公安规定 Art. 180 para. 2).
  requestMaterials: { step: 'requestMaterials', title: '通知补正材料', roles: POLICE, from: ['PENDING_FILING'], article: `${RULES}第一百八十条第二款` },
  decideReconsideration: {
    step: 'decideReconsideration', title: '作出复议决定', roles: POLICE, from: ['RECONSIDERATION_PENDING'], article: `国务院令第310号第九条；${RULES}第一百八十一条`,
  },
  // 立案监督: the refusal explained in writing to the procuratorate that asked (检察规则 Art. 560; 公安规定 Art. 182).
  explainNonFiling: { step: 'explainNonFiling', title: '说明不立案理由', roles: POLICE, from: ['EXPLANATION_REQUESTED'], article: NON_FILING_EXPLANATION_PERIOD.article },
  recordSuspect: { step: 'recordSuspect', title: '登记犯罪嫌疑人', roles: POLICE, from: ['FILED'], article: `${RULES}第一百九十一条` },
  addInvestigationNote: { step: 'addInvestigationNote', title: '记录侦查情况', roles: POLICE, from: ['FILED'], article: `${RULES}第一百九十一条` },
  closePoliceCase: { step: 'closePoliceCase', title: '撤销案件', roles: POLICE, from: ['FILED'], article: `${RULES}第一百八十六条、第一百八十九条` },
  transferForProsecution: { step: 'transferForProsecution', title: '移送审查起诉', roles: POLICE, from: ['FILED'], article: '刑事诉讼法第一百六十二条' },
} satisfies Record<string, StepRule>;

export const PERIODS = {
  // 国务院令第310号 Art. 7: signed for on receipt; a case not the bureau's is forwarded within 24 hours.
  signReceipt: { count: 24, unit: 'hours', article: '国务院令第310号第七条' },
  forwardCase: { count: 24, unit: 'hours', article: '国务院令第310号第七条' },
  // Art. 8; 公安机关办理刑事案件程序规定 Art. 180: reviewed and decided within 3 days of receipt.
  decideFiling: { count: 3, unit: 'days', article: '国务院令第310号第八条' },
  // 公安规定 Art. 180 para. 2: incomplete materials are notified within 24 hours of receipt, and
  // the agency completes them within 3 days.
  requestMaterials: { count: 24, unit: 'hours', article: `${RULES}第一百八十条第二款` },
  supplyMaterials: { count: 3, unit: 'days', article: `${RULES}第一百八十条第二款` },
  // Art. 12: on a filing, the agency hands over seized items and materials within 3 days of the notice.
  handOverSeizedItems: { count: 3, unit: 'days', article: '国务院令第310号第十二条' },
  // Art. 9: on a refusal, the agency may ask for reconsideration within 3 days of the notice;
  // the bureau decides within 3 days of the request; an agency still in disagreement may
  // propose filing supervision (立案监督) to the procuratorate within 3 days of the decision.
  requestReconsideration: { count: 3, unit: 'days', article: '国务院令第310号第九条' },
  decideReconsideration: { count: 3, unit: 'days', article: '国务院令第310号第九条' },
  proposeFilingSupervision: { count: 3, unit: 'days', article: '国务院令第310号第九条' },
  // 刑事诉讼法 Art. 172: the procuratorate decides on a case transferred for prosecution within one month.
  decideProsecution: { count: 1, unit: 'months', article: '刑事诉讼法第一百七十二条' },
} as const;

/** The investigating department in case numbers: 经侦 for goods offences, 食药环侦 otherwise. */
const department = (violationCategory: unknown) =>
  violationCategory === 'COUNTERFEIT_GOODS' || violationCategory === 'SUBSTANDARD_PRODUCTS' ? '经' : '食药环';

const numberPrefix = (bureauCode: string, violationCategory: unknown) =>
  `${REGION_BY_CODE.get(bureauCode.replace(/^PB-/, ''))?.short ?? ''}公（${department(violationCategory)}）`;


/** The next number of a bureau's documents of a kind (受字, 立字, 转字, 诉字 …) for a case. */
async function documentNumber(tx: Tx, bureauCode: string, violationCategory: unknown, kind: string, at: Date): Promise<string> {
  const year = beijingYear(at);
  return `${numberPrefix(bureauCode, violationCategory)}${kind}字〔${year}〕${await nextSerial(tx, bureauCode, kind, year)}号`;
}

/** The 移送书 a case was opened from, as the inbox keeps it (none for a seeded demo case). */
async function transferDocument(tx: Tx, transferId: string): Promise<Partial<DocumentContents['CASE_TRANSFER']>> {
  const row = await tx.selectFrom('handoffInbox').select('document').where('id', '=', `CASE_TRANSFER:${transferId}`).executeTakeFirst();
  if (!row) return {};
  const document = storedDocument(row.document);
  return contentOf('CASE_TRANSFER', document.content);
}

/** The documents a step rests on: the inbox's copies of those kinds received for the chain. */
async function upstreamOf(tx: Tx, chainId: string, kinds: DocumentKind[] = ['CASE_TRANSFER']) {
  return tx.selectFrom('handoffInbox').select(['id', 'digest']).where('chainId', '=', chainId).where('kind', 'in', kinds)
    .orderBy('receivedAt').orderBy('id').execute();
}

/** A case the inbox is told about that the bureau does not have: the document can never be taken. */
async function caseFor(tx: Tx, document: HandoffDocument, policeCaseId: string) {
  const row = await tx.selectFrom('policeCase').selectAll().where('id', '=', policeCaseId).forUpdate().executeTakeFirst();
  if (!row || row.chainId !== document.chainId) throw new DocumentRejected(`${document.kind} ${document.id} names police case ${policeCaseId}, which the police do not have`);
  return row;
}

/** The bureau's case a supervision document names, under the supervision that asked for its reasons. */
async function supervisedCase(tx: Tx, document: HandoffDocument, content: { policeCaseId: string; supervisionId: string }) {
  const row = await caseFor(tx, document, content.policeCaseId);
  if (row.bureauCode !== document.receiverOrg || row.supervisionId !== content.supervisionId) {
    throw new DocumentRejected(`${document.receiverOrg} 的公安案件 ${row.id} 没有立案监督 ${content.supervisionId}`);
  }
  return row;
}

/**
 * The procuratorate supervising a case: the sender of its supervision document as the inbox
 * keeps it; a seeded supervision (from before the platform: no inbox copy) is the procuratorate
 * of the bureau's level (检察规则 Art. 559: 同级人民检察院).
 */
function supervisingProcuratorate(row: CaseRow, received: { document: unknown } | undefined): string {
  return received ? storedDocument(received.document).senderOrg : demoProcuratorate(row.bureauCode.replace(/^PB-/, '')).code;
}

/** What the police receive, and the record each opens or updates. */
export const inbox: Record<string, InboxHandler<PoliceDatabase>> = {
  // 涉嫌犯罪案件移送书: opens the case awaiting the bureau's signature.
  CASE_TRANSFER: async (tx, document) => {
    const content = contentOf('CASE_TRANSFER', document.content);
    const receivedAt = new Date();
    const id = content.transferId.replace(/^TR-/, 'PC-');
    await tx.insertInto('policeCase').values({
      id, chainId: document.chainId, transferId: content.transferId, agencyId: content.agencyId,
      caseNumber: await documentNumber(tx, document.receiverOrg, content.violationCategory, '受', receivedAt),
      bureauCode: document.receiverOrg, bureauName: content.policeBureauName, receivedAt,
      filingDecision: 'PENDING', filingDecidedAt: null, filingReason: null, investigationNotes: [], transferredForProsecutionAt: null,
      awaitingReceipt: true, partyPersonNames: content.party.kind === 'PERSON' ? [content.party.name] : [],
    }).execute();
    await openTasks(tx, [{
      chainId: document.chainId, entity: 'PoliceCase', recordId: id, step: 'signReceipt', title: STEPS.signReceipt.title,
      org: document.receiverOrg, startedAt: receivedAt, period: PERIODS.signReceipt,
    }]);
  },
  // 补正材料: the materials asked for have come (公安规定 Art. 180 para. 2); the filing decision stays due.
  MATERIALS_SUPPLEMENT: async (tx, document) => {
    const content = contentOf('MATERIALS_SUPPLEMENT', document.content);
    await caseFor(tx, document, content.policeCaseId);
    await tx.updateTable('policeCase').set({ materialsSuppliedAt: new Date(), suppliedMaterials: content.materials })
      .where('id', '=', content.policeCaseId).execute();
  },
  // 提请复议书 (310 Art. 9; 公安规定 Art. 181): the bureau that refused decides within 3 days of receiving it.
  RECONSIDERATION_REQUEST: async (tx, document) => {
    const content = contentOf('RECONSIDERATION_REQUEST', document.content);
    const row = await caseFor(tx, document, content.policeCaseId);
    if (row.filingDecision !== 'NOT_FILED') throw new DocumentRejected(`police case ${row.id} was not refused filing: there is nothing to reconsider`);
    const receivedAt = new Date();
    const earlier = await tx.selectFrom('reconsideration').select((eb) => eb.fn.countAll<string>().as('n')).where('policeCaseId', '=', row.id).executeTakeFirstOrThrow();
    await tx.insertInto('reconsideration').values({
      id: `${row.id.replace(/^PC-/, 'RC-')}-${Number(earlier.n) + 1}`, policeCaseId: row.id, requestedAt: receivedAt,
      decidedAt: null, decision: 'PENDING', reason: null, requestReason: content.reason,
    }).execute();
    await openTasks(tx, [{
      chainId: row.chainId, entity: 'PoliceCase', recordId: row.id, step: 'decideReconsideration', title: STEPS.decideReconsideration.title,
      org: row.bureauCode, startedAt: receivedAt, period: PERIODS.decideReconsideration,
    }]);
  },
  // 要求说明不立案理由通知书 (检察规则 Arts. 559–560): only a case the bureau refused; the
  // written explanation is owed within 7 days of receipt (公安规定 Art. 182).
  NON_FILING_EXPLANATION_REQUEST: async (tx, document) => {
    const content = contentOf('NON_FILING_EXPLANATION_REQUEST', document.content);
    const row = await caseFor(tx, document, content.policeCaseId);
    if (row.bureauCode !== document.receiverOrg) throw new DocumentRejected(`${document.receiverOrg} 没有公安案件 ${row.id}`);
    if (row.filingDecision !== 'NOT_FILED') throw new DocumentRejected(`公安案件 ${row.id} 没有作出不予立案决定，无需说明不立案理由`);
    if (row.explanationRequestedAt && !row.nonFilingExplainedAt) throw new DocumentRejected(`公安案件 ${row.id} 已有待说明的不立案理由要求 ${row.supervisionId}`);
    const receivedAt = new Date();
    await tx.updateTable('policeCase').set({
      supervisionId: content.supervisionId, explanationRequestedAt: receivedAt, explanationRequestReason: content.reason,
      nonFilingExplanation: null, nonFilingExplainedAt: null,
    }).where('id', '=', row.id).execute();
    await openTasks(tx, [{
      chainId: row.chainId, entity: 'PoliceCase', recordId: row.id, step: STEPS.explainNonFiling.step, title: STEPS.explainNonFiling.title,
      org: row.bureauCode, startedAt: receivedAt, period: NON_FILING_EXPLANATION_PERIOD,
    }]);
  },
  // 通知立案书 (检察规则 Art. 563): the refused case is to be filed within 15 days of receipt (公安规定 Art. 182 para. 2).
  FILING_NOTIFICATION: async (tx, document) => {
    const row = await supervisedCase(tx, document, contentOf('FILING_NOTIFICATION', document.content));
    if (row.filingDecision !== 'NOT_FILED') throw new DocumentRejected(`公安案件 ${row.id} 已经立案`);
    const receivedAt = new Date();
    await tx.updateTable('policeCase').set({ filingNotifiedAt: receivedAt }).where('id', '=', row.id).execute();
    await openTasks(tx, [{
      chainId: row.chainId, entity: 'PoliceCase', recordId: row.id, step: STEPS.decideFiling.step, title: STEPS.decideFiling.title,
      org: row.bureauCode, startedAt: receivedAt, period: FILING_NOTIFICATION_PERIOD,
    }]);
  },
  // 纠正违法通知书 (检察规则 Art. 564): recorded on the case; the filing stays owed, now late.
  CORRECTION_NOTICE: async (tx, document) => {
    const row = await supervisedCase(tx, document, contentOf('CORRECTION_NOTICE', document.content));
    await tx.updateTable('policeCase').set({ correctionNoticedAt: new Date() }).where('id', '=', row.id).execute();
  },
  // 涉案物品移交清单 (310 Art. 12).
  SEIZED_ITEMS_HANDOVER: async (tx, document) => {
    const content = contentOf('SEIZED_ITEMS_HANDOVER', document.content);
    await caseFor(tx, document, content.policeCaseId);
    await tx.updateTable('policeCase').set({ seizedItems: content.items, seizedItemsReceivedAt: new Date() })
      .where('id', '=', content.policeCaseId).execute();
  },
};

const reload = (ctx: Context, id: string) => ctx.db.selectFrom('policeCase').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

const required = (value: string, message: string, argument: string) => {
  const trimmed = value.trim();
  if (!trimmed) throw badUserInput(message, argument);
  return trimmed;
};

/** A list argument's entries, trimmed, blanks and repeats left out; at least one. */
const entries = (values: string[], message: string, argument: string) => {
  const list = [...new Set(values.map((v) => v.trim()).filter(Boolean))];
  if (list.length === 0) throw badUserInput(message, argument);
  return list;
};

/** A letter from the police to the agency that transferred the case. */
const toAgency = (row: CaseRow, at: Date) => ({
  sender: 'police' as const, senderOrg: row.bureauCode, receiver: 'enforcement' as const, receiverOrg: row.agencyId,
  chainId: row.chainId, subjectId: row.id, issuedAt: at.toISOString(),
});

type SuspectInput = { kind: 'PERSON' | 'ORGANIZATION'; name: string; idNumber: string };

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
        // 回执: the signed receipt goes back to the agency (Art. 7); a forwarded case is signed for by each bureau it reaches.
        const content: DocumentContents['TRANSFER_RECEIPT'] = {
          transferId: row.transferId, policeCaseId: id, caseNumber: row.caseNumber, bureauName: row.bureauName, signedAt: at.toISOString(),
        };
        await ctx.handoff.send(tx, {
          id: `TRANSFER_RECEIPT:${row.transferId}:${row.bureauCode}`, kind: 'TRANSFER_RECEIPT', title: '涉嫌犯罪案件移送书回执', number: row.caseNumber,
          ...toAgency(row, at), content, upstream: await upstreamOf(db, row.chainId), nextStep: null,
        });
      });
      return reload(ctx, id);
    },

    decideFiling: async (_: unknown, args: { policeCaseId: string; file: boolean; reason: string }, ctx: Context) => {
      const id = parseId('policeCase', args.policeCaseId, 'policeCaseId');
      const reason = required(args.reason, '立案或者不予立案，都应当写明理由（国务院令第310号第八条）', 'reason');
      await takeStep(ctx, PoliceCaseKind, STEPS.decideFiling, id, async (tx, row, at) => {
        const db = tx as Tx;
        // 通知立案书: the bureau files (检察规则 Art. 563); it may not refuse again.
        const notified = policeCaseState(row, row.reconsiderationPending) === 'FILING_NOTIFIED';
        if (notified && !args.file) throw badUserInput(`人民检察院已通知 ${id} 立案，公安机关应当在收到通知立案书后十五日以内立案（人民检察院刑事诉讼规则第五百六十三条）`, 'file');
        const { violationCategory } = await transferDocument(db, row.transferId);
        const filingNumber = args.file ? await documentNumber(db, row.bureauCode, violationCategory, '立', at) : null;
        const decision = args.file ? 'FILED' : 'NOT_FILED';
        await db.updateTable('policeCase')
          .set({ filingDecision: decision, filingDecidedAt: at, filingReason: reason, filingNumber })
          .where('id', '=', id).execute();
        const next = args.file ? { step: 'handOverSeizedItems', period: PERIODS.handOverSeizedItems } : { step: 'requestReconsideration', period: PERIODS.requestReconsideration };
        const due = dueDate(at, next.period);
        const content: DocumentContents['FILING_NOTICE'] = { transferId: row.transferId, policeCaseId: id, decision, reason, filingNumber, decidedAt: at.toISOString() };
        await ctx.handoff.send(tx, {
          // A filing after a refusal, on the procuratorate's notice, is a second notice to the agency.
          id: notified ? `FILING_NOTICE:${id}:${row.supervisionId}` : `FILING_NOTICE:${id}`, kind: 'FILING_NOTICE', title: args.file ? '立案告知书' : '不予立案通知书',
          number: filingNumber ?? await documentNumber(db, row.bureauCode, violationCategory, '不立', at),
          ...toAgency(row, at), content,
          upstream: await upstreamOf(db, row.chainId, notified ? ['CASE_TRANSFER', 'MATERIALS_SUPPLEMENT', 'FILING_NOTIFICATION'] : ['CASE_TRANSFER', 'MATERIALS_SUPPLEMENT']),
          nextStep: { step: next.step, dueAt: due.dueAt.toISOString(), article: due.article },
        });
        if (notified) {
          // 公安规定 Art. 182 para. 2: a copy of the 立案决定书 goes to the procuratorate that notified.
          const notice = await db.selectFrom('handoffInbox').select(['id', 'digest', 'document']).where('id', '=', `FILING_NOTIFICATION:${row.supervisionId}`).executeTakeFirst();
          const copy: DocumentContents['FILING_DECISION_COPY'] = { supervisionId: row.supervisionId!, policeCaseId: id, filingNumber: filingNumber!, filedAt: at.toISOString() };
          await ctx.handoff.send(tx, {
            id: `FILING_DECISION_COPY:${row.supervisionId}`, kind: 'FILING_DECISION_COPY', title: DOCUMENT_TITLES.FILING_DECISION_COPY, number: filingNumber!,
            sender: 'police', senderOrg: row.bureauCode, receiver: 'procuratorate', receiverOrg: supervisingProcuratorate(row, notice),
            chainId: row.chainId, subjectId: id, issuedAt: at.toISOString(), content: { ...copy },
            upstream: notice ? [{ id: notice.id, digest: notice.digest }] : [], nextStep: null,
          });
        }
      });
      return reload(ctx, id);
    },

    // 转送 (国务院令第310号 Art. 7): a case not the bureau's goes, within 24 hours of receipt, to the
    // bureau that has jurisdiction, which then owes the receipt and the filing decision; the
    // agency is told in writing.
    forwardCase: async (_: unknown, args: { policeCaseId: string; toBureauCode: string; reason: string }, ctx: Context) => {
      const id = parseId('policeCase', args.policeCaseId, 'policeCaseId');
      const region = DEMO_REGIONS.find((r) => `PB-${r.code}` === args.toBureauCode);
      if (!region) throw badUserInput(`${args.toBureauCode} 不是本市的公安机关代码（如 PB-421202）`, 'toBureauCode');
      const reason = required(args.reason, '转送应当说明不属于本机关管辖的理由', 'reason');
      await takeStep(ctx, PoliceCaseKind, STEPS.forwardCase, id, async (tx, row, at) => {
        const db = tx as Tx;
        const to = demoPoliceBureau(region.code);
        if (to.code === row.bureauCode) throw badUserInput('不能转送给本机关', 'toBureauCode');
        const earlier = await db.selectFrom('caseForward').select('fromBureauCode').where('policeCaseId', '=', id).execute();
        if (earlier.some((f) => f.fromBureauCode === to.code)) {
          throw badUserInput(`本案已由 ${to.name} 转出，不能转回；管辖有争议的，由共同的上级公安机关指定管辖（${RULES}第二十二条）`, 'toBureauCode');
        }
        const { violationCategory } = await transferDocument(db, row.transferId);
        const forward: CaseForwardTable = {
          id: `${id.replace(/^PC-/, 'FW-')}-${earlier.length + 1}`, policeCaseId: id, fromBureauCode: row.bureauCode, fromCaseNumber: row.caseNumber,
          toBureauCode: to.code, toBureauName: to.name, reason, forwardedAt: at,
        };
        await db.insertInto('caseForward').values(forward).execute();
        // The forward was owed within 24 hours of receipt: recorded with that deadline, so a late one shows.
        await openTasks(tx, [{
          chainId: row.chainId, entity: 'PoliceCase', recordId: id, step: 'forwardCase', title: STEPS.forwardCase.title,
          org: row.bureauCode, startedAt: row.receivedAt, period: PERIODS.forwardCase,
        }]);
        // This bureau owes nothing more; the receiving bureau signs for it and decides on filing.
        await cancelTasks(tx, id, ['signReceipt', 'decideFiling']);
        await db.updateTable('policeCase').set({
          bureauCode: to.code, bureauName: to.name, receivedAt: at, awaitingReceipt: true, receiptSignedAt: null,
          caseNumber: await documentNumber(db, to.code, violationCategory, '受', at),
        }).where('id', '=', id).execute();
        await openTasks(tx, [{
          chainId: row.chainId, entity: 'PoliceCase', recordId: id, step: 'signReceipt', title: STEPS.signReceipt.title,
          org: to.code, startedAt: at, period: PERIODS.signReceipt,
        }]);
        const content: DocumentContents['FORWARD_NOTICE'] = {
          transferId: row.transferId, policeCaseId: id, fromBureau: row.bureauCode, toBureau: to.code, toBureauName: to.name, reason,
        };
        await ctx.handoff.send(tx, {
          id: `FORWARD_NOTICE:${forward.id}`, kind: 'FORWARD_NOTICE', title: '移送案件转送告知书',
          number: await documentNumber(db, row.bureauCode, violationCategory, '转', at),
          ...toAgency(row, at), content, upstream: await upstreamOf(db, row.chainId), nextStep: null,
        });
      });
      return reload(ctx, id);
    },

    // 补正材料 (公安规定 Art. 180 para. 2): notified within 24 hours of receipt; the agency
    // completes them within 3 days. The case stays accepted and its filing decision due.
    requestMaterials: async (_: unknown, args: { policeCaseId: string; missing: string[] }, ctx: Context) => {
      const id = parseId('policeCase', args.policeCaseId, 'policeCaseId');
      const missing = entries(args.missing, '补正材料通知应当列明所缺的材料', 'missing');
      await takeStep(ctx, PoliceCaseKind, STEPS.requestMaterials, id, async (tx, row, at) => {
        const db = tx as Tx;
        await db.updateTable('policeCase')
          .set({ materialsRequestedAt: at, missingMaterials: missing, materialsSuppliedAt: null, suppliedMaterials: null })
          .where('id', '=', id).execute();
        // The notice was owed within 24 hours of receipt: recorded with that deadline, so a late one shows.
        await openTasks(tx, [{
          chainId: row.chainId, entity: 'PoliceCase', recordId: id, step: 'requestMaterials', title: STEPS.requestMaterials.title,
          org: row.bureauCode, startedAt: row.receivedAt, period: PERIODS.requestMaterials,
        }]);
        const { violationCategory } = await transferDocument(db, row.transferId);
        const number = await documentNumber(db, row.bureauCode, violationCategory, '补', at);
        const due = dueDate(at, PERIODS.supplyMaterials);
        const content: DocumentContents['MATERIALS_REQUEST'] = { transferId: row.transferId, policeCaseId: id, missing };
        await ctx.handoff.send(tx, {
          id: `MATERIALS_REQUEST:${id}:${number}`, kind: 'MATERIALS_REQUEST', title: '补正材料通知书', number,
          ...toAgency(row, at), content, upstream: await upstreamOf(db, row.chainId),
          nextStep: { step: 'supplyMaterials', dueAt: due.dueAt.toISOString(), article: due.article },
        });
      });
      return reload(ctx, id);
    },

    // 复议决定 (310 Art. 9; 公安规定 Art. 181): within 3 days of the request; may file after all.
    decideReconsideration: async (_: unknown, args: { policeCaseId: string; file: boolean; reason: string }, ctx: Context) => {
      const id = parseId('policeCase', args.policeCaseId, 'policeCaseId');
      const reason = required(args.reason, '复议决定应当写明理由（国务院令第310号第九条）', 'reason');
      await takeStep(ctx, PoliceCaseKind, STEPS.decideReconsideration, id, async (tx, row, at) => {
        const db = tx as Tx;
        const request = await db.selectFrom('reconsideration').selectAll().where('policeCaseId', '=', id).where('decision', '=', 'PENDING')
          .forUpdate().executeTakeFirstOrThrow();
        const decision = args.file ? 'FILED' : 'NOT_FILED';
        await db.updateTable('reconsideration').set({ decidedAt: at, decision, reason }).where('id', '=', request.id).execute();
        const { violationCategory } = await transferDocument(db, row.transferId);
        const filingNumber = args.file ? await documentNumber(db, row.bureauCode, violationCategory, '立', at) : null;
        if (args.file) {
          await db.updateTable('policeCase').set({ filingDecision: 'FILED', filingDecidedAt: at, filingReason: reason, filingNumber }).where('id', '=', id).execute();
        }
        const next = args.file
          ? { step: 'handOverSeizedItems', period: PERIODS.handOverSeizedItems }
          : { step: 'proposeFilingSupervision', period: PERIODS.proposeFilingSupervision };
        const due = dueDate(at, next.period);
        const content: DocumentContents['RECONSIDERATION_DECISION'] = { transferId: row.transferId, policeCaseId: id, decision, reason, filingNumber };
        await ctx.handoff.send(tx, {
          id: `RECONSIDERATION_DECISION:${request.id}`, kind: 'RECONSIDERATION_DECISION', title: '复议决定书',
          number: await documentNumber(db, row.bureauCode, violationCategory, '复决', at),
          ...toAgency(row, at), content,
          upstream: await upstreamOf(db, row.chainId, ['CASE_TRANSFER', 'MATERIALS_SUPPLEMENT', 'RECONSIDERATION_REQUEST']),
          nextStep: { step: next.step, dueAt: due.dueAt.toISOString(), article: due.article },
        });
      });
      return reload(ctx, id);
    },

    // 不立案理由说明书 (检察规则 Art. 560; 公安规定 Art. 182): the facts, grounds and reasons of
    // the refusal, in writing, to the procuratorate that asked; it then reviews them (Art. 561).
    explainNonFiling: async (_: unknown, args: { policeCaseId: string; explanation: string }, ctx: Context) => {
      const id = parseId('policeCase', args.policeCaseId, 'policeCaseId');
      const explanation = required(args.explanation, '应当书面说明不立案的情况、依据和理由（人民检察院刑事诉讼规则第五百六十条）', 'explanation');
      await takeStep(ctx, PoliceCaseKind, STEPS.explainNonFiling, id, async (tx, row, at) => {
        const db = tx as Tx;
        await db.updateTable('policeCase').set({ nonFilingExplanation: explanation, nonFilingExplainedAt: at }).where('id', '=', id).execute();
        const request = await db.selectFrom('handoffInbox').select(['id', 'digest', 'document'])
          .where('id', '=', `NON_FILING_EXPLANATION_REQUEST:${row.supervisionId}`).executeTakeFirst();
        const askedBy = supervisingProcuratorate(row, request);
        const { violationCategory } = await transferDocument(db, row.transferId);
        const suspects = await db.selectFrom('suspect').select('name').where('policeCaseId', '=', id).where('kind', '=', 'PERSON').orderBy('id').execute();
        const content: DocumentContents['NON_FILING_EXPLANATION'] = {
          supervisionId: row.supervisionId!, policeCaseId: id, policeCaseNumber: row.caseNumber, agencyId: row.agencyId, transferId: row.transferId,
          refusedAt: row.filingDecidedAt?.toISOString() ?? null, refusalReason: row.filingReason, explanation,
          personNames: [...new Set([...row.partyPersonNames, ...suspects.map((s) => s.name)])],
        };
        await ctx.handoff.send(tx, {
          id: `NON_FILING_EXPLANATION:${row.supervisionId}`, kind: 'NON_FILING_EXPLANATION', title: DOCUMENT_TITLES.NON_FILING_EXPLANATION,
          number: await documentNumber(db, row.bureauCode, violationCategory, '不立说', at),
          sender: 'police', senderOrg: row.bureauCode, receiver: 'procuratorate', receiverOrg: askedBy,
          chainId: row.chainId, subjectId: id, issuedAt: at.toISOString(), content: { ...content },
          upstream: request ? [{ id: request.id, digest: request.digest }] : [],
          // The procuratorate reviews the reasons (Art. 561); no period in days is set for it.
          nextStep: null,
        });
      });
      return reload(ctx, id);
    },

    recordSuspect: async (_: unknown, args: { policeCaseId: string; input: SuspectInput }, ctx: Context) => {
      const id = parseId('policeCase', args.policeCaseId, 'policeCaseId');
      const { kind, idNumber } = args.input;
      const name = required(args.input.name, '犯罪嫌疑人姓名或单位名称不能为空', 'input.name');
      const valid = kind === 'PERSON' ? isValidResidentId(idNumber) : isValidCreditCode(idNumber);
      if (!valid) {
        const what = kind === 'PERSON' ? '公民身份号码（GB 11643，18位，末位为校验码）' : '统一社会信用代码（GB 32100，18位，末位为校验码）';
        throw badUserInput(`犯罪嫌疑人证件号码 ${idNumber} 不是有效的${what}`, 'input.idNumber');
      }
      await takeStep(ctx, PoliceCaseKind, STEPS.recordSuspect, id, async (tx) => {
        const db = tx as Tx;
        const known = await db.selectFrom('suspect').select(['idNumber']).where('policeCaseId', '=', id).execute();
        if (known.some((s) => s.idNumber === idNumber)) throw badUserInput(`证件号码为 ${idNumber} 的犯罪嫌疑人已经登记`, 'input.idNumber');
        await db.insertInto('suspect').values({ id: `${id.replace(/^PC-/, 'SU-')}-${known.length + 1}`, policeCaseId: id, kind, name, idNumber }).execute();
      });
      return reload(ctx, id);
    },

    addInvestigationNote: async (_: unknown, args: { policeCaseId: string; note: string }, ctx: Context) => {
      const id = parseId('policeCase', args.policeCaseId, 'policeCaseId');
      const note = required(args.note, '侦查情况不能为空', 'note');
      await takeStep(ctx, PoliceCaseKind, STEPS.addInvestigationNote, id, async (tx) => {
        await (tx as Tx).updateTable('policeCase').set({ investigationNotes: sql<string[]>`array_append(investigation_notes, ${note})` }).where('id', '=', id).execute();
      });
      return reload(ctx, id);
    },

    // 撤案 (公安规定 Art. 186): the agency that transferred the case is told within 3 days of
    // the decision (Art. 189); the notice is written with the decision, so it goes the same day.
    closePoliceCase: async (_: unknown, args: { policeCaseId: string; reason: string }, ctx: Context) => {
      const id = parseId('policeCase', args.policeCaseId, 'policeCaseId');
      const reason = required(args.reason, `撤销案件应当写明理由（${RULES}第一百八十六条）`, 'reason');
      await takeStep(ctx, PoliceCaseKind, STEPS.closePoliceCase, id, async (tx, row, at) => {
        const db = tx as Tx;
        await db.updateTable('policeCase').set({ closedAt: at, closeReason: reason }).where('id', '=', id).execute();
        const { violationCategory } = await transferDocument(db, row.transferId);
        const content: DocumentContents['CASE_CLOSED_NOTICE'] = { transferId: row.transferId, policeCaseId: id, reason, closedAt: at.toISOString() };
        await ctx.handoff.send(tx, {
          id: `CASE_CLOSED_NOTICE:${id}`, kind: 'CASE_CLOSED_NOTICE', title: '撤销案件告知书',
          number: await documentNumber(db, row.bureauCode, violationCategory, '撤', at),
          ...toAgency(row, at), content,
          upstream: await upstreamOf(db, row.chainId, ['CASE_TRANSFER', 'MATERIALS_SUPPLEMENT', 'RECONSIDERATION_REQUEST', 'SEIZED_ITEMS_HANDOVER']),
          nextStep: null,
        });
      });
      return reload(ctx, id);
    },

    // 起诉意见书 (刑事诉讼法 Art. 162): the case, its suspects and the penalty already imposed go to
    // the procuratorate of the bureau's region, which decides within one month (Art. 172).
    transferForProsecution: async (_: unknown, args: { policeCaseId: string; input: { proposedCharges: string[]; facts: string } }, ctx: Context) => {
      const id = parseId('policeCase', args.policeCaseId, 'policeCaseId');
      const proposedCharges = entries(args.input.proposedCharges, '起诉意见书应当写明涉嫌的罪名', 'input.proposedCharges');
      const facts = required(args.input.facts, '起诉意见书应当写明经侦查认定的犯罪事实（刑事诉讼法第一百六十二条）', 'input.facts');
      await takeStep(ctx, PoliceCaseKind, STEPS.transferForProsecution, id, async (tx, row, at) => {
        const db = tx as Tx;
        const suspects = await db.selectFrom('suspect').selectAll().where('policeCaseId', '=', id).orderBy('id').execute();
        if (suspects.length === 0) throw badUserInput(`移送审查起诉须写明犯罪嫌疑人：${row.caseNumber} 尚未登记犯罪嫌疑人`, 'policeCaseId');
        await db.updateTable('policeCase').set({ transferredForProsecutionAt: at, proposedCharges }).where('id', '=', id).execute();
        const transfer = await transferDocument(db, row.transferId);
        const procuratorate = demoProcuratorate(row.bureauCode.replace(/^PB-/, ''));
        const due = dueDate(at, PERIODS.decideProsecution);
        const content: DocumentContents['PROSECUTION_TRANSFER'] = {
          policeCaseId: id, policeCaseNumber: row.caseNumber, filingNumber: row.filingNumber, bureauCode: row.bureauCode, bureauName: row.bureauName,
          agencyId: row.agencyId, transferId: row.transferId, procuratorateCode: procuratorate.code,
          suspects: suspects.map((s) => ({ kind: s.kind as 'PERSON' | 'ORGANIZATION', name: s.name, idNumber: s.idNumber })),
          proposedCharges, facts, penaltyDecision: transfer.penaltyDecision ?? null,
        };
        await ctx.handoff.send(tx, {
          id: `PROSECUTION_TRANSFER:${id}`, kind: 'PROSECUTION_TRANSFER', title: '起诉意见书',
          number: await documentNumber(db, row.bureauCode, transfer.violationCategory, '诉', at),
          sender: 'police', senderOrg: row.bureauCode, receiver: 'procuratorate', receiverOrg: procuratorate.code,
          chainId: row.chainId, subjectId: id, issuedAt: at.toISOString(), content,
          upstream: await upstreamOf(db, row.chainId, ['CASE_TRANSFER', 'MATERIALS_SUPPLEMENT', 'RECONSIDERATION_REQUEST', 'SEIZED_ITEMS_HANDOVER']),
          nextStep: { step: 'decideProsecution', dueAt: due.dueAt.toISOString(), article: due.article },
        });
      });
      return reload(ctx, id);
    },
  },
  PoliceCase: {
    state: async (c: CaseRow, _: unknown, ctx: Context) =>
      policeCaseState(c, (await ctx.loaders.reconsiderationsByCase.load(c.id)).some((r) => r.decision === 'PENDING')),
    forwards: (c: CaseRow, _: unknown, ctx: Context) => ctx.loaders.forwardsByCase.load(c.id),
    steps: (c: CaseRow, _: unknown, ctx: Context) => stepsOf(ctx, c.chainId),
    documents: (c: CaseRow, _: unknown, ctx: Context) => documentsOf(ctx, c.id),
    receivedDocuments: (c: CaseRow, _: unknown, ctx: Context) => receivedDocumentsOf(ctx, c.chainId),
  },
};

// ---- 不起诉决定书 from the procuratorate (刑事诉讼法 Art. 179) ----------------------------
// The decision is recorded on the case the bureau transferred for prosecution, which is
// then marked 不起诉 (the police may ask for its reconsideration within 7 days, 公安机关办理
// 刑事案件程序规定 Art. 294, but owe no step); it must concern one of the bureau's own cases.
Object.assign(inbox, {
  NON_PROSECUTION_DECISION: async (tx, document) => {
    const { policeCaseId } = contentOf('NON_PROSECUTION_DECISION', document.content);
    const own = await tx.selectFrom('policeCase').select('id').where('id', '=', policeCaseId).where('bureauCode', '=', document.receiverOrg).executeTakeFirst();
    if (!own) throw new DocumentRejected(`${document.receiverOrg} 没有公安案件 ${policeCaseId}`);
    await tx.updateTable('policeCase').set({ notProsecutedAt: new Date(document.issuedAt), nonProsecutionNumber: document.number })
      .where('id', '=', policeCaseId).execute();
  },
} satisfies Record<string, InboxHandler<PoliceDatabase>>);
