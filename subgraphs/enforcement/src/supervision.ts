// Supervision (issue 7), the agencies' part: the threshold catalogue and the 以罚代刑
// warnings it raises on their cases (evaluated in supervision-evaluate.ts), the answer to a
// procuratorate's 建议移送, and the agencies' overdue steps in the list across the four
// institutions (OverdueSteps, owned here; each institution contributes its field).
import {
  badUserInput,
  beijingYear,
  contentOf,
  createRecord,
  decodeCursor,
  DocumentRejected,
  DOCUMENT_TITLES,
  dueDate,
  fenToYuan,
  forbidden,
  nextSerial,
  openTasks,
  OVERDUE_ALL_UNITS,
  overdueStepsResolver,
  pageSize,
  parseId,
  SUPERVISING_ROLES,
  takeStep,
  toConnection,
  TRANSFER_DUTY_ARTICLE,
  TRANSFER_SUGGESTION_ANSWER_PERIOD,
  type DocumentContents,
  type InboxHandler,
  type RecordKind,
  type SubgraphContext,
} from '@xianjie/subgraph-kit';
import { sql, type Selectable, type Transaction } from 'kysely';
import type { EnforcementDatabase, SupervisionWarningTable, ThresholdCriterionTable } from './db/database';
import type { CaseRow, EnforcementLoaders } from './loaders';
import { chainOf } from './resolvers';
import { countWarnings } from './list-counts';
import { evaluateCases } from './supervision-evaluate';
import { agencyOf, docPrefix } from './workflow';

type Context = SubgraphContext<EnforcementDatabase, EnforcementLoaders>;
type Tx = Transaction<EnforcementDatabase>;
type WarningRow = Selectable<SupervisionWarningTable>;
type CriterionRow = Selectable<ThresholdCriterionTable>;

const MONEY_FACTS = ['AMOUNT', 'SALES', 'GAINS', 'UNSOLD_VALUE'];
const SUGGESTION_ARTICLE = '人民检察院刑事诉讼规则第五百五十七条第三款';

/**
 * Measures again every case of the parties of these cases (their own facts changed, or a
 * penalty decided on one of them counts as a prior penalty of the others), in the step's
 * transaction.
 */
export async function evaluatePartiesOf(tx: Tx, caseIds: string[], extraParties: string[] = []): Promise<void> {
  const { rows } = await sql<{ id: string }>`
    select p.id from administrative_case p
    where upper(p.party_id_number) in (
      select upper(c.party_id_number) from administrative_case c where c.id = any(${sql.val(caseIds)}::text[])
      union select upper(x) from unnest(${sql.val(extraParties)}::text[]) as x)`.execute(tx);
  await evaluateCases(tx, [...new Set([...caseIds, ...rows.map((r) => r.id)])]);
}

/** The kinds of conduct the catalogue distinguishes for a category (盗伐 / 滥伐 …); a case's conduct must be one of them. */
export async function checkConduct(tx: Tx, category: string, conduct: string | null | undefined): Promise<string | null> {
  const value = conduct?.trim() || null;
  if (value === null) return null;
  const rows = await tx.selectFrom('thresholdCriterion').select('conduct').distinct()
    .where(sql<boolean>`${category} = any(categories)`).where('conduct', 'is not', null).execute();
  const known = rows.map((r) => r.conduct!);
  if (!known.includes(value)) {
    throw badUserInput(known.length ? `行为性质「${value}」不在立案追诉标准目录中；本类案件可填：${known.join('、')}` : `本类案件的立案追诉标准不区分行为性质，不填「行为性质」`, 'input.conduct');
  }
  return value;
}

// ---- The warnings list --------------------------------------------------------------------

/** An agency's officers (and its head, whose token carries their role) read its own warnings and steps, as the owner rule admits them. */
const mayOwnWarnings = (ctx: Context) => ctx.viewer.org !== null && ctx.viewer.roles.includes('enforcement');

