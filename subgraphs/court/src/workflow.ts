// The courts' steps of the linkage: each declared once (who, from which state, which
// article) and taken through the kit's takeStep; indictments arrive through the inbox,
// and the effective judgment goes back to the procuratorate and the originating agency.
import {
  storedDocument,
  APPEAL_PERIOD,
  beijingYear,
  badUserInput,
  beijingDay,
  completeTask,
  contentOf,
  courtNumberCode,
  DEMO_REGIONS,
  demoCourt,
  DocumentRejected,
  DOCUMENT_TITLES,
  documentsOf,
  receivedDocumentsOf,
  dueDate,
  nextSerial,
  openTasks,
  parseId,
  stepsOf,
  takeStep,
  workListResolver,
  type DocumentContents,
  type HandoffDocument,
  type InboxHandler,
  type RecordKind,
  type StepRule,
  type SubgraphContext,
} from '@xianjie/subgraph-kit';
import { sql, type Transaction } from 'kysely';
import type { CourtDatabase } from './db/database';
import { withEffect, type CourtLoaders, type TrialRow } from './loaders';
import { checkSentence } from './sentencing';

type Context = SubgraphContext<CourtDatabase, CourtLoaders>;
type Tx = Transaction<CourtDatabase>;

// ---- The record and its states -------------------------------------------------------

export type TrialState = 'AWAITING_ACCEPTANCE' | 'ACCEPTED' | 'JUDGED' | 'APPEALED' | 'EFFECTIVE';

/** A trial's state follows from the steps taken on it (seeded trials included). */
export function trialState(t: Pick<TrialRow, 'acceptedAt' | 'verdict' | 'effectiveAt' | 'appealed'>): TrialState {
  if (!t.acceptedAt) return 'AWAITING_ACCEPTANCE';
  if (!t.verdict) return 'ACCEPTED';
  if (t.effectiveAt) return 'EFFECTIVE';
  return t.appealed ? 'APPEALED' : 'JUDGED';
}

const TrialKind: RecordKind<TrialRow> = {
  entity: 'CriminalTrial',
  title: '公诉案件',
  states: {
    AWAITING_ACCEPTANCE: '起诉书已送达，待受理', ACCEPTED: '已受理，待宣判', JUDGED: '已宣判，判决尚未生效',
    APPEALED: '已上诉或抗诉，待二审裁判', EFFECTIVE: '判决已生效',
  },
  stateOf: trialState,
  orgOf: (row) => row.courtCode,
  async lock(tx, id) {
    const row = await (tx as Tx).selectFrom('criminalTrial').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    return row && withEffect([row])[0];
  },
};

// ---- The steps -------------------------------------------------------------------------

const JUDGES = ['judge'] as const;

export const STEPS = {
  acceptIndictment: { step: 'acceptIndictment', title: '受理公诉案件', roles: JUDGES, from: ['AWAITING_ACCEPTANCE'], article: '刑事诉讼法第一百八十六条' },
  recordJudgment: { step: 'recordJudgment', title: '宣告判决', roles: JUDGES, from: ['ACCEPTED'], article: '刑事诉讼法第二百条、第二百零二条' },
  recordAppeal: { step: 'recordAppeal', title: '登记上诉、抗诉', roles: JUDGES, from: ['JUDGED'], article: '刑事诉讼法第二百二十七条、第二百二十八条、第二百三十条' },
  recordEffect: { step: 'recordEffect', title: '确认判决生效', roles: JUDGES, from: ['JUDGED', 'APPEALED'], article: '刑事诉讼法第二百五十九条' },
} satisfies Record<string, StepRule>;

