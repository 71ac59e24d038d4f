// 立案监督 (检察规则 Arts. 557–564), the procuratorate's part: a supervision case opened on a
// police case's refusal to file, the request that the police explain it (Art. 560, 7 days)
// and their reasons as they come back. Each step declared once and taken through takeStep.
import {
  badUserInput,
  beijingYear,
  cancelTasks,
  openTasks,
  contentOf,
  createRecord,
  demoPoliceBureau,
  demoProcuratorate,
  documentsOf,
  DocumentRejected,
  DOCUMENT_TITLES,
  dueDate,
  forbidden,
  indexedId,
  NON_FILING_EXPLANATION_PERIOD,
  FILING_NOTIFICATION_PERIOD,
  beijingDay,
  nextSerial,
  parseId,
  receivedDocumentsOf,
  REGION_BY_CODE,
  stepsOf,
  takeStep,
  type DocumentContents,
  type InboxHandler,
  type RecordKind,
  type StepRule,
  type SubgraphContext,
} from '@xianjie/subgraph-kit';
import { sql, type Selectable, type Transaction } from 'kysely';
import type { FilingSupervisionTable, ProcuratorateDatabase } from './db/database';
import type { ProcuratorateLoaders } from './loaders';

type Context = SubgraphContext<ProcuratorateDatabase, ProcuratorateLoaders>;
type Tx = Transaction<ProcuratorateDatabase>;
type SupervisionRow = Selectable<FilingSupervisionTable>;

export type FilingSupervisionState =
  | 'OPENED' | 'EXPLANATION_REQUESTED' | 'EXPLAINED' | 'REASONS_SOUND' | 'FILING_NOTIFIED' | 'CORRECTION_NOTIFIED' | 'FILED';

/** A supervision case's state follows from the steps taken on it. */
export function filingSupervisionState(s: SupervisionRow): FilingSupervisionState {
  if (s.filedAt) return 'FILED';
  if (s.correctionNoticedAt) return 'CORRECTION_NOTIFIED';
  if (s.finding === 'NOT_SOUND') return 'FILING_NOTIFIED';
  if (s.finding === 'SOUND') return 'REASONS_SOUND';
  if (s.explainedAt) return 'EXPLAINED';
  if (s.explanationRequestedAt) return 'EXPLANATION_REQUESTED';
  return 'OPENED';
}

const FilingSupervisionKind: RecordKind<SupervisionRow> = {
  entity: 'FilingSupervision',
  title: '立案监督案件',
  states: {
    OPENED: '已受理，待审查是否要求说明不立案理由', EXPLANATION_REQUESTED: '已要求公安机关说明不立案理由，待回复',
    EXPLAINED: '公安机关已说明不立案理由，待审查', REASONS_SOUND: '不立案理由成立，已告知行政执法机关',
    FILING_NOTIFIED: '不立案理由不能成立，已通知公安机关立案', CORRECTION_NOTIFIED: '逾期未立案，已发出纠正违法通知书', FILED: '公安机关已依通知立案',
  },
  stateOf: filingSupervisionState,
  orgOf: (row) => row.procuratorateCode,
  lock: (tx, id) => (tx as Tx).selectFrom('filingSupervision').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
};

const PROCURATORS = ['procurator'] as const;
/** What the procuratorate receives on a supervision case. */
const RECEIVED_KINDS = new Set(['FILING_SUPERVISION_REQUEST', 'NON_FILING_EXPLANATION', 'FILING_DECISION_COPY']);

/** Opening a supervision case starts a record (no state before it). */
const OPEN = {
  step: 'openFilingSupervision', title: '受理立案监督', roles: PROCURATORS, entity: 'FilingSupervision',
  article: '人民检察院刑事诉讼规则第五百五十七条',
};

export const STEPS = {
  requestNonFilingExplanation: {
    step: 'requestNonFilingExplanation', title: '要求公安机关说明不立案理由', roles: PROCURATORS, from: ['OPENED'],
    article: '人民检察院刑事诉讼规则第五百五十九条、第五百六十条',
  },
  reviewNonFilingExplanation: {
    step: 'reviewNonFilingExplanation', title: '审查不立案理由', roles: PROCURATORS, from: ['EXPLAINED'],
    article: '人民检察院刑事诉讼规则第五百六十一条、第五百六十三条',
  },
  sendCorrectionNotice: {
    step: 'sendCorrectionNotice', title: '发出纠正违法通知书', roles: PROCURATORS, from: ['FILING_NOTIFIED'],
    article: '人民检察院刑事诉讼规则第五百六十四条',
  },
} satisfies Record<string, StepRule>;