/** A criterion as the API shows it: a money figure in yuan. */
const criterionView = (k: CriterionRow) => ({ ...k, figure: k.figure === null ? null : MONEY_FACTS.includes(k.fact ?? '') ? fenToYuan(BigInt(Math.round(Number(k.figure)))) : String(Number(k.figure)) });

function measured(k: CriterionRow, c: CaseRow | undefined): string | null {
  if (!c || !k.fact) return null;
  const money = (fen: string | null) => (fen === null ? null : `${fenToYuan(fen)}元`);
  switch (k.fact) {
    case 'QUANTITY': return c.quantity === null ? null : `${c.quantity}${c.quantityUnit ?? ''}`;
    case 'AMOUNT': return money(c.involvedAmountFen);
    case 'SALES': return money(c.salesFen ?? c.involvedAmountFen);
    case 'GAINS': return money(c.illegalGainsFen);
    case 'UNSOLD_VALUE': return money(c.unsoldValueFen);
    default: return null;
  }
}

/** The party's prior penalties a criterion counts, as the warning shows them (此前二年内受过行政处罚2次); as supervision-evaluate.ts counts them. */
async function priorPenaltiesText(ctx: Context, caseId: string, k: CriterionRow): Promise<string> {
  const { rows } = await sql<{ n: string }>`
    select count(*)::text as n from administrative_case c
    join administrative_case p on upper(p.party_id_number) = upper(c.party_id_number) and p.id <> c.id and p.violation_category = any(${sql.val(k.categories)}::text[])
    join penalty_decision d on d.case_id = p.id and d.decided_at < c.registered_at
      and (${k.priorMonths}::int is null or d.decided_at >= c.registered_at - make_interval(months => ${k.priorMonths}::int))
    where c.id = ${caseId}`.execute(ctx.db);
  return `此前${k.priorMonths ? `${k.priorMonths / 12}年内` : ''}受过行政处罚${rows[0]!.n}次`;
}

/** The catalogue in force, read once per request. */
const catalogues = new WeakMap<object, Promise<Map<string, CriterionRow>>>();
function catalogueOf(ctx: Context) {
  let found = catalogues.get(ctx);
  if (!found) {
    found = ctx.db.selectFrom('thresholdCriterion').selectAll().orderBy('id').execute().then((rows) => new Map(rows.map((r) => [r.id, r])));
    catalogues.set(ctx, found);
  }
  return found;
}

async function catalogue(ctx: Context) {
  const version = await ctx.db.selectFrom('thresholdCatalogue').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirstOrThrow();
  return { ...version, criteria: [...(await catalogueOf(ctx)).values()].map(criterionView) };
}

// ---- 回复建议移送 -------------------------------------------------------------------------

/** A case's warning, as the agency's answer to a 建议移送 reads it. */
const WarningKind: RecordKind<WarningRow> = {
  entity: 'SupervisionWarning',
  title: '以罚代刑预警',
  states: { NO_SUGGESTION: '未收到建议移送', AWAITING_ANSWER: '已收到建议移送，待回复', ANSWERED: '已回复建议移送' },
  stateOf: (w) => (w.answeredAt ? 'ANSWERED' : w.suggestionReceivedAt ? 'AWAITING_ANSWER' : 'NO_SUGGESTION'),
  orgOf: (w) => w.agencyId,
  lock: (tx, caseId) => (tx as Tx).selectFrom('supervisionWarning').selectAll().where('caseId', '=', caseId).forUpdate().executeTakeFirst(),
};

const ANSWER = {
  step: 'answerTransferSuggestion', title: '回复建议移送', roles: ['enforcement'], from: ['AWAITING_ANSWER'],
  article: `${SUGGESTION_ARTICLE}；${TRANSFER_SUGGESTION_ANSWER_PERIOD.article}`,
} as const;

