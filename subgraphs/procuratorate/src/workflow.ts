// The procuratorate's steps of the linkage: each declared once (who, from which state,
// which article) and taken through the kit's takeStep; cases arrive from the police
// through the inbox (起诉意见书), and the agency's reply to a 检察意见 comes back the same way.
import {
  storedDocument,
  beijingYear,
  badUserInput,
  beijingDay,
  completeTask,
  contentOf,
  firstInstanceCourt,
  demoProcuratorate,
  DocumentRejected,
  documentsOf,
  receivedDocumentsOf,
  DOCUMENT_TITLES,
  dueDate,
  nextSerial,
  openTasks,
  OPINION_REPLY_PERIOD,
  parseId,
  REGION_BY_CODE,
  stepsOf,
  takeStep,
  workListResolver,
  type DocumentContents,
  type InboxHandler,
  type PenaltyCarried,
  type RecordKind,
  type StepRule,
  type SubgraphContext,
} from '@xianjie/subgraph-kit';
import type { Selectable, Transaction } from 'kysely';
import type { ProcuratorateDatabase, ProsecutionCaseTable, ReverseTransferTable } from './db/database';
import type { ProcuratorateLoaders } from './loaders';

type Context = SubgraphContext<ProcuratorateDatabase, ProcuratorateLoaders>;
type Tx = Transaction<ProcuratorateDatabase>;
type CaseRow = Selectable<ProsecutionCaseTable>;
type ReverseRow = Selectable<ReverseTransferTable>;
type LockedCase = CaseRow & { reverseTransfer: ReverseRow | undefined };

// ---- The record and its states ------------------------------------------------------

export type ProsecutionCaseState =
  | 'AWAITING_ACCEPTANCE' | 'UNDER_REVIEW' | 'INDICTED' | 'JUDGMENT_EFFECTIVE' | 'NOT_PROSECUTED' | 'OPINION_SENT' | 'OPINION_REPLIED';

/** A case's state follows from the steps taken on it (seeded cases included: they were accepted). */
export function prosecutionCaseState(c: CaseRow, reverseTransfer: Pick<ReverseRow, 'repliedAt'> | null | undefined): ProsecutionCaseState {
  if (c.awaitingAcceptance) return 'AWAITING_ACCEPTANCE';
  if (c.decision === 'PENDING') return 'UNDER_REVIEW';
  if (c.decision === 'INDICTED') return c.judgmentEffectiveAt ? 'JUDGMENT_EFFECTIVE' : 'INDICTED';
  if (!reverseTransfer) return 'NOT_PROSECUTED';
  return reverseTransfer.repliedAt ? 'OPINION_REPLIED' : 'OPINION_SENT';
}

const ProsecutionCaseKind: RecordKind<LockedCase> = {
  entity: 'ProsecutionCase',
  title: '审查起诉案件',
  states: {
    AWAITING_ACCEPTANCE: '起诉意见书已送达，待受理', UNDER_REVIEW: '已受理，审查起诉中', INDICTED: '已提起公诉', JUDGMENT_EFFECTIVE: '人民法院判决已生效', NOT_PROSECUTED: '已决定不起诉',
    OPINION_SENT: '已提出检察意见，待行政执法机关回复', OPINION_REPLIED: '行政执法机关已回复检察意见',
  },
  stateOf: (row) => prosecutionCaseState(row, row.reverseTransfer),
  orgOf: (row) => row.procuratorateCode,
  async lock(tx, id) {
    const row = await (tx as Tx).selectFrom('prosecutionCase').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) return undefined;
    const reverseTransfer = await (tx as Tx).selectFrom('reverseTransfer').selectAll().where('prosecutionCaseId', '=', id).executeTakeFirst();
    return { ...row, reverseTransfer };
  },
};

// ---- The steps ----------------------------------------------------------------------

const PROCURATORS = ['procurator'] as const;