/**
 * 检察规则 Art. 561 para. 2: sound reasons are told to the agency within 10 days; Xianjie owes
 * the review itself by then (no other period is set for it).
 */
export const TELL_AGENCY_PERIOD = { count: 10, unit: 'days', article: '人民检察院刑事诉讼规则第五百六十一条第二款' } as const;

/** The procuratorate of the caller's unit (PP-421202 …), or refused. */
function ownProcuratorate(ctx: Context, stepTitle: string) {
  const region = /^PP-(\d{6})$/.exec(ctx.viewer.org ?? '')?.[1];
  if (ctx.viewer.roles.includes('procurator') && !(region && REGION_BY_CODE.has(region))) throw forbidden(`${stepTitle}须以本市人民检察院的身份办理`);
  return region;
}

const reload = (ctx: Context, id: string) => ctx.db.selectFrom('filingSupervision').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** A chain's filing supervision, whichever type the chain is. */
const filingSupervisionOf = (chain: { id: string }, _: unknown, ctx: Context) => ctx.loaders.filingSupervisionByChainId.load(chain.id);

export const filingSupervisionResolvers = {
  Query: {
    filingSupervision: (_: unknown, args: { id: string }, ctx: Context) =>
      ctx.db.selectFrom('filingSupervision').selectAll().where('id', '=', parseId('filingSupervision', args.id)).executeTakeFirst(),
  },
  Mutation: {
    // 检察规则 Art. 557 para. 2: a procuratorate that finds the police may have refused a case
    // that should be filed reviews it; the case it opens is the one every later step is taken on.
    openFilingSupervision: async (_: unknown, { input }: { input: { policeCaseId: string; bureauCode: string; reason: string } }, ctx: Context) => {
      const policeCaseId = parseId('policeCase', input.policeCaseId, 'input.policeCaseId');
      const bureauRegion = /^PB-(\d{6})$/.exec(input.bureauCode)?.[1];
      if (!bureauRegion || !REGION_BY_CODE.has(bureauRegion)) throw badUserInput(`${input.bureauCode} 不是本市的公安机关代码（如 PB-421202）`, 'input.bureauCode');
      const reason = input.reason.trim();
      if (!reason) throw badUserInput('立案监督应当写明认为公安机关应当立案而不立案的事实和理由（检察规则第五百五十七条）', 'input.reason');
      ownProcuratorate(ctx, OPEN.title);
      // Every record of a chain carries the chain's index: PC-0000033 → FS-0000033, XJ-0000033.
      const index = Number(policeCaseId.slice(3));
      const id = indexedId('filingSupervision', index);
      await createRecord(ctx, OPEN, async (tx, org, at) => {
        const db = tx as Tx;
        const existing = await db.selectFrom('filingSupervision').select(['id', 'procuratorateCode']).where('id', '=', id).executeTakeFirst();
        if (existing) throw badUserInput(`公安案件 ${policeCaseId} 已有立案监督案件 ${existing.id}（${existing.procuratorateCode}）`, 'input.policeCaseId');
        await db.insertInto('filingSupervision').values({
          id, chainId: indexedId('chain', index), policeCaseId, bureauCode: demoPoliceBureau(bureauRegion).code, agencyId: null,
          procuratorateCode: org, reason, openedAt: at,
          explanationRequestedAt: null, explanationRequestNumber: null, explanation: null, explainedAt: null,
        }).execute();
        return { id, result: id };
      });
      return reload(ctx, id);
    },

    // 要求说明不立案理由通知书 (检察规则 Arts. 559–560): the police explain in writing within 7 days of receipt.
    requestNonFilingExplanation: async (_: unknown, args: { supervisionId: string }, ctx: Context) => {
      const id = parseId('filingSupervision', args.supervisionId, 'supervisionId');
      await takeStep(ctx, FilingSupervisionKind, STEPS.requestNonFilingExplanation, id, async (tx, row, at) => {
        const procuratorate = demoProcuratorate(row.procuratorateCode.replace(/^PP-/, ''));
        const year = beijingYear(at);
        const number = `${procuratorate.short}立监要〔${year}〕${await nextSerial(tx, row.procuratorateCode, '立监要', year)}号`;
        await (tx as Tx).updateTable('filingSupervision').set({ explanationRequestedAt: at, explanationRequestNumber: number }).where('id', '=', id).execute();
        const content: DocumentContents['NON_FILING_EXPLANATION_REQUEST'] = {
          supervisionId: id, policeCaseId: row.policeCaseId, procuratorateName: procuratorate.name, reason: row.reason,
        };
        const due = dueDate(at, NON_FILING_EXPLANATION_PERIOD);
        await ctx.handoff.send(tx, {
          id: `NON_FILING_EXPLANATION_REQUEST:${id}`, kind: 'NON_FILING_EXPLANATION_REQUEST', title: DOCUMENT_TITLES.NON_FILING_EXPLANATION_REQUEST, number,
          sender: 'procuratorate', senderOrg: row.procuratorateCode, receiver: 'police', receiverOrg: row.bureauCode,
          chainId: row.chainId, subjectId: id, issuedAt: at.toISOString(), content: { ...content }, upstream: [],
          nextStep: { step: 'explainNonFiling', dueAt: due.dueAt.toISOString(), article: due.article },
        });
      });
      return reload(ctx, id);
    },

    // 检察规则 Art. 561: the police's reasons reviewed. Sound: the agency is told the grounds
    // (不立案理由审查意见通知书, within 10 days). Not sound: the police are notified to file
    // within 15 days of receipt (通知立案书, Art. 563; 公安规定 Art. 182 para. 2).
    reviewNonFilingExplanation: async (_: unknown, args: { supervisionId: string; sound: boolean; reason: string }, ctx: Context) => {
      const id = parseId('filingSupervision', args.supervisionId, 'supervisionId');
      const reason = args.reason.trim();
      if (!reason) throw badUserInput('审查不立案理由应当写明认为理由成立或者不能成立的依据（人民检察院刑事诉讼规则第五百六十一条）', 'reason');
      await takeStep(ctx, FilingSupervisionKind, STEPS.reviewNonFilingExplanation, id, async (tx, row, at) => {
        const db = tx as Tx;
        const procuratorate = demoProcuratorate(row.procuratorateCode.replace(/^PP-/, ''));
        const year = beijingYear(at);
        // A seeded case (from before the platform) has no inbox copy of the reasons to cite.
        const explanation = await db.selectFrom('handoffInbox').select(['id', 'digest']).where('id', '=', `NON_FILING_EXPLANATION:${id}`).executeTakeFirst();
        const upstream = explanation ? [{ id: explanation.id, digest: explanation.digest }] : [];
        if (args.sound) {
          await db.updateTable('filingSupervision').set({ finding: 'SOUND', findingReason: reason, reviewedAt: at }).where('id', '=', id).execute();
          const content: DocumentContents['NON_FILING_REVIEW_NOTICE'] = {
            supervisionId: id, policeCaseId: row.policeCaseId, transferId: row.transferId!, agencyId: row.agencyId!, explanation: row.explanation!, reason,
          };
          await ctx.handoff.send(tx, {
            id: `NON_FILING_REVIEW_NOTICE:${id}`, kind: 'NON_FILING_REVIEW_NOTICE', title: DOCUMENT_TITLES.NON_FILING_REVIEW_NOTICE,
            number: `${procuratorate.short}立监告〔${year}〕${await nextSerial(tx, row.procuratorateCode, '立监告', year)}号`,
            sender: 'procuratorate', senderOrg: row.procuratorateCode, receiver: 'enforcement', receiverOrg: row.agencyId!,
            chainId: row.chainId, subjectId: id, issuedAt: at.toISOString(), content: { ...content },
            upstream, nextStep: null,
          });
          return;
        }
        const number = `${procuratorate.short}通立〔${year}〕${await nextSerial(tx, row.procuratorateCode, '通立', year)}号`;
        await db.updateTable('filingSupervision').set({ finding: 'NOT_SOUND', findingReason: reason, reviewedAt: at, filingNotifiedAt: at, filingNoticeNumber: number })
          .where('id', '=', id).execute();
        const content: DocumentContents['FILING_NOTIFICATION'] = { supervisionId: id, policeCaseId: row.policeCaseId, procuratorateName: procuratorate.name, reason };
        const due = dueDate(at, FILING_NOTIFICATION_PERIOD);
        await ctx.handoff.send(tx, {
          id: `FILING_NOTIFICATION:${id}`, kind: 'FILING_NOTIFICATION', title: DOCUMENT_TITLES.FILING_NOTIFICATION, number,
          sender: 'procuratorate', senderOrg: row.procuratorateCode, receiver: 'police', receiverOrg: row.bureauCode,
          chainId: row.chainId, subjectId: id, issuedAt: at.toISOString(), content: { ...content },
          upstream,
          nextStep: { step: 'decideFiling', dueAt: due.dueAt.toISOString(), article: due.article },
        });
        // 检察规则 Art. 564: the procuratorate follows the execution; escalation is owed once the 15 days pass unfiled.
        await openTasks(tx, [{
          chainId: row.chainId, entity: 'FilingSupervision', recordId: id, step: STEPS.sendCorrectionNotice.step, title: '监督公安机关依通知立案',
          org: row.procuratorateCode, startedAt: at, period: FILING_NOTIFICATION_PERIOD,
        }]);
      });
      return reload(ctx, id);
    },

    // 纠正违法通知书 (检察规则 Art. 564): the police did not file within the 15 days notified.
    sendCorrectionNotice: async (_: unknown, args: { supervisionId: string; violation: string }, ctx: Context) => {
      const id = parseId('filingSupervision', args.supervisionId, 'supervisionId');
      const violation = args.violation.trim();
      if (!violation) throw badUserInput('纠正违法通知书应当写明违法事实和依据（人民检察院刑事诉讼规则第五百六十四条）', 'violation');
      await takeStep(ctx, FilingSupervisionKind, STEPS.sendCorrectionNotice, id, async (tx, row, at) => {
        const due = dueDate(row.filingNotifiedAt!, FILING_NOTIFICATION_PERIOD);
        if (at.getTime() <= due.dueAt.getTime()) {
          throw badUserInput(`公安机关依通知立案的期限至 ${beijingDay(due.dueAt)} 届满（${due.article}），期限届满仍不立案的，才能发出纠正违法通知书`);
        }
        const procuratorate = demoProcuratorate(row.procuratorateCode.replace(/^PP-/, ''));
        const year = beijingYear(at);
        const number = `${procuratorate.short}纠违〔${year}〕${await nextSerial(tx, row.procuratorateCode, '纠违', year)}号`;
        await (tx as Tx).updateTable('filingSupervision').set({ correctionNoticedAt: at, correctionNumber: number }).where('id', '=', id).execute();
        const notice = await (tx as Tx).selectFrom('handoffOutbox').select(['id', 'digest']).where('id', '=', `FILING_NOTIFICATION:${id}`).executeTakeFirst();
        const content: DocumentContents['CORRECTION_NOTICE'] = { supervisionId: id, policeCaseId: row.policeCaseId, procuratorateName: procuratorate.name, violation };
        await ctx.handoff.send(tx, {
          id: `CORRECTION_NOTICE:${id}`, kind: 'CORRECTION_NOTICE', title: DOCUMENT_TITLES.CORRECTION_NOTICE, number,
          sender: 'procuratorate', senderOrg: row.procuratorateCode, receiver: 'police', receiverOrg: row.bureauCode,
          chainId: row.chainId, subjectId: id, issuedAt: at.toISOString(), content: { ...content },
          upstream: notice ? [{ id: notice.id, digest: notice.digest }] : [], nextStep: null,
        });
      });
      return reload(ctx, id);
    },
  },
  FilingSupervision: {
    state: filingSupervisionState,
    chain: (s: SupervisionRow) => ({ id: s.chainId }),
    reasonsSound: (s: SupervisionRow) => (s.finding ? s.finding === 'SOUND' : null),
    filingDueAt: (s: SupervisionRow) => (s.filingNotifiedAt ? dueDate(s.filingNotifiedAt, FILING_NOTIFICATION_PERIOD).dueAt : null),
    explanationDueAt: (s: SupervisionRow) => (s.explanationRequestedAt ? dueDate(s.explanationRequestedAt, NON_FILING_EXPLANATION_PERIOD).dueAt : null),
    steps: (s: SupervisionRow, _: unknown, ctx: Context) => stepsOf(ctx, s.chainId),
    documents: (s: SupervisionRow, _: unknown, ctx: Context) => documentsOf(ctx, s.id),
    receivedDocuments: async (s: SupervisionRow, _: unknown, ctx: Context) =>
      (await receivedDocumentsOf(ctx, s.chainId)).filter((d) => RECEIVED_KINDS.has(d.kind)),
  },
  LinkedCaseChain: { filingSupervision: filingSupervisionOf },
  AgencyCaseChain: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }), filingSupervision: filingSupervisionOf },
};