export const supervisionResolvers = {
  Query: {
    supervisionWarnings: async (
      _: unknown,
      args: { filter?: { agencyId?: string | null; open?: boolean | null } | null; first: number; after?: string | null },
      ctx: Context,
    ) => {
      const supervising = ctx.viewer.roles.some((r) => SUPERVISING_ROLES.includes(r));
      if (!supervising && !mayOwnWarnings(ctx)) throw forbidden('以罚代刑预警只对检察机关、法制部门和本机关开放');
      const agencyId = supervising ? args.filter?.agencyId ?? null : ctx.viewer.org!;
      if (!supervising && args.filter?.agencyId && args.filter.agencyId !== ctx.viewer.org) throw forbidden('行政执法机关只能查看本机关的以罚代刑预警');
      const open = args.filter?.open ?? true;
      const first = pageSize(args.first);
      const after = decodeCursor(args.after);
      const scoped = () => {
        let q = ctx.db.selectFrom('supervisionWarning').where('closedAt', open ? 'is' : 'is not', null);
        if (agencyId) q = q.where('agencyId', '=', agencyId);
        return q;
      };
      let page = scoped().selectAll();
      if (after) {
        const [raisedAt, caseId] = after.split('|') as [string, string];
        page = page.where((eb) => eb.or([eb('raisedAt', '<', new Date(raisedAt)), eb.and([eb('raisedAt', '=', new Date(raisedAt)), eb('caseId', '<', caseId)])]));
      }
      const rows = await page.orderBy('raisedAt', 'desc').orderBy('caseId', 'desc').limit(first + 1).execute();
      const connection = toConnection(rows, first, (r) => `${r.raisedAt.toISOString()}|${r.caseId}`);
      // From the counters kept with the data (list-counts.ts), not by counting the rows.
      const totalCount = () => countWarnings(ctx.db, agencyId, open);
      return { totalCount, ...connection };
    },
    thresholdCatalogue: (_: unknown, __: unknown, ctx: Context) => catalogue(ctx),
    overdueSteps: (_: unknown, args: { org?: string | null }, ctx: Context) => {
      if (ctx.viewer.roles.some((r) => SUPERVISING_ROLES.includes(r))) return { scope: args.org ?? OVERDUE_ALL_UNITS };
      if (!mayOwnWarnings(ctx)) throw forbidden('逾期事项只对检察机关、法制部门和本单位开放');
      if (args.org && args.org !== ctx.viewer.org) throw forbidden('行政执法机关只能查看本机关的逾期事项');
      return { scope: ctx.viewer.org! };
    },
  },
  Mutation: {
    updateThresholdCriterion: async (_: unknown, args: { id: string; figure: string; note: string }, ctx: Context) => {
      if (!ctx.viewer.roles.includes('oversight')) throw forbidden('立案追诉标准目录由法制部门维护');
      const note = args.note.trim();
      if (!note) throw badUserInput('修改目录应当写明依据（如新的司法解释或本省标准）', 'note');
      if (!/^\d+(\.\d+)?$/.test(args.figure.trim())) throw badUserInput(`标准数额 ${args.figure} 不是非负数`, 'figure');
      await createRecord(ctx, { step: 'updateThresholdCriterion', title: '修改立案追诉标准', roles: ['oversight'], article: TRANSFER_DUTY_ARTICLE, entity: 'ThresholdCriterion' }, async (tx, _org, at) => {
        const db = tx as Tx;
        const k = await db.selectFrom('thresholdCriterion').selectAll().where('id', '=', args.id).forUpdate().executeTakeFirst();
        if (!k) throw badUserInput(`立案追诉标准目录中没有 ${args.id}`, 'id');
        if (k.fact === null) throw badUserInput(`${args.id} 只以行政处罚次数为标准，没有数额`, 'figure');
        const figure = MONEY_FACTS.includes(k.fact) ? String(Math.round(Number(args.figure) * 100)) : args.figure.trim();
        await db.updateTable('thresholdCriterion').set({ figure }).where('id', '=', k.id).execute();
        // The next version; every case is measured again against it, in this transaction.
        await sql`insert into threshold_catalogue (version, changed_at, changed_by, note)
          select max(version) + 1, ${at}, ${ctx.viewer.subject}, ${`${k.id}：${note}`} from threshold_catalogue`.execute(db);
        await evaluateCases(db);
        return { id: k.id, result: k.id };
      });
      return catalogue(ctx);
    },
    answerTransferSuggestion: async (_: unknown, args: { caseId: string; input: { transfer: boolean; reason: string } }, ctx: Context) => {
      const caseId = parseId('administrativeCase', args.caseId, 'caseId');
      const reason = args.input.reason.trim();
      if (!reason) throw badUserInput(args.input.transfer ? '回复应当写明移送的情况（移送书文号、移送的公安机关）' : '不移送的，应当写明理由', 'input.reason');
      await takeStep(ctx, WarningKind, ANSWER, caseId, async (tx, w, at) => {
        const db = tx as Tx;
        const transfer = await db.selectFrom('caseTransfer').select(['id']).where('caseId', '=', caseId).where('refusedAt', 'is', null).executeTakeFirst();
        if (args.input.transfer && !transfer) throw badUserInput(`行政案件 ${caseId} 尚未提出移送（或移送未获批准）：先提出移送（国务院令第310号第五条），再回复已移送`, 'input.transfer');
        await db.updateTable('supervisionWarning')
          .set({ answerTransfer: args.input.transfer, answerReason: reason, answeredAt: at, closedAt: w.closedAt ?? at, closeReason: w.closeReason ?? 'ANSWERED' })
          .where('caseId', '=', caseId).execute();
        const agency = await agencyOf(db, w.agencyId);
        const year = beijingYear(at);
        const received = await db.selectFrom('handoffInbox').select(['id', 'digest']).where('id', '=', w.suggestionDocumentId!).executeTakeFirstOrThrow();
        const content: DocumentContents['TRANSFER_SUGGESTION_ANSWER'] = {
          caseId, suggestionId: w.suggestionDocumentId!, transfer: args.input.transfer, transferId: args.input.transfer ? transfer!.id : null, reason,
        };
        await ctx.handoff.send(tx, {
          id: `TRANSFER_SUGGESTION_ANSWER:${w.suggestionDocumentId}`, kind: 'TRANSFER_SUGGESTION_ANSWER', title: DOCUMENT_TITLES.TRANSFER_SUGGESTION_ANSWER,
          number: `${docPrefix(agency)}函〔${year}〕${await nextSerial(tx, agency.id, '函', year)}号`,
          sender: 'enforcement', senderOrg: agency.id, receiver: 'procuratorate', receiverOrg: w.suggestionProcuratorate!,
          chainId: w.chainId, subjectId: caseId, issuedAt: at.toISOString(), content: { ...content }, upstream: [received], nextStep: null,
        });
      });
      return ctx.db.selectFrom('supervisionWarning').selectAll().where('caseId', '=', caseId).executeTakeFirstOrThrow();
    },
  },
  AdministrativeCase: {
    supervisionWarning: (c: CaseRow, _: unknown, ctx: Context) => ctx.loaders.warningByCaseId.load(c.id),
    salesAmount: (c: CaseRow) => c.salesFen,
    unsoldGoodsValue: (c: CaseRow) => c.unsoldValueFen,
  },
  SupervisionWarning: {
    administrativeCase: (w: WarningRow, _: unknown, ctx: Context) => ctx.loaders.caseById.load(w.caseId),
    chain: (w: WarningRow) => ({ id: w.chainId, agencyId: w.agencyId, published: false }),
    agency: (w: WarningRow, _: unknown, ctx: Context) => ctx.loaders.agencyById.load(w.agencyId),
    criteria: async (w: WarningRow, _: unknown, ctx: Context) => {
      const [all, c] = await Promise.all([catalogueOf(ctx), ctx.loaders.caseById.load(w.caseId)]);
      const met = w.criteria.flatMap((id) => (all.has(id) ? [all.get(id)!] : []));
      return Promise.all(met.map(async (k) => {
        const parts = [measured(k, c ?? undefined), k.priorPenalties !== null ? await priorPenaltiesText(ctx, w.caseId, k) : null].filter(Boolean);
        return { criterion: criterionView(k), value: parts.length ? parts.join('；') : null };
      }));
    },
    due: (w: WarningRow) => (w.suggestionReceivedAt ? '回复人民检察院的建议移送（移送，或者说明不移送的理由）' : '将涉嫌犯罪案件移送公安机关'),
    dueSince: (w: WarningRow) => w.suggestionReceivedAt ?? w.raisedAt,
    dueAt: (w: WarningRow) => (w.suggestionReceivedAt ? dueDate(w.suggestionReceivedAt, TRANSFER_SUGGESTION_ANSWER_PERIOD).dueAt : null),
    article: (w: WarningRow) => (w.suggestionReceivedAt ? ANSWER.article : TRANSFER_DUTY_ARTICLE),
    open: (w: WarningRow) => w.closedAt === null,
    suggestion: (w: WarningRow) => w.suggestionDocumentId && {
      documentId: w.suggestionDocumentId, number: w.suggestionNumber, procuratorateCode: w.suggestionProcuratorate, reason: w.suggestionReason,
      receivedAt: w.suggestionReceivedAt, answerDueAt: dueDate(w.suggestionReceivedAt!, TRANSFER_SUGGESTION_ANSWER_PERIOD).dueAt,
      answerTransfer: w.answerTransfer, answerReason: w.answerReason, answeredAt: w.answeredAt,
    },
  },
  OverdueSteps: {
    __resolveReference: (ref: { scope: string }) => ({ scope: ref.scope }),
    enforcementSteps: overdueStepsResolver(),
  },
  // A step's chain here carries what the CaseChain rule reads (its agency, publication): it is as visible as its case.
  WorkflowStep: {
    chain: async (s: { chainId: string }, _: unknown, ctx: Context) => chainOf(await ctx.loaders.caseByChainId.load(s.chainId)),
  },
};