/** The periods of the steps that follow each one, with their articles (calendar periods, 刑事诉讼法 Art. 105). */
export const PERIODS = {
  // Whether to accept a public prosecution is reviewed within 7 days: 最高人民法院关于适用
  // 《中华人民共和国刑事诉讼法》的解释 (2021) Art. 219 — that text is not in shared/laws; unverified.
  acceptIndictment: { count: 7, unit: 'days', article: '最高人民法院关于适用《中华人民共和国刑事诉讼法》的解释第二百一十九条' },
  // 刑事诉讼法 Art. 208: judgment pronounced within 2 months of acceptance (3 at most; more with approval).
  recordJudgment: { count: 2, unit: 'months', article: '刑事诉讼法第二百零八条' },
  // Art. 230: an appeal or protest against a judgment within 10 days (the kit's APPEAL_PERIOD).
  appealPeriod: APPEAL_PERIOD,
  // Art. 243: the second instance decides within 2 months.
  secondInstance: { count: 2, unit: 'months', article: '刑事诉讼法第二百四十三条' },
} as const;

/** The open appeal period and the second instance, as the work lists name them. */
export const APPEAL_TASK = { step: STEPS.recordAppeal.step, title: '上诉、抗诉期间' } as const;
export const SECOND_INSTANCE_TASK = { step: STEPS.recordEffect.step, title: '第二审裁判' } as const;

/** When the appeal period of a judgment ends (the end of its last day, Beijing time). */
const appealPeriodEnd = (judgedAt: Date) => dueDate(judgedAt, PERIODS.appealPeriod).dueAt;

// ---- Numbers -----------------------------------------------------------------------------


const regionOf = (courtCode: string) => courtCode.replace(/^CO-/, '');

/**
 * The next 刑初 serial of a court in a year. The first number of a year continues after the
 * highest one the court already holds that year (trials entered before the linkage), so no
 * two trials share a number whichever brackets they were written with.
 */
async function nextTrialSerial(tx: Tx, courtCode: string, year: number): Promise<number> {
  await sql`
    insert into document_serial (unit, kind, year, last)
    select ${courtCode}::text, '刑初', ${year}::int, coalesce(max(substring(case_number from '刑初(\\d+)号')::int), 0)
    from criminal_trial where court_code = ${courtCode} and substring(case_number from 2 for 4) = ${String(year)}
    on conflict (unit, kind, year) do nothing`.execute(tx);
  return nextSerial(tx, courtCode, '刑初', year);
}

// ---- The inbox -----------------------------------------------------------------------------

/** The 起诉书 a trial was opened from, as the court's inbox keeps it (jsonb; a string from some drivers). */
async function indictmentOf(tx: Tx, trial: TrialRow) {
  if (!trial.indictmentId) return undefined;
  const row = await tx.selectFrom('handoffInbox').select(['id', 'digest', 'document']).where('id', '=', trial.indictmentId).executeTakeFirstOrThrow();
  const document = storedDocument(row.document);
  return { id: row.id, digest: row.digest, document, content: contentOf('INDICTMENT', document.content) };
}