export const STEPS = {
  acceptForReview: { step: 'acceptForReview', title: '受理审查起诉案件', roles: PROCURATORS, from: ['AWAITING_ACCEPTANCE'], article: '人民检察院刑事诉讼规则第一百五十七条、第一百五十八条' },
  extendReview: { step: 'extendReview', title: '延长审查起诉期限', roles: PROCURATORS, from: ['UNDER_REVIEW'], article: '刑事诉讼法第一百七十二条' },
  indict: { step: 'indict', title: '提起公诉', roles: PROCURATORS, from: ['UNDER_REVIEW'], article: '刑事诉讼法第一百七十六条' },
  notProsecute: { step: 'notProsecute', title: '作出不起诉决定', roles: PROCURATORS, from: ['UNDER_REVIEW'], article: '刑事诉讼法第一百七十七条' },
  sendProcuratorialOpinion: {
    step: 'sendProcuratorialOpinion', title: '提出检察意见', roles: PROCURATORS, from: ['NOT_PROSECUTED'],
    article: '刑事诉讼法第一百七十七条第三款；人民检察院刑事诉讼规则第三百七十三条',
  },
} satisfies Record<string, StepRule>;

/** The decision on a reviewed case is one step owed, taken as an indictment or a non-prosecution. */
export const DECIDE = { step: 'decideProsecution', title: '作出起诉或者不起诉决定' };

export const PERIODS = {
  // 检察规则 Arts. 157–158: the case management office examines the materials at once
  // (立即审查) and registers an admissible case promptly (及时登记); no period in days is set,
  // so acceptance is owed by the end of the day of receipt (the next working day when
  // received on a day off, 刑事诉讼法 Art. 105).
  acceptForReview: { count: 0, unit: 'days', article: '人民检察院刑事诉讼规则第一百五十七条、第一百五十八条' },
  // 刑事诉讼法 Art. 172: decided within one month of receipt …
  decideProsecution: { count: 1, unit: 'months', article: '刑事诉讼法第一百七十二条' },
  // … extendable by fifteen days for a major, complex case.
  extension: { count: 15, unit: 'days', article: '刑事诉讼法第一百七十二条（重大、复杂案件延长十五日）' },
  // 刑事诉讼法 Art. 208: a public prosecution is judged within two months of the court's acceptance.
  judgment: { count: 2, unit: 'months', article: '刑事诉讼法第二百零八条' },
} as const;

const ARTICLE_177: Record<string, string> = {
  ART_177_1: '刑事诉讼法第一百七十七条第一款',
  ART_177_2: '刑事诉讼法第一百七十七条第二款',
};


/** The procuratorate a code names (PP-421202 …), or undefined when it is not one of the city's. */
function procuratorateOf(code: string) {
  const region = /^PP-(\d{6})$/.exec(code)?.[1];
  return region && REGION_BY_CODE.has(region) ? demoProcuratorate(region) : undefined;
}

/** The court that tries an indictment at first instance: the basic court (刑事诉讼法 Art. 20; the kit's firstInstanceCourt). */
export function courtFor(procuratorateCode: string) {
  return firstInstanceCourt(procuratorateCode.replace(/^PP-/, ''));
}

/** The 起诉意见书 a case was opened from (its inbox copy): what the later documents carry and rest on. */
async function prosecutionTransferOf(tx: Tx, row: CaseRow, stepTitle: string) {
  const copy = await tx.selectFrom('handoffInbox').select(['id', 'digest', 'document'])
    .where('chainId', '=', row.chainId).where('kind', '=', 'PROSECUTION_TRANSFER').orderBy('receivedAt', 'desc').executeTakeFirst();
  if (!copy) throw badUserInput(`${row.id} 的起诉意见书不是经本平台送达的，本院没有可据以${stepTitle}的起诉意见书副本`);
  const document = storedDocument(copy.document);
  return { upstream: { id: copy.id, digest: copy.digest }, content: contentOf('PROSECUTION_TRANSFER', document.content) };
}

function required(value: string | null | undefined, message: string, argument: string): string {
  const trimmed = value?.trim();
  if (!trimmed) throw badUserInput(message, argument);
  return trimmed;
}

/** What the inbox keeps of a penalty reported in a reply (jsonb; a string from some drivers). */
const penaltyOf = (value: unknown): PenaltyCarried | null => (typeof value === 'string' ? JSON.parse(value) : value) as PenaltyCarried | null;

// ---- The inbox --------------------------------------------------------------------------