/** The names a document tells, added to those the case knows (the column stays null while none is told). */
const namesAdded = (names: string[] | undefined) =>
  names ? sql<string[]>`array(select distinct n from unnest(coalesce(person_names, '{}') || ${sql.val(names)}::text[]) n order by n)` : undefined;

/** The police's 不立案理由说明书, recorded on the supervision case that asked for it. */
export const filingSupervisionInbox: Record<string, InboxHandler<ProcuratorateDatabase>> = {
  NON_FILING_EXPLANATION: async (tx, document) => {
    const content = contentOf('NON_FILING_EXPLANATION', document.content);
    const updated = await tx.updateTable('filingSupervision')
      .set({
        explanation: content.explanation, explainedAt: new Date(document.issuedAt), agencyId: content.agencyId, transferId: content.transferId,
        personNames: namesAdded(content.personNames),
      })
      .where('id', '=', content.supervisionId).where('bureauCode', '=', document.senderOrg).where('procuratorateCode', '=', document.receiverOrg)
      .where('explanationRequestedAt', 'is not', null).where('explainedAt', 'is', null)
      .returning(['id', 'chainId', 'procuratorateCode']).executeTakeFirst();
    if (!updated) throw new DocumentRejected(`本院没有要求 ${document.senderOrg} 就 ${content.supervisionId} 说明不立案理由，或者已收到其说明`);
    await openTasks(tx as never, [{
      chainId: updated.chainId, entity: 'FilingSupervision', recordId: updated.id, step: STEPS.reviewNonFilingExplanation.step,
      title: STEPS.reviewNonFilingExplanation.title, org: updated.procuratorateCode, startedAt: new Date(), period: TELL_AGENCY_PERIOD,
    }]);
  },
  // 提请立案监督书 (国务院令第310号 Art. 9; 检察规则 Art. 557 para. 1): the agency's request opens the
  // supervision case, which the procuratorate accepts and reviews (no period in days is set).
  FILING_SUPERVISION_REQUEST: async (tx, document) => {
    const content = contentOf('FILING_SUPERVISION_REQUEST', document.content);
    const region = /^PP-(\d{6})$/.exec(document.receiverOrg)?.[1];
    if (!region || !REGION_BY_CODE.has(region)) throw new DocumentRejected(`${document.receiverOrg} 不是本市的人民检察院`);
    if (!/^PC-\d{7}$/.test(content.policeCaseId) || content.agencyId !== document.senderOrg) throw new DocumentRejected(`提请立案监督书的公安案件 ${content.policeCaseId} 或者行政执法机关无效`);
    const id = content.policeCaseId.replace(/^PC-/, 'FS-');
    const existing = await tx.selectFrom('filingSupervision').select('id').where('id', '=', id).executeTakeFirst();
    if (existing) throw new DocumentRejected(`公安案件 ${content.policeCaseId} 已有立案监督案件 ${id}`);
    await tx.insertInto('filingSupervision').values({
      id, chainId: document.chainId, policeCaseId: content.policeCaseId, bureauCode: content.bureauCode, agencyId: content.agencyId,
      procuratorateCode: document.receiverOrg, reason: content.reason, openedAt: new Date(), transferId: content.transferId,
      explanationRequestedAt: null, explanationRequestNumber: null, explanation: null, explainedAt: null,
      personNames: content.personNames ?? null,
    }).execute();
  },
  // 立案决定书（副本） (公安规定 Art. 182): the case filed as notified closes the supervision and the follow-up owed.
  FILING_DECISION_COPY: async (tx, document) => {
    const content = contentOf('FILING_DECISION_COPY', document.content);
    const updated = await tx.updateTable('filingSupervision').set({ filedAt: new Date(content.filedAt), filingNumber: content.filingNumber })
      .where('id', '=', content.supervisionId).where('bureauCode', '=', document.senderOrg).where('procuratorateCode', '=', document.receiverOrg)
      .where('finding', '=', 'NOT_SOUND').where('filedAt', 'is', null)
      .returning('id').executeTakeFirst();
    if (!updated) throw new DocumentRejected(`本院没有通知 ${document.senderOrg} 就 ${content.supervisionId} 立案，或者已收到其立案决定书`);
    await cancelTasks(tx as never, content.supervisionId, [STEPS.sendCorrectionNotice.step]);
  },
};