/** What the courts receive, and the record each opens. */
export const inbox: Record<string, InboxHandler<CourtDatabase>> = {
  // 起诉书 (刑事诉讼法 Art. 176): opens the trial awaiting acceptance by the court it is addressed to.
  INDICTMENT: async (tx, document) => {
    const content = contentOf('INDICTMENT', document.content);
    const region = DEMO_REGIONS.find((r) => `CO-${r.code}` === document.receiverOrg);
    if (!region) throw new DocumentRejected(`${document.receiverOrg} 不是本市的人民法院代码（如 CO-421202）`);
    if (!/^PR-\d{7}$/.test(content.prosecutionCaseId)) throw new DocumentRejected(`${content.prosecutionCaseId} 不是审查起诉案件编号（如 PR-0000001）`);
    const defendant = content.defendants.find((d) => d.kind === 'PERSON') ?? content.defendants[0];
    if (!defendant) throw new DocumentRejected(`起诉书 ${document.number} 没有写明被告人`);
    const id = content.prosecutionCaseId.replace(/^PR-/, 'CT-');
    const existing = await tx.selectFrom('criminalTrial').select('id')
      .where((eb) => eb.or([eb('id', '=', id), eb('prosecutionCaseId', '=', content.prosecutionCaseId), eb('chainId', '=', document.chainId)]))
      .executeTakeFirst();
    if (existing) throw new DocumentRejected(`起诉书 ${document.number} 所诉案件已由人民法院立为 ${existing.id}`);
    const receivedAt = new Date();
    await tx.insertInto('criminalTrial').values({
      id, chainId: document.chainId, prosecutionCaseId: content.prosecutionCaseId, caseNumber: null, agencyId: content.agencyId,
      courtCode: document.receiverOrg, courtName: demoCourt(region.code).name, acceptedAt: null, defendantName: defendant.name,
      verdict: null, charges: content.charges, prisonTermMonths: null, fineFen: null, fineOffsetFen: null, detentionOffsetDays: null,
      judgedAt: null, appealed: false, effectiveAt: null, deliberationNotes: null, receivedAt, indictmentId: document.id,
    }).execute();
    await openTasks(tx, [{
      chainId: document.chainId, entity: 'CriminalTrial', recordId: id, step: STEPS.acceptIndictment.step, title: STEPS.acceptIndictment.title,
      org: document.receiverOrg, startedAt: receivedAt, period: PERIODS.acceptIndictment,
    }]);
  },
};

// ---- Resolvers -------------------------------------------------------------------------------

const reload = async (ctx: Context, id: string) =>
  withEffect([await ctx.db.selectFrom('criminalTrial').selectAll().where('id', '=', id).executeTakeFirstOrThrow()])[0]!;

const VERDICT_TITLES = { GUILTY: '有罪判决', NOT_GUILTY: '无罪判决', EXEMPT_FROM_PUNISHMENT: '免予刑事处罚的判决' } as const;

type JudgmentInput = {
  verdict: keyof typeof VERDICT_TITLES; charges: string[]; prisonTermMonths?: number | null; fineAmount?: string | null;
  deliberationNotes?: string | null;
};