/** What the procuratorate receives, and the record each opens or updates. */
export const inbox: Record<string, InboxHandler<ProcuratorateDatabase>> = {
  // 起诉意见书 (刑事诉讼法 Art. 162): opens the case awaiting acceptance, its decision due in one month (Art. 172).
  PROSECUTION_TRANSFER: async (tx, document) => {
    const content = contentOf('PROSECUTION_TRANSFER', document.content);
    const procuratorate = procuratorateOf(document.receiverOrg);
    if (!procuratorate) throw new DocumentRejected(`${document.receiverOrg} 不是本市的人民检察院`);
    if (!/^PC-\d{7}$/.test(content.policeCaseId)) throw new DocumentRejected(`起诉意见书的公安案件编号 ${content.policeCaseId} 无效`);
    // Every record of a chain carries the chain's index: PC-0000033 → PR-0000033.
    const id = content.policeCaseId.replace(/^PC-/, 'PR-');
    const existing = await tx.selectFrom('prosecutionCase').select('id')
      .where((eb) => eb.or([eb('id', '=', id), eb('chainId', '=', document.chainId)])).executeTakeFirst();
    if (existing) throw new DocumentRejected(`案件 ${document.chainId} 已有审查起诉案件 ${existing.id}`);
    const receivedAt = new Date();
    await tx.insertInto('prosecutionCase').values({
      id, chainId: document.chainId, policeCaseId: content.policeCaseId, caseNumber: null, agencyId: content.agencyId,
      procuratorateCode: procuratorate.code, procuratorateName: procuratorate.name, receivedAt,
      decision: 'PENDING', decidedAt: null, charges: content.proposedCharges, reviewOpinion: null, awaitingAcceptance: true,
      // The persons its texts may name, masked where the identity rule says (PERMISSIONS.md).
      suspectNames: content.suspects.map((s) => s.name),
    }).execute();
    await openTasks(tx, [
      { chainId: document.chainId, entity: 'ProsecutionCase', recordId: id, step: STEPS.acceptForReview.step, title: STEPS.acceptForReview.title, org: procuratorate.code, startedAt: receivedAt, period: PERIODS.acceptForReview },
      { chainId: document.chainId, entity: 'ProsecutionCase', recordId: id, step: DECIDE.step, title: DECIDE.title, org: procuratorate.code, startedAt: receivedAt, period: PERIODS.decideProsecution },
    ]);
  },
  // 检察意见回复函: the agency's reply, with the penalty it imposed, recorded on the reverse transfer.
  // It rests on the opinion this procuratorate sent: on its signed document, by the digest sent,
  // or, for an opinion recorded before the platform (no document sent), on the record, cited
  // with no digest (not available): a digest claimed for a document never sent is refused.
  OPINION_REPLY: async (tx, document) => {
    const content = contentOf('OPINION_REPLY', document.content);
    const opinionId = `PROCURATORIAL_OPINION:${content.prosecutionCaseId}`;
    const sent = await tx.selectFrom('handoffOutbox').select('digest').where('id', '=', opinionId).executeTakeFirst();
    const cited = document.upstream.find((u) => u.id === opinionId);
    if (!cited || cited.digest !== (sent?.digest ?? null)) {
      throw new DocumentRejected(sent
        ? `检察意见回复函应当引用本院发出的检察意见书 ${opinionId}（摘要 ${sent.digest}）`
        : `本院未通过平台发出检察意见书 ${opinionId}，回复函只能引用该检察意见记录，不能附摘要`);
    }
    const updated = await tx.updateTable('reverseTransfer')
      .set({ reply: content.reply, repliedAt: new Date(document.issuedAt), replyPenalty: JSON.stringify(content.penaltyDecision) as never })
      .where('prosecutionCaseId', '=', content.prosecutionCaseId).where('agencyId', '=', document.senderOrg)
      .returning('prosecutionCaseId').executeTakeFirst();
    if (!updated) throw new DocumentRejected(`本院没有就 ${content.prosecutionCaseId} 向 ${document.senderOrg} 提出检察意见`);
  },
  // 刑事判决书 (刑事诉讼法 Arts. 202, 259): the effective judgment on a case this procuratorate
  // indicted is recorded against it, which is then marked 判决已生效.
  JUDGMENT_NOTICE: async (tx, document) => {
    const content = contentOf('JUDGMENT_NOTICE', document.content);
    const own = await tx.selectFrom('prosecutionCase').select(['id', 'decision'])
      .where('id', '=', content.prosecutionCaseId).where('procuratorateCode', '=', document.receiverOrg).executeTakeFirst();
    if (!own) throw new DocumentRejected(`${document.receiverOrg} 没有审查起诉案件 ${content.prosecutionCaseId}`);
    if (own.decision !== 'INDICTED') throw new DocumentRejected(`审查起诉案件 ${own.id} 没有提起公诉，不能收到对其的判决书`);
    await tx.updateTable('prosecutionCase').set({
      judgmentNumber: document.number, judgmentVerdict: content.verdict,
      judgmentEffectiveAt: content.effectiveAt ? new Date(content.effectiveAt) : null,
    }).where('id', '=', own.id).execute();
  },
};