/** A 建议移送 received: recorded on the case's warning (raised now if none is open), the answer owed in two months. */
export const supervisionInbox: Record<string, InboxHandler<EnforcementDatabase>> = {
  TRANSFER_SUGGESTION: async (tx, document) => {
    const content = contentOf('TRANSFER_SUGGESTION', document.content);
    const c = await tx.selectFrom('administrativeCase').select(['id', 'chainId', 'agencyId']).where('id', '=', content.caseId).executeTakeFirst();
    if (!c || c.agencyId !== document.receiverOrg || c.chainId !== document.chainId) {
      throw new DocumentRejected(`${document.receiverOrg} 没有行政案件 ${content.caseId}（衔接编号 ${document.chainId}）`);
    }
    const receivedAt = new Date();
    const suggestion = {
      suggestionDocumentId: document.id, suggestionNumber: document.number, suggestionProcuratorate: document.senderOrg,
      suggestionReason: content.reason, suggestionReceivedAt: receivedAt, answerTransfer: null, answerReason: null, answeredAt: null,
    };
    const version = await tx.selectFrom('thresholdCatalogue').select((eb) => eb.fn.max('version').as('v')).executeTakeFirstOrThrow();
    await tx.insertInto('supervisionWarning')
      .values({ caseId: c.id, chainId: c.chainId, agencyId: c.agencyId, criteria: [], catalogueVersion: Number(version.v), raisedAt: receivedAt, closedAt: null, closeReason: null, ...suggestion })
      .onConflict((oc) => oc.column('caseId').doUpdateSet({ ...suggestion, closedAt: null, closeReason: null }))
      .execute();
    await openTasks(tx, [{
      chainId: c.chainId, entity: 'AdministrativeCase', recordId: c.id, step: ANSWER.step, title: ANSWER.title,
      org: c.agencyId, startedAt: receivedAt, period: TRANSFER_SUGGESTION_ANSWER_PERIOD,
    }]);
  },
};