export const workflowResolvers = {
  Query: {
    courtWorkList: workListResolver(JUDGES),
  },
  Mutation: {
    acceptIndictment: async (_: unknown, args: { trialId: string }, ctx: Context) => {
      const id = parseId('criminalTrial', args.trialId, 'trialId');
      await takeStep(ctx, TrialKind, STEPS.acceptIndictment, id, async (tx, row, at) => {
        const db = tx as Tx;
        const year = beijingYear(at);
        const caseNumber = `（${year}）鄂${courtNumberCode(row.courtCode)}刑初${await nextTrialSerial(db, row.courtCode, year)}号`;
        await db.updateTable('criminalTrial').set({ acceptedAt: at, caseNumber }).where('id', '=', id).execute();
        await openTasks(tx, [{
          chainId: row.chainId, entity: 'CriminalTrial', recordId: id, step: STEPS.recordJudgment.step, title: STEPS.recordJudgment.title,
          org: row.courtCode, startedAt: at, period: PERIODS.recordJudgment,
        }]);
      });
      return reload(ctx, id);
    },

    recordJudgment: async (_: unknown, { trialId, input }: { trialId: string; input: JudgmentInput }, ctx: Context) => {
      const id = parseId('criminalTrial', trialId, 'trialId');
      const charges = [...new Set(input.charges.map((c) => c.trim()).filter(Boolean))];
      const term = input.prisonTermMonths || null;
      if (term !== null && term < 0) throw badUserInput('刑期以月计，不能为负数', 'input.prisonTermMonths');
      const fine = input.fineAmount && BigInt(input.fineAmount) > 0n ? BigInt(input.fineAmount) : null;
      if (input.verdict === 'GUILTY') {
        if (charges.length === 0) throw badUserInput('有罪判决应当写明认定的罪名（刑事诉讼法第二百条第一项）', 'input.charges');
        checkSentence(charges, term, fine);
      } else {
        if (term || fine) throw badUserInput(`${VERDICT_TITLES[input.verdict]}不判处刑罚，不能有刑期或者罚金（${input.verdict === 'NOT_GUILTY' ? '刑事诉讼法第二百条' : '刑法第三十七条'}）`, 'input');
        if (input.verdict === 'EXEMPT_FROM_PUNISHMENT' && charges.length === 0) {
          throw badUserInput('免予刑事处罚的判决仍应写明认定的罪名（刑法第三十七条）', 'input.charges');
        }
      }
      await takeStep(ctx, TrialKind, STEPS.recordJudgment, id, async (tx, row, at) => {
        const db = tx as Tx;
        const indictment = await indictmentOf(db, row);
        if (!indictment) {
          throw badUserInput(`${TrialKind.title} ${id} 没有经本系统送达的起诉书，无法依照行政处罚法第三十五条核算已给予的罚款、行政拘留的折抵`);
        }
        // 行政处罚法 Art. 35: the administrative fine already imposed is offset against the
        // criminal fine (never beyond it), and administrative detention against the term.
        const penalty = indictment.content.penaltyDecision;
        const adminFine = penalty ? BigInt(penalty.fineFen) : 0n;
        const fineOffsetFen = fine === null ? null : String(adminFine < fine ? adminFine : fine);
        const detentionOffsetDays = term === null ? null : penalty?.detentionDays ?? 0;
        await db.updateTable('criminalTrial').set({
          verdict: input.verdict, charges, prisonTermMonths: term, fineFen: fine === null ? null : String(fine), fineOffsetFen, detentionOffsetDays,
          judgedAt: at, deliberationNotes: input.deliberationNotes?.trim() || null,
        }).where('id', '=', id).execute();
        // The appeal period: an appeal or protest is recorded inside it; when it has run out
        // without one, the judgment takes effect (Arts. 230, 259).
        await openTasks(tx, [{
          chainId: row.chainId, entity: 'CriminalTrial', recordId: id, step: APPEAL_TASK.step, title: APPEAL_TASK.title,
          org: row.courtCode, startedAt: at, period: PERIODS.appealPeriod,
        }]);
      });
      return reload(ctx, id);
    },

    recordAppeal: async (_: unknown, args: { trialId: string; by: 'DEFENDANT' | 'PROCURATORATE' }, ctx: Context) => {
      const id = parseId('criminalTrial', args.trialId, 'trialId');
      await takeStep(ctx, TrialKind, STEPS.recordAppeal, id, async (tx, row, at) => {
        const end = appealPeriodEnd(row.judgedAt!);
        if (at.getTime() > end.getTime()) {
          throw badUserInput(`${TrialKind.title} ${id} 的上诉、抗诉期限已于 ${beijingDay(end)} 届满（刑事诉讼法第二百三十条），不能再登记上诉、抗诉`);
        }
        await (tx as Tx).updateTable('criminalTrial').set({ appealed: true, appealedAt: at, appealedBy: args.by }).where('id', '=', id).execute();
        await openTasks(tx, [{
          chainId: row.chainId, entity: 'CriminalTrial', recordId: id, step: SECOND_INSTANCE_TASK.step, title: SECOND_INSTANCE_TASK.title,
          org: row.courtCode, startedAt: at, period: PERIODS.secondInstance,
        }]);
      });
      return reload(ctx, id);
    },

    recordEffect: async (_: unknown, args: { trialId: string; secondInstanceRuling?: string | null }, ctx: Context) => {
      const id = parseId('criminalTrial', args.trialId, 'trialId');
      const ruling = args.secondInstanceRuling?.trim() || null;
      await takeStep(ctx, TrialKind, STEPS.recordEffect, id, async (tx, row, at) => {
        const db = tx as Tx;
        let effectiveAt: Date;
        if (row.appealed) {
          // Art. 244: the second instance's judgment or ruling is final; Art. 259 (二): effective.
          if (!ruling) throw badUserInput('已上诉或抗诉的判决，以第二审的终审裁判生效（刑事诉讼法第二百四十四条、第二百五十九条）：请写明第二审裁判结果', 'secondInstanceRuling');
          effectiveAt = at;
        } else {
          if (ruling) throw badUserInput(`${TrialKind.title} ${id} 没有上诉、抗诉，没有第二审裁判`, 'secondInstanceRuling');
          // Art. 259 (一): effective once the appeal period has passed without an appeal or protest.
          const end = appealPeriodEnd(row.judgedAt!);
          if (at.getTime() <= end.getTime()) {
            throw badUserInput(`${TrialKind.title} ${id} 的上诉、抗诉期限至 ${beijingDay(end)} 届满，届满前判决尚未发生法律效力（刑事诉讼法第二百三十条、第二百五十九条）`);
          }
          effectiveAt = new Date(end.getTime() + 1);
          // The appeal period closed when it ended, without an appeal.
          await completeTask(tx, id, STEPS.recordAppeal.step, ctx.viewer, end);
        }
        await db.updateTable('criminalTrial').set({ effectiveAt, secondInstanceRuling: ruling }).where('id', '=', id).execute();

        // 判决书 to the procuratorate that prosecuted (Art. 202) and to the agency that
        // transferred the case, which offsets nothing more and imposes no fine now (行政处罚法 Art. 35).
        const indictment = await indictmentOf(db, row);
        const content: DocumentContents['JUDGMENT_NOTICE'] = {
          trialId: id, trialCaseNumber: row.caseNumber!, courtCode: row.courtCode, prosecutionCaseId: row.prosecutionCaseId,
          agencyId: row.agencyId, verdict: row.verdict!, charges: row.charges, prisonTermMonths: row.prisonTermMonths,
          fineFen: row.fineFen === null ? null : String(row.fineFen), fineOffsetFen: row.fineOffsetFen === null ? null : String(row.fineOffsetFen),
          detentionOffsetDays: row.detentionOffsetDays, judgedAt: row.judgedAt!.toISOString(), effectiveAt: effectiveAt.toISOString(),
        };
        const notice: Omit<HandoffDocument, 'id' | 'receiver' | 'receiverOrg'> = {
          kind: 'JUDGMENT_NOTICE', title: DOCUMENT_TITLES.JUDGMENT_NOTICE, number: row.caseNumber!,
          sender: 'court', senderOrg: row.courtCode, chainId: row.chainId, subjectId: id, issuedAt: at.toISOString(),
          content: { ...content }, upstream: indictment ? [{ id: indictment.id, digest: indictment.digest }] : [], nextStep: null,
        };
        // Trials entered before the linkage were prosecuted by the procuratorate of the court's level (Art. 228).
        const procuratorate = indictment?.document.senderOrg ?? `PP-${regionOf(row.courtCode)}`;
        await ctx.handoff.send(tx, { ...notice, id: `JUDGMENT_NOTICE:${id}`, receiver: 'procuratorate', receiverOrg: procuratorate });
        await ctx.handoff.send(tx, { ...notice, id: `JUDGMENT_NOTICE:${id}:${row.agencyId}`, receiver: 'enforcement', receiverOrg: row.agencyId });
      });
      return reload(ctx, id);
    },
  },
  CriminalTrial: {
    state: (t: TrialRow) => trialState(t),
    steps: (t: TrialRow, _: unknown, ctx: Context) => stepsOf(ctx, t.chainId),
    documents: (t: TrialRow, _: unknown, ctx: Context) => documentsOf(ctx, t.id),
    receivedDocuments: (t: TrialRow, _: unknown, ctx: Context) => receivedDocumentsOf(ctx, t.chainId),
  },
};