// ---- Resolvers ------------------------------------------------------------------------

const reload = (ctx: Context, id: string) => ctx.db.selectFrom('prosecutionCase').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

type IndictInput = { charges: string[]; facts?: string | null; sentencingRecommendation?: string | null; reviewOpinion?: string | null };
type NotProsecuteInput = { grounds: string; article: string; reviewOpinion?: string | null };

export const workflowResolvers = {
  Query: {
    procuratorateWorkList: workListResolver(PROCURATORS),
  },
  Mutation: {
    acceptForReview: async (_: unknown, args: { prosecutionCaseId: string }, ctx: Context) => {
      const id = parseId('prosecutionCase', args.prosecutionCaseId, 'prosecutionCaseId');
      await takeStep(ctx, ProsecutionCaseKind, STEPS.acceptForReview, id, async (tx, row, at) => {
        const procuratorate = procuratorateOf(row.procuratorateCode)!;
        const year = beijingYear(at);
        const caseNumber = `${procuratorate.short}刑诉〔${year}〕${await nextSerial(tx, procuratorate.code, '刑诉', year)}号`;
        await (tx as Tx).updateTable('prosecutionCase').set({ awaitingAcceptance: false, acceptedAt: at, caseNumber }).where('id', '=', id).execute();
      });
      return reload(ctx, id);
    },

    extendReview: async (_: unknown, args: { prosecutionCaseId: string; reason: string }, ctx: Context) => {
      const id = parseId('prosecutionCase', args.prosecutionCaseId, 'prosecutionCaseId');
      const reason = required(args.reason, '延长审查起诉期限应当写明案件重大、复杂的理由（刑事诉讼法第一百七十二条）', 'reason');
      await takeStep(ctx, ProsecutionCaseKind, STEPS.extendReview, id, async (tx, row, at) => {
        const db = tx as Tx;
        if (row.reviewExtendedAt) {
          throw badUserInput(`${id} 的审查起诉期限已于 ${beijingDay(row.reviewExtendedAt)} 延长十五日，只能延长一次（刑事诉讼法第一百七十二条）`);
        }
        // One month from receipt, then fifteen more days; only the end of the whole period
        // moves past a holiday (刑事诉讼法 Art. 105), so the month is counted without it.
        const month = dueDate(row.receivedAt, { ...PERIODS.decideProsecution, inCustody: true });
        const extended = dueDate(month.dueAt, PERIODS.extension);
        await db.updateTable('prosecutionCase').set({ reviewExtendedAt: at, reviewExtensionReason: reason }).where('id', '=', id).execute();
        await db.updateTable('workflowTask').set({ dueAt: extended.dueAt, article: extended.article, provisional: extended.provisional })
          .where('recordId', '=', id).where('step', '=', DECIDE.step).where('doneAt', 'is', null).where('cancelled', '=', false).execute();
      });
      return reload(ctx, id);
    },

    indict: async (_: unknown, args: { prosecutionCaseId: string; input: IndictInput }, ctx: Context) => {
      const id = parseId('prosecutionCase', args.prosecutionCaseId, 'prosecutionCaseId');
      const charges = args.input.charges.map((c) => c.trim()).filter(Boolean);
      if (charges.length === 0) throw badUserInput('起诉书应当写明指控的罪名（刑事诉讼法第一百七十六条）', 'input.charges');
      await takeStep(ctx, ProsecutionCaseKind, STEPS.indict, id, async (tx, row, at) => {
        const db = tx as Tx;
        const transfer = await prosecutionTransferOf(db, row, STEPS.indict.title);
        const court = courtFor(row.procuratorateCode);
        const sentencingRecommendation = args.input.sentencingRecommendation?.trim() || null;
        await db.updateTable('prosecutionCase').set({
          decision: 'INDICTED', decidedAt: at, charges, sentencingRecommendation,
          reviewOpinion: args.input.reviewOpinion?.trim() || row.reviewOpinion,
        }).where('id', '=', id).execute();
        await completeTask(tx, id, DECIDE.step, ctx.viewer, at);
        const content: DocumentContents['INDICTMENT'] = {
          prosecutionCaseId: id, prosecutionCaseNumber: row.caseNumber!, procuratorateCode: row.procuratorateCode,
          procuratorateName: row.procuratorateName, policeCaseId: row.policeCaseId, agencyId: row.agencyId, courtCode: court.code,
          defendants: transfer.content.suspects, charges, facts: args.input.facts?.trim() || transfer.content.facts,
          sentencingRecommendation,
          // The penalty already imposed, which the court offsets (行政处罚法 Art. 35).
          penaltyDecision: transfer.content.penaltyDecision,
        };
        const judgment = dueDate(at, PERIODS.judgment);
        await ctx.handoff.send(tx, {
          id: `INDICTMENT:${id}`, kind: 'INDICTMENT', title: DOCUMENT_TITLES.INDICTMENT,
          // The 起诉书 bears the case's 刑诉 number.
          number: row.caseNumber!,
          sender: 'procuratorate', senderOrg: row.procuratorateCode, receiver: 'court', receiverOrg: court.code,
          chainId: row.chainId, subjectId: id, issuedAt: at.toISOString(), content: { ...content },
          upstream: [transfer.upstream],
          nextStep: { step: 'recordJudgment', dueAt: judgment.dueAt.toISOString(), article: judgment.article },
        });
      });
      return reload(ctx, id);
    },

    notProsecute: async (_: unknown, args: { prosecutionCaseId: string; input: NotProsecuteInput }, ctx: Context) => {
      const id = parseId('prosecutionCase', args.prosecutionCaseId, 'prosecutionCaseId');
      const grounds = required(args.input.grounds, '不起诉决定书应当写明不起诉的理由和法律依据（人民检察院刑事诉讼规则第三百七十二条）', 'input.grounds');
      await takeStep(ctx, ProsecutionCaseKind, STEPS.notProsecute, id, async (tx, row, at) => {
        const db = tx as Tx;
        const transfer = await prosecutionTransferOf(db, row, STEPS.notProsecute.title);
        const procuratorate = procuratorateOf(row.procuratorateCode)!;
        const year = beijingYear(at);
        await db.updateTable('prosecutionCase').set({
          decision: 'NOT_PROSECUTED', decidedAt: at, nonProsecutionGrounds: grounds, nonProsecutionArticle: args.input.article,
          reviewOpinion: args.input.reviewOpinion?.trim() || row.reviewOpinion,
        }).where('id', '=', id).execute();
        await completeTask(tx, id, DECIDE.step, ctx.viewer, at);
        const content: DocumentContents['NON_PROSECUTION_DECISION'] = {
          prosecutionCaseId: id, policeCaseId: row.policeCaseId, grounds, article: ARTICLE_177[args.input.article]!,
        };
        // 刑事诉讼法 Art. 179: the decision is served on the police, who may ask for its
        // reconsideration (公安规定 Art. 294, within 7 days) but owe no step.
        await ctx.handoff.send(tx, {
          id: `NON_PROSECUTION_DECISION:${id}`, kind: 'NON_PROSECUTION_DECISION', title: DOCUMENT_TITLES.NON_PROSECUTION_DECISION,
          number: `${procuratorate.short}刑不诉〔${year}〕${await nextSerial(tx, procuratorate.code, '刑不诉', year)}号`,
          sender: 'procuratorate', senderOrg: row.procuratorateCode, receiver: 'police', receiverOrg: transfer.content.bureauCode,
          chainId: row.chainId, subjectId: id, issuedAt: at.toISOString(), content: { ...content },
          upstream: [transfer.upstream],
          nextStep: null,
        });
      });
      return reload(ctx, id);
    },

    sendProcuratorialOpinion: async (_: unknown, args: { prosecutionCaseId: string; opinion: string }, ctx: Context) => {
      const id = parseId('prosecutionCase', args.prosecutionCaseId, 'prosecutionCaseId');
      const opinion = required(args.opinion, '检察意见应当写明对被不起诉人给予行政处罚的意见（刑事诉讼法第一百七十七条第三款）', 'opinion');
      await takeStep(ctx, ProsecutionCaseKind, STEPS.sendProcuratorialOpinion, id, async (tx, row, at) => {
        const db = tx as Tx;
        const transfer = await prosecutionTransferOf(db, row, STEPS.sendProcuratorialOpinion.title);
        const procuratorate = procuratorateOf(row.procuratorateCode)!;
        const year = beijingYear(at);
        await db.insertInto('reverseTransfer').values({ prosecutionCaseId: id, agencyId: row.agencyId, sentAt: at, opinion }).execute();
        // 检察规则 Art. 373: the opinion goes with the 不起诉决定书, so it rests on it too.
        const decision = await db.selectFrom('handoffOutbox').select(['id', 'digest']).where('id', '=', `NON_PROSECUTION_DECISION:${id}`).executeTakeFirst();
        const content: DocumentContents['PROCURATORIAL_OPINION'] = {
          prosecutionCaseId: id, prosecutionCaseNumber: row.caseNumber ?? '',
          // Every record of a chain carries the chain's index: TR-0000033 → AC-0000033.
          caseId: transfer.content.transferId.replace(/^TR-/, 'AC-'), transferId: transfer.content.transferId, agencyId: row.agencyId, opinion,
          suspectNames: row.suspectNames,
        };
        const reply = dueDate(at, OPINION_REPLY_PERIOD);
        await ctx.handoff.send(tx, {
          id: `PROCURATORIAL_OPINION:${id}`, kind: 'PROCURATORIAL_OPINION', title: DOCUMENT_TITLES.PROCURATORIAL_OPINION,
          // 行政检察's 检察意见书 (the number's department mark is Xianjie's choice: laws/README.md gives only 刑诉).
          number: `${procuratorate.short}行检意〔${year}〕${await nextSerial(tx, procuratorate.code, '行检意', year)}号`,
          sender: 'procuratorate', senderOrg: row.procuratorateCode, receiver: 'enforcement', receiverOrg: row.agencyId,
          chainId: row.chainId, subjectId: id, issuedAt: at.toISOString(), content: { ...content },
          upstream: [transfer.upstream, ...(decision ? [decision] : [])],
          nextStep: { step: 'replyToProcuratorialOpinion', dueAt: reply.dueAt.toISOString(), article: reply.article },
        });
      });
      return reload(ctx, id);
    },
  },
  ProsecutionCase: {
    state: async (c: CaseRow, _: unknown, ctx: Context) => prosecutionCaseState(c, await ctx.loaders.reverseTransferByCase.load(c.id)),
    steps: (c: CaseRow, _: unknown, ctx: Context) => stepsOf(ctx, c.chainId),
    documents: (c: CaseRow, _: unknown, ctx: Context) => documentsOf(ctx, c.id),
    receivedDocuments: (c: CaseRow, _: unknown, ctx: Context) => receivedDocumentsOf(ctx, c.chainId),
  },
  ReverseTransfer: {
    replyDueAt: (r: ReverseRow) => dueDate(r.sentAt, OPINION_REPLY_PERIOD).dueAt,
    penaltyDecision: (r: ReverseRow) => {
      const penalty = penaltyOf(r.replyPenalty);
      return penalty && { documentNumber: penalty.documentNumber, decidedAt: penalty.decidedAt, fineAmount: penalty.fineFen, otherPenalties: penalty.otherPenalties };
    },
  },
};
