// The enforcement agencies' steps of the linkage: each declared once (who, from which
// state, which article) and taken through the kit's takeStep, so the role, the agency,
// the state, the work list and the audit entry are checked and written the same way.
import {
  storedDocument,
  beijingYear,
  AGENCY_KIND_BY_KIND,
  badUserInput,
  beijingDay,
  cancelTasks,
  completeTask,
  contentOf,
  createRecord,
  DEMO_REGIONS,
  demoPoliceBureau,
  DocumentRejected,
  DOCUMENT_TITLES,
  dueDate,
  fenToYuan,
  indexedId,
  isValidCreditCode,
  isValidResidentId,
  nextSerial,
  openTasks,
  OPINION_REPLY_PERIOD,
  parseId,
  REGION_BY_CODE,
  takeStep,
  workListResolver,
  documentsOf,
  receivedDocumentsOf,
  stepsOf,
  type AgencyKind,
  type DocumentContents,
  type DocumentKind,
  type HandoffDocument,
  type InboxHandler,
  type PenaltyCarried,
  type RecordKind,
  type StepRule,
  type SubgraphContext,
} from '@xianjie/subgraph-kit';
import { sql, type Selectable, type Transaction } from 'kysely';
import type { AdministrativeCaseTable, CaseTransferTable, EnforcementDatabase, ProcuratorialOpinionTable } from './db/database';
import { selectCases, type CaseRow, type EnforcementLoaders } from './loaders';
import { checkConduct, evaluatePartiesOf } from './supervision';
import { evaluateCases } from './supervision-evaluate';

type Context = SubgraphContext<EnforcementDatabase, EnforcementLoaders>;
type Tx = Transaction<EnforcementDatabase>;
type TransferRow = Selectable<CaseTransferTable>;

const TRANSFER_DOCUMENT = '涉嫌犯罪案件移送书';
/** The materials a transfer must carry (国务院令第310号 Art. 6 (一)–(三); (四) only where tested or appraised). */
const REQUIRED_MATERIALS = [TRANSFER_DOCUMENT, '涉嫌犯罪案件情况的调查报告', '涉案物品清单'];

// ---- The records and their states -------------------------------------------------

type CaseState = 'REGISTERED' | 'DECIDED';
/** A case as a step reads it, locked: its own columns and whether a penalty is decided. */
type LockedCase = Selectable<AdministrativeCaseTable> & { decided: boolean };

export const caseState = (row: { decided: boolean }): CaseState => (row.decided ? 'DECIDED' : 'REGISTERED');

const AdministrativeCaseKind: RecordKind<LockedCase> = {
  entity: 'AdministrativeCase',
  title: '行政案件',
  states: { REGISTERED: '已立案，待作出处罚决定', DECIDED: '已作出处罚决定' },
  stateOf: caseState,
  orgOf: (row) => row.agencyId,
  async lock(tx, id) {
    const row = await (tx as Tx).selectFrom('administrativeCase').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) return undefined;
    const decision = await (tx as Tx).selectFrom('penaltyDecision').select('caseId').where('caseId', '=', id).executeTakeFirst();
    return { ...row, decided: !!decision };
  },
};

export type TransferState = 'PROPOSED' | 'REFUSED' | 'APPROVED' | 'SENT' | 'FILED' | 'NOT_FILED'
  | 'MATERIALS_REQUESTED' | 'RECONSIDERATION_REQUESTED' | 'RECONSIDERATION_NOT_FILED' | 'FILING_SUPERVISION_REQUESTED' | 'ITEMS_HANDED_OVER' | 'CLOSED';

/** A transfer's state follows from the steps taken on it (seeded transfers included). */
export function transferState(t: TransferRow): TransferState {
  if (t.policeClosedAt) return 'CLOSED';
  if (t.filingDecision === 'FILED') return t.itemsHandedOverAt ? 'ITEMS_HANDED_OVER' : 'FILED';
  if (t.filingDecision === 'NOT_FILED') {
    if (t.filingSupervisionRequestedAt) return 'FILING_SUPERVISION_REQUESTED';
    if (t.reconsiderationDecidedAt) return 'RECONSIDERATION_NOT_FILED';
    return t.reconsiderationRequestedAt ? 'RECONSIDERATION_REQUESTED' : 'NOT_FILED';
  }
  if (t.materialsRequestedAt && !t.materialsSuppliedAt) return 'MATERIALS_REQUESTED';
  if (t.transferredAt) return 'SENT';
  if (t.refusedAt) return 'REFUSED';
  if (t.approvedAt) return 'APPROVED';
  return 'PROPOSED';
}

const TransferKind: RecordKind<TransferRow> = {
  entity: 'CaseTransfer',
  title: '移送',
  states: {
    PROPOSED: '已提出移送，待负责人审批', REFUSED: '负责人不批准移送', APPROVED: '已批准，待移送', SENT: '已移送公安机关',
    FILED: '公安机关已立案', NOT_FILED: '公安机关不予立案',
    MATERIALS_REQUESTED: '公安机关要求补正材料', RECONSIDERATION_REQUESTED: '已提请复议，待公安机关决定',
    RECONSIDERATION_NOT_FILED: '复议决定不予立案', FILING_SUPERVISION_REQUESTED: '已提请人民检察院立案监督', ITEMS_HANDED_OVER: '公安机关已立案，涉案物品已移交', CLOSED: '公安机关已撤销案件',
  },
  stateOf: transferState,
  orgOf: (row) => row.agencyId,
  lock: (tx, id) => (tx as Tx).selectFrom('caseTransfer').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
};

// ---- The steps ----------------------------------------------------------------------

const OFFICERS = ['enforcement'] as const;

export const STEPS = {
  registerCase: { step: 'registerCase', title: '立案', roles: OFFICERS, from: [], article: '行政处罚法第五十四条' },
  amendCase: { step: 'amendCase', title: '修改案件信息', roles: OFFICERS, from: ['REGISTERED'], article: '行政处罚法第五十四条' },
  decidePenalty: { step: 'decidePenalty', title: '作出行政处罚决定', roles: OFFICERS, from: ['REGISTERED'], article: '行政处罚法第六十条' },
  proposeTransfer: { step: 'proposeTransfer', title: '提出移送', roles: OFFICERS, from: ['REGISTERED', 'DECIDED'], article: '国务院令第310号第五条' },
  decideTransfer: { step: 'decideTransfer', title: '审批移送', roles: ['agency-head'], from: ['PROPOSED'], article: '国务院令第310号第五条' },
  sendTransfer: { step: 'sendTransfer', title: '移送公安机关', roles: OFFICERS, from: ['APPROVED'], article: '国务院令第310号第五条、第六条' },
} satisfies Record<string, StepRule>;

/** The periods of the steps that follow each one, with their articles. */
export const PERIODS = {
  // 行政处罚法 Art. 60: decided within 90 days of registration (calendar days: Art. 85 covers only 二、三、五、七日).
  decidePenalty: { count: 90, unit: 'days', article: '行政处罚法第六十条' },
  // 国务院令第310号 Art. 5: the head decides within 3 days of the report …
  decideTransfer: { count: 3, unit: 'days', article: '国务院令第310号第五条' },
  // … and an approved transfer is sent within 24 hours.
  sendTransfer: { count: 24, unit: 'hours', article: '国务院令第310号第五条' },
  // 市场监督管理行政处罚信息公示规定 Art. 9: published within 20 working days of the decision.
  publishPenaltyDecision: { count: 20, unit: 'working-days', article: '市场监督管理行政处罚信息公示规定第九条' },
  // 国务院令第310号 Art. 12: seized items and materials handed over within 3 days of the filing notice.
  handOverSeizedItems: { count: 3, unit: 'days', article: '国务院令第310号第十二条' },
  // Art. 8: the police decide whether to file within 3 days of receiving the transfer (the 移送书 says so).
  decideFiling: { count: 3, unit: 'days', article: '国务院令第310号第八条' },
  // 反向衔接: the reply to a procuratorial opinion, two months from receipt (counted as the procuratorate counts it).
  replyToProcuratorialOpinion: OPINION_REPLY_PERIOD,
} as const;

/** Publication of a decision, owed by market regulation (市场监督管理行政处罚信息公示规定 Art. 9). */
export const PUBLISH_STEP = { step: 'publishPenaltyDecision', title: '公示行政处罚决定' } as const;
export const owesPublication = (agencyKind: string) => agencyKind === 'MARKET_REGULATION';

// ---- Validation ---------------------------------------------------------------------

function checkParty(party: { kind: string; name: string; idNumber: string }) {
  if (!party.name.trim()) throw badUserInput('当事人姓名或名称不能为空', 'party');
  const valid = party.kind === 'PERSON' ? isValidResidentId(party.idNumber) : isValidCreditCode(party.idNumber);
  if (!valid) {
    const what = party.kind === 'PERSON' ? '公民身份号码（GB 11643，18位，末位为校验码）' : '统一社会信用代码（GB 32100，18位，末位为校验码）';
    throw badUserInput(`当事人证件号码 ${party.idNumber} 不是有效的${what}`, 'party');
  }
}

/** Two or more of the agency's own officers whose certificates are valid on the day (行政处罚法 Art. 42). */
async function checkOfficers(tx: Tx, agencyId: string, officerIds: string[], at: Date) {
  const ids = [...new Set(officerIds.map((id) => parseId('officer', id, 'officerIds')))];
  if (ids.length < 2) throw badUserInput('行政处罚应当由两名以上具有行政执法资格的执法人员实施（行政处罚法第四十二条）', 'officerIds');
  const officers = await tx.selectFrom('officer').selectAll().where('id', 'in', ids).execute();
  for (const id of ids) {
    const officer = officers.find((o) => o.id === id);
    if (!officer || officer.agencyId !== agencyId) throw badUserInput(`执法人员 ${id} 不是本机关的执法人员`, 'officerIds');
    if (officer.validUntil.getTime() < at.getTime()) {
      throw badUserInput(`执法人员 ${officer.name}（执法证号 ${officer.certificateNumber}）的执法证已于 ${beijingDay(officer.validUntil)} 过期`, 'officerIds');
    }
  }
  return ids;
}

export async function agencyOf(tx: Tx, agencyId: string) {
  const agency = await tx.selectFrom('agency').selectAll().where('id', '=', agencyId).executeTakeFirst();
  if (!agency) throw badUserInput(`凭证中的单位 ${agencyId} 不是已登记的行政执法机关`);
  return agency;
}

/** The short name an agency's document numbers start with: 咸安 + 市监 → 咸安市监. */
export function docPrefix(agency: { regionCode: string; kind: string }): string {
  return `${REGION_BY_CODE.get(agency.regionCode)?.short ?? ''}${AGENCY_KIND_BY_KIND.get(agency.kind as AgencyKind)?.docShort ?? ''}`;
}


/** The next chain index: one more than any chain this database has seen (demo chains included). */
async function nextChainIndex(tx: Tx): Promise<number> {
  const { rows } = await sql<{ last: number }>`
    insert into document_serial (unit, kind, year, last)
    values ('*', 'chain', 0, (select coalesce(max(substring(chain_id from 4)::int), 0) + 1 from administrative_case))
    on conflict (unit, kind, year) do update set last = document_serial.last + 1
    returning last`.execute(tx);
  return rows[0]!.last;
}

const reload = async (ctx: Context, id: string) => (await selectCases(ctx.db).where('c.id', '=', id).executeTakeFirstOrThrow());

type PenaltyInput = { fineAmount: string; otherPenalties: string[]; legalBasis: string; benchmarkCode: string };

/**
 * 作出行政处罚决定 on a case: the fine must lie inside the discretion benchmark applied
 * (行政处罚法 Art. 34); the decision gets its number (咸安市监罚决〔2026〕1号), and a market
 * regulation decision is owed publication. Taken by decidePenalty, and by the reply to a
 * procuratorial opinion that imposes the penalty (反向衔接). Returns the decision as
 * documents carry it. `argument` names the input the penalty came in.
 */
async function recordPenaltyDecision(db: Tx, row: LockedCase, input: PenaltyInput, at: Date, argument: string): Promise<PenaltyCarried> {
  const agency = await agencyOf(db, row.agencyId);
  const benchmark = await db.selectFrom('discretionBenchmark').selectAll()
    .where('agencyId', '=', row.agencyId).where('code', '=', input.benchmarkCode).executeTakeFirst();
  if (!benchmark) throw badUserInput(`本机关没有编号为 ${input.benchmarkCode} 的裁量基准`, `${argument}.benchmarkCode`);
  const fine = BigInt(input.fineAmount);
  // 行政处罚法 Art. 34: the benchmark published by the agency binds the fine it sets.
  if (fine < BigInt(benchmark.minFineFen) || fine > BigInt(benchmark.maxFineFen)) {
    throw badUserInput(
      `罚款 ${fenToYuan(input.fineAmount)} 元超出裁量基准 ${benchmark.code}（${benchmark.violation}，${benchmark.circumstance}）的幅度 ${fenToYuan(benchmark.minFineFen)}–${fenToYuan(benchmark.maxFineFen)} 元（行政处罚法第三十四条）`,
      `${argument}.fineAmount`,
    );
  }
  const year = beijingYear(at);
  const documentNumber = `${docPrefix(agency)}罚决〔${year}〕${await nextSerial(db, agency.id, '罚决', year)}号`;
  await db.insertInto('penaltyDecision').values({
    caseId: row.id, decidedAt: at, fineFen: input.fineAmount, otherPenalties: input.otherPenalties, legalBasis: input.legalBasis,
    benchmarkId: benchmark.id, published: false, publishedAt: null, documentNumber,
  }).execute();
  if (owesPublication(agency.kind)) {
    await openTasks(db, [{
      chainId: row.chainId, entity: 'AdministrativeCase', recordId: row.id, step: PUBLISH_STEP.step, title: PUBLISH_STEP.title,
      org: agency.id, startedAt: at, period: PERIODS.publishPenaltyDecision,
    }]);
  }
  // A penalty decided is a prior penalty of the party's other cases (the thresholds' 二年内受过行政处罚).
  await evaluatePartiesOf(db, [row.id]);
  return { documentNumber, decidedAt: at.toISOString(), fineFen: input.fineAmount, otherPenalties: input.otherPenalties };
}

// ---- Resolvers ------------------------------------------------------------------------

type PartyInput = { kind: string; name: string; idNumber: string };
type CaseInput = {
  procedure: string; violationCategory: string; facts: string; party: PartyInput; involvedAmount: string; illegalGains: string;
  quantity?: string | null; quantityUnit?: string | null; officerIds: string[];
  conduct?: string | null; salesAmount?: string | null; unsoldGoodsValue?: string | null;
};

export const workflowResolvers = {
  Query: {
    enforcementWorkList: workListResolver(['enforcement']),
  },
  Mutation: {
    registerCase: async (_: unknown, { input }: { input: CaseInput }, ctx: Context) => {
      checkParty(input.party);
      if (!input.facts.trim()) throw badUserInput('违法事实不能为空', 'input.facts');
      const id = await createRecord(ctx, { ...STEPS.registerCase, entity: 'AdministrativeCase' }, async (tx, org, at) => {
        const db = tx as Tx;
        const agency = await agencyOf(db, org);
        const officerIds = await checkOfficers(db, agency.id, input.officerIds, at);
        const index = await nextChainIndex(db);
        const year = beijingYear(at);
        const caseId = indexedId('administrativeCase', index);
        const chainId = indexedId('chain', index);
        await db.insertInto('administrativeCase').values({
          id: caseId, chainId, agencyId: agency.id,
          caseNumber: `${docPrefix(agency)}立〔${year}〕${await nextSerial(tx, agency.id, '立', year)}号`,
          procedure: input.procedure, violationCategory: input.violationCategory, facts: input.facts,
          partyKind: input.party.kind, partyName: input.party.name.trim(), partyIdNumber: input.party.idNumber,
          involvedAmountFen: input.involvedAmount, illegalGainsFen: input.illegalGains,
          quantity: input.quantity ?? null, quantityUnit: input.quantityUnit ?? null, registeredAt: at, officerIds,
          conduct: await checkConduct(db, input.violationCategory, input.conduct),
          salesFen: input.salesAmount ?? null, unsoldValueFen: input.unsoldGoodsValue ?? null,
        }).execute();
        // Measured against the threshold catalogue as entered (以罚代刑 warning).
        await evaluatePartiesOf(db, [caseId]);
        await openTasks(tx, [{
          chainId, entity: 'AdministrativeCase', recordId: caseId, step: 'decidePenalty', title: STEPS.decidePenalty.title,
          org: agency.id, startedAt: at, period: PERIODS.decidePenalty,
        }]);
        return { id: caseId, result: caseId };
      });
      return reload(ctx, id);
    },

    amendCase: async (_: unknown, { id, input }: { id: string; input: Partial<CaseInput> }, ctx: Context) => {
      const caseId = parseId('administrativeCase', id);
      if (input.party) checkParty(input.party);
      await takeStep(ctx, AdministrativeCaseKind, STEPS.amendCase, caseId, async (tx, row, at) => {
        const db = tx as Tx;
        const officerIds = input.officerIds ? await checkOfficers(db, row.agencyId, input.officerIds, at) : undefined;
        await db.updateTable('administrativeCase').set({
          ...(input.facts ? { facts: input.facts } : {}),
          ...(input.party ? { partyKind: input.party.kind, partyName: input.party.name.trim(), partyIdNumber: input.party.idNumber } : {}),
          ...(input.involvedAmount ? { involvedAmountFen: input.involvedAmount } : {}),
          ...(input.illegalGains ? { illegalGainsFen: input.illegalGains } : {}),
          ...(input.quantity !== undefined ? { quantity: input.quantity } : {}),
          ...(input.quantityUnit !== undefined ? { quantityUnit: input.quantityUnit } : {}),
          ...(officerIds ? { officerIds } : {}),
          ...(input.conduct !== undefined ? { conduct: await checkConduct(db, row.violationCategory, input.conduct) } : {}),
          ...(input.salesAmount !== undefined ? { salesFen: input.salesAmount } : {}),
          ...(input.unsoldGoodsValue !== undefined ? { unsoldValueFen: input.unsoldGoodsValue } : {}),
        }).where('id', '=', caseId).execute();
        // Measured again as changed; the party's other cases too (the party may have changed).
        await evaluatePartiesOf(db, [caseId], [row.partyIdNumber]);
      });
      return reload(ctx, caseId);
    },

    decidePenalty: async (_: unknown, { caseId, input }: { caseId: string; input: PenaltyInput }, ctx: Context) => {
      const id = parseId('administrativeCase', caseId, 'caseId');
      await takeStep(ctx, AdministrativeCaseKind, STEPS.decidePenalty, id, (tx, row, at) => recordPenaltyDecision(tx as Tx, row, input, at, 'input'));
      return reload(ctx, id);
    },

    proposeTransfer: async (
      _: unknown,
      { caseId, input }: { caseId: string; input: { policeBureauCode: string; reason: string; materials: string[] } },
      ctx: Context,
    ) => {
      const id = parseId('administrativeCase', caseId, 'caseId');
      const region = DEMO_REGIONS.find((r) => `PB-${r.code}` === input.policeBureauCode);
      if (!region) throw badUserInput(`${input.policeBureauCode} 不是本市的公安机关代码（如 PB-421202）`, 'input.policeBureauCode');
      const missing = REQUIRED_MATERIALS.filter((m) => !input.materials.includes(m));
      if (missing.length) throw badUserInput(`移送材料缺少：${missing.join('、')}（国务院令第310号第六条）`, 'input.materials');
      if (!input.reason.trim()) throw badUserInput('移送报告须写明移送理由', 'input.reason');
      const transferId = await takeStep(ctx, AdministrativeCaseKind, STEPS.proposeTransfer, id, async (tx, row, at) => {
        const db = tx as Tx;
        const existing = await db.selectFrom('caseTransfer').select('id').where('caseId', '=', id).executeTakeFirst();
        if (existing) throw badUserInput(`行政案件 ${id} 已有移送 ${existing.id}`, 'caseId');
        const bureau = demoPoliceBureau(region.code);
        const tid = row.id.replace(/^AC-/, 'TR-');
        await db.insertInto('caseTransfer').values({
          id: tid, caseId: id, chainId: row.chainId, agencyId: row.agencyId, approvedBy: null, approvedAt: null, transferredAt: null,
          materials: input.materials, policeBureauCode: bureau.code, policeBureauName: bureau.name,
          proposedAt: at, proposedBy: ctx.viewer.subject, reason: input.reason,
        }).execute();
        await evaluateCases(db, [id]); // transferred: its warning closes
        await openTasks(tx, [{
          chainId: row.chainId, entity: 'CaseTransfer', recordId: tid, step: 'decideTransfer', title: STEPS.decideTransfer.title,
          org: row.agencyId, startedAt: at, period: PERIODS.decideTransfer,
        }]);
        return tid;
      });
      return ctx.loaders.transferById.load(transferId);
    },

    decideTransfer: async (_: unknown, args: { transferId: string; approve: boolean; reason?: string | null }, ctx: Context) => {
      const id = parseId('transfer', args.transferId, 'transferId');
      if (!args.approve && !args.reason?.trim()) throw badUserInput('不批准移送的，应当将不予批准的理由记录在案（国务院令第310号第五条）', 'reason');
      await takeStep(ctx, TransferKind, STEPS.decideTransfer, id, async (tx, row, at) => {
        const db = tx as Tx;
        if (args.approve) {
          await db.updateTable('caseTransfer').set({ approvedAt: at, approvedBy: ctx.viewer.subject }).where('id', '=', id).execute();
          await openTasks(tx, [{
            chainId: row.chainId, entity: 'CaseTransfer', recordId: id, step: 'sendTransfer', title: STEPS.sendTransfer.title,
            org: row.agencyId, startedAt: at, period: PERIODS.sendTransfer,
          }]);
        } else {
          await db.updateTable('caseTransfer').set({ refusedAt: at, refusalReason: args.reason!.trim() }).where('id', '=', id).execute();
          await evaluateCases(db, [row.caseId]); // not transferred after all: its warning opens again
        }
      });
      return (await ctx.db.selectFrom('caseTransfer').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    },

    sendTransfer: async (_: unknown, args: { transferId: string }, ctx: Context) => {
      const id = parseId('transfer', args.transferId, 'transferId');
      await takeStep(ctx, TransferKind, STEPS.sendTransfer, id, async (tx, row, at) => {
        const db = tx as Tx;
        const [caseRow, decision, agency] = await Promise.all([
          db.selectFrom('administrativeCase').selectAll().where('id', '=', row.caseId).executeTakeFirstOrThrow(),
          db.selectFrom('penaltyDecision').selectAll().where('caseId', '=', row.caseId).executeTakeFirst(),
          agencyOf(db, row.agencyId),
        ]);
        const year = beijingYear(at);
        await db.updateTable('caseTransfer').set({ transferredAt: at }).where('id', '=', id).execute();
        const filing = dueDate(at, PERIODS.decideFiling);
        const document: HandoffDocument = {
          id: `CASE_TRANSFER:${id}`,
          kind: 'CASE_TRANSFER',
          title: TRANSFER_DOCUMENT,
          number: `${docPrefix(agency)}移〔${year}〕${await nextSerial(tx, agency.id, '移', year)}号`,
          sender: 'enforcement', senderOrg: agency.id, receiver: 'police', receiverOrg: row.policeBureauCode,
          chainId: row.chainId, subjectId: id, issuedAt: at.toISOString(),
          content: {
            transferId: id, agencyId: agency.id, agencyName: agency.name, policeBureauName: row.policeBureauName,
            caseId: caseRow.id, caseNumber: caseRow.caseNumber, violationCategory: caseRow.violationCategory, facts: caseRow.facts,
            party: { kind: caseRow.partyKind, name: caseRow.partyName, idNumber: caseRow.partyIdNumber },
            involvedAmountFen: caseRow.involvedAmountFen, illegalGainsFen: caseRow.illegalGainsFen,
            quantity: caseRow.quantity, quantityUnit: caseRow.quantityUnit, reason: row.reason, materials: row.materials,
            approvedBy: row.approvedBy, approvedAt: row.approvedAt?.toISOString() ?? null,
            // The penalty already imposed, which a court offsets against its own (行政处罚法 Art. 35).
            penaltyDecision: decision
              ? { documentNumber: decision.documentNumber, decidedAt: decision.decidedAt.toISOString(), fineFen: decision.fineFen, otherPenalties: decision.otherPenalties }
              : null,
          },
          upstream: [],
          nextStep: { step: 'decideFiling', dueAt: filing.dueAt.toISOString(), article: filing.article },
        };
        await ctx.handoff.send(tx, document);
      });
      return (await ctx.db.selectFrom('caseTransfer').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    },
  },
  AdministrativeCase: {
    state: (c: CaseRow, _: unknown, ctx: Context) => ctx.loaders.decisionByCaseId.load(c.id).then((d) => caseState({ decided: !!d })),
    steps: (c: CaseRow, _: unknown, ctx: Context) => stepsOf(ctx, c.chainId),
  },
  CaseTransfer: {
    state: (t: TransferRow) => transferState(t),
    documents: (t: TransferRow, _: unknown, ctx: Context) => documentsOf(ctx, t.id),
    receivedDocuments: (t: TransferRow, _: unknown, ctx: Context) => receivedDocumentsOf(ctx, t.chainId),
  },
};

/** What the agencies receive from other institutions, and the record each updates. */
export const inbox: Record<string, InboxHandler<EnforcementDatabase>> = {
  // 回执: the police signed for the transfer (Art. 7); the inbox keeps it.
  TRANSFER_RECEIPT: async () => undefined,
  // 立案告知书 / 不予立案通知书 (Art. 8): the transfer's outcome; after a filing, the seized
  // items and materials are owed within 3 days (Art. 12).
  FILING_NOTICE: async (tx, document) => {
    const content = document.content as { transferId: string; decision: 'FILED' | 'NOT_FILED' };
    const at = new Date();
    const transfer = await tx.updateTable('caseTransfer').set({ filingDecision: content.decision, filingNoticedAt: at })
      .where('id', '=', content.transferId).returning(['id', 'chainId', 'agencyId']).executeTakeFirst();
    if (!transfer) throw new Error(`filing notice for unknown transfer ${content.transferId}`);
    // A filing decision taken before the materials asked for came leaves nothing to complete (公安规定 Art. 180).
    await cancelTasks(tx, transfer.id, ['supplyMaterials']);
    if (content.decision === 'FILED') {
      await openTasks(tx, [{
        chainId: transfer.chainId, entity: 'CaseTransfer', recordId: transfer.id, step: REPLY_STEPS.handOverSeizedItems.step, title: REPLY_STEPS.handOverSeizedItems.title,
        org: transfer.agencyId, startedAt: at, period: PERIODS.handOverSeizedItems,
      }]);
    }
  },
  // 不立案理由审查意见通知书 (检察规则 Art. 561 para. 2): the procuratorate found the police's reasons
  // sound; the agency keeps the notice on its transfer (its received documents) and owes nothing.
  NON_FILING_REVIEW_NOTICE: async (tx, document) => {
    const content = document.content as { transferId: string };
    const transfer = await tx.selectFrom('caseTransfer').select('id').where('id', '=', content.transferId).where('agencyId', '=', document.receiverOrg).executeTakeFirst();
    if (!transfer) throw new DocumentRejected(`${document.receiverOrg} 没有移送 ${content.transferId}`);
  },
};

// ---- The police's later steps and the agency's answers ------------------------------
// A forward to another bureau (国务院令第310号 Art. 7), materials asked for and supplied
// (公安机关办理刑事案件程序规定 Art. 180 para. 2), seized items handed over after a filing
// (310 Art. 12), reconsideration of a refusal (310 Art. 9; 公安规定 Art. 181), and the
// police closing a case (公安规定 Art. 189).

const POLICE_RULES = '公安机关办理刑事案件程序规定';

export const REPLY_STEPS = {
  supplyMaterials: { step: 'supplyMaterials', title: '补正移送材料', roles: OFFICERS, from: ['MATERIALS_REQUESTED'], article: `${POLICE_RULES}第一百八十条第二款` },
  handOverSeizedItems: { step: 'handOverSeizedItems', title: '移交涉案物品', roles: OFFICERS, from: ['FILED'], article: '国务院令第310号第十二条' },
  requestReconsideration: { step: 'requestReconsideration', title: '提请复议', roles: OFFICERS, from: ['NOT_FILED'], article: '国务院令第310号第九条' },
  requestFilingSupervision: { step: 'requestFilingSupervision', title: '提请立案监督', roles: OFFICERS, from: ['RECONSIDERATION_NOT_FILED'], article: '国务院令第310号第九条' },
} satisfies Record<string, StepRule>;

const REPLY_PERIODS = {
  // 公安规定 Art. 180 para. 2: the agency completes the materials within 3 days of the notice.
  supplyMaterials: { count: 3, unit: 'days', article: `${POLICE_RULES}第一百八十条第二款` },
  // 310 Art. 9: reconsideration may be asked within 3 days of the refusal notice; the bureau
  // decides within 3 days of receiving the request.
  requestReconsideration: { count: 3, unit: 'days', article: '国务院令第310号第九条' },
  decideReconsideration: { count: 3, unit: 'days', article: '国务院令第310号第九条' },
  // … and an agency still in disagreement asks the procuratorate within 3 days of the decision.
  requestFilingSupervision: { count: 3, unit: 'days', article: '国务院令第310号第九条' },
} as const;

/** The police's documents of these kinds on a chain, as the inbox keeps them, oldest first. */
/** A stored document (jsonb: an object, or its text on some drivers). */

async function fromPolice(tx: Tx, chainId: string, kinds: DocumentKind[]) {
  const rows = await tx.selectFrom('handoffInbox').select(['id', 'digest', 'document'])
    .where('chainId', '=', chainId).where('sender', '=', 'police').where('kind', 'in', kinds).orderBy('receivedAt').orderBy('id').execute();
  if (rows.length === 0) throw new Error(`no ${kinds.join('/')} from the police on chain ${chainId}`);
  return {
    upstream: rows.map((r) => ({ id: r.id, digest: r.digest })),
    /** The police case they concern (each police document names it). */
    policeCaseId: String(storedDocument(rows[rows.length - 1]!.document).content.policeCaseId),
  };
}

/** A letter from the agency to the bureau that has the case now. */
const toPolice = (row: TransferRow, at: Date) => ({
  sender: 'enforcement' as const, senderOrg: row.agencyId, receiver: 'police' as const, receiverOrg: row.policeBureauCode,
  chainId: row.chainId, subjectId: row.id, issuedAt: at.toISOString(),
});

const listOf = (values: string[], message: string, argument: string) => {
  const list = [...new Set(values.map((v) => v.trim()).filter(Boolean))];
  if (list.length === 0) throw badUserInput(message, argument);
  return list;
};

const reloadTransfer = (ctx: Context, id: string) => ctx.db.selectFrom('caseTransfer').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

export const policeReplyResolvers = {
  Mutation: {
    // 补正材料: every material the bureau listed, within 3 days of its notice (公安规定 Art. 180 para. 2).
    supplyMaterials: async (_: unknown, args: { transferId: string; materials: string[] }, ctx: Context) => {
      const id = parseId('transfer', args.transferId, 'transferId');
      const materials = listOf(args.materials, '补正材料不能为空', 'materials');
      await takeStep(ctx, TransferKind, REPLY_STEPS.supplyMaterials, id, async (tx, row, at) => {
        const db = tx as Tx;
        const still = (row.missingMaterials ?? []).filter((m) => !materials.includes(m));
        if (still.length) throw badUserInput(`公安机关要求补正的材料尚缺：${still.join('、')}（${POLICE_RULES}第一百八十条第二款）`, 'materials');
        await db.updateTable('caseTransfer')
          .set({ materialsSuppliedAt: at, materials: [...row.materials, ...materials.filter((m) => !row.materials.includes(m))] })
          .where('id', '=', id).execute();
        const request = await fromPolice(db, row.chainId, ['MATERIALS_REQUEST']);
        const agency = await agencyOf(db, row.agencyId);
        const year = beijingYear(at);
        const number = `${docPrefix(agency)}移补〔${year}〕${await nextSerial(tx, agency.id, '移补', year)}号`;
        const content: DocumentContents['MATERIALS_SUPPLEMENT'] = { transferId: id, policeCaseId: request.policeCaseId, materials };
        await ctx.handoff.send(tx, {
          id: `MATERIALS_SUPPLEMENT:${id}:${number}`, kind: 'MATERIALS_SUPPLEMENT', title: '补正材料移送函', number,
          ...toPolice(row, at), content, upstream: request.upstream.slice(-1), nextStep: null,
        });
      });
      return reloadTransfer(ctx, id);
    },

    // 移交涉案物品 (310 Art. 12): within 3 days of the filing notice.
    handOverSeizedItems: async (_: unknown, args: { transferId: string; items: string[] }, ctx: Context) => {
      const id = parseId('transfer', args.transferId, 'transferId');
      const items = listOf(args.items, '涉案物品移交清单不能为空；没有涉案物品的，写明“无”', 'items');
      await takeStep(ctx, TransferKind, REPLY_STEPS.handOverSeizedItems, id, async (tx, row, at) => {
        const db = tx as Tx;
        await db.updateTable('caseTransfer').set({ itemsHandedOverAt: at, seizedItems: items }).where('id', '=', id).execute();
        const filing = await fromPolice(db, row.chainId, ['FILING_NOTICE', 'RECONSIDERATION_DECISION']);
        const agency = await agencyOf(db, row.agencyId);
        const year = beijingYear(at);
        const content: DocumentContents['SEIZED_ITEMS_HANDOVER'] = { transferId: id, policeCaseId: filing.policeCaseId, items };
        await ctx.handoff.send(tx, {
          id: `SEIZED_ITEMS_HANDOVER:${id}`, kind: 'SEIZED_ITEMS_HANDOVER', title: '涉案物品移交清单',
          number: `${docPrefix(agency)}物移〔${year}〕${await nextSerial(tx, agency.id, '物移', year)}号`,
          ...toPolice(row, at), content, upstream: filing.upstream, nextStep: null,
        });
      });
      return reloadTransfer(ctx, id);
    },

    // 提请复议 (310 Art. 9): only within 3 days of receiving the refusal; after that the agency
    // may still propose filing supervision to the procuratorate.
    requestReconsideration: async (_: unknown, args: { transferId: string; reason: string }, ctx: Context) => {
      const id = parseId('transfer', args.transferId, 'transferId');
      const reason = args.reason.trim();
      if (!reason) throw badUserInput('提请复议应当写明认为应当立案的理由', 'reason');
      await takeStep(ctx, TransferKind, REPLY_STEPS.requestReconsideration, id, async (tx, row, at) => {
        const db = tx as Tx;
        const limit = dueDate(row.filingNoticedAt ?? at, REPLY_PERIODS.requestReconsideration);
        if (at.getTime() > limit.dueAt.getTime()) {
          throw badUserInput(
            `提请复议的期限已于 ${beijingDay(limit.dueAt)} 届满（国务院令第310号第九条：自接到不予立案通知书之日起3日内）；可以建议人民检察院依法进行立案监督`,
            'transferId',
          );
        }
        await db.updateTable('caseTransfer').set({ reconsiderationRequestedAt: at, reconsiderationReason: reason }).where('id', '=', id).execute();
        const notice = await fromPolice(db, row.chainId, ['FILING_NOTICE']);
        const agency = await agencyOf(db, row.agencyId);
        const year = beijingYear(at);
        const due = dueDate(at, REPLY_PERIODS.decideReconsideration);
        const content: DocumentContents['RECONSIDERATION_REQUEST'] = { transferId: id, policeCaseId: notice.policeCaseId, reason };
        await ctx.handoff.send(tx, {
          id: `RECONSIDERATION_REQUEST:${id}`, kind: 'RECONSIDERATION_REQUEST', title: '提请复议书',
          number: `${docPrefix(agency)}提复〔${year}〕${await nextSerial(tx, agency.id, '提复', year)}号`,
          ...toPolice(row, at), content, upstream: notice.upstream,
          nextStep: { step: 'decideReconsideration', dueAt: due.dueAt.toISOString(), article: due.article },
        });
      });
      return reloadTransfer(ctx, id);
    },

    // 提请立案监督 (310 Art. 9; 检察规则 Art. 557): after a reconsideration that upheld the refusal,
    // within 3 days of the decision, to the procuratorate of the bureau's region.
    requestFilingSupervision: async (_: unknown, args: { transferId: string; reason: string }, ctx: Context) => {
      const id = parseId('transfer', args.transferId, 'transferId');
      const reason = args.reason.trim();
      if (!reason) throw badUserInput('提请立案监督应当写明认为公安机关应当立案的事实和理由', 'reason');
      await takeStep(ctx, TransferKind, REPLY_STEPS.requestFilingSupervision, id, async (tx, row, at) => {
        const db = tx as Tx;
        const limit = dueDate(row.reconsiderationDecidedAt!, REPLY_PERIODS.requestFilingSupervision);
        if (at.getTime() > limit.dueAt.getTime()) {
          throw badUserInput(`提请立案监督的期限已于 ${beijingDay(limit.dueAt)} 届满（国务院令第310号第九条：自收到复议决定通知书之日起3日内）`, 'transferId');
        }
        await db.updateTable('caseTransfer').set({ filingSupervisionRequestedAt: at, filingSupervisionReason: reason }).where('id', '=', id).execute();
        const decision = await fromPolice(db, row.chainId, ['FILING_NOTICE', 'RECONSIDERATION_DECISION']);
        const agency = await agencyOf(db, row.agencyId);
        const year = beijingYear(at);
        const party = await db.selectFrom('administrativeCase').select(['partyKind', 'partyName']).where('chainId', '=', row.chainId).executeTakeFirstOrThrow();
        const content: DocumentContents['FILING_SUPERVISION_REQUEST'] = {
          transferId: id, policeCaseId: decision.policeCaseId, bureauCode: row.policeBureauCode, agencyId: row.agencyId, reason,
          personNames: party.partyKind === 'PERSON' ? [party.partyName] : [],
        };
        await ctx.handoff.send(tx, {
          id: `FILING_SUPERVISION_REQUEST:${id}`, kind: 'FILING_SUPERVISION_REQUEST', title: DOCUMENT_TITLES.FILING_SUPERVISION_REQUEST,
          number: `${docPrefix(agency)}提监〔${year}〕${await nextSerial(tx, agency.id, '提监', year)}号`,
          sender: 'enforcement', senderOrg: row.agencyId, receiver: 'procuratorate', receiverOrg: row.policeBureauCode.replace(/^PB-/, 'PP-'),
          chainId: row.chainId, subjectId: id, issuedAt: at.toISOString(), content: { ...content }, upstream: decision.upstream,
          // 检察规则 Art. 557: the procuratorate accepts and reviews it; no period in days is set.
          nextStep: null,
        });
      });
      return reloadTransfer(ctx, id);
    },
  },
};

/** The transfer a police document is about; one the agency does not have can never be taken. */
async function transferFor(tx: Tx, document: HandoffDocument, transferId: string) {
  const row = await tx.selectFrom('caseTransfer').selectAll().where('id', '=', transferId).forUpdate().executeTakeFirst();
  if (!row || row.agencyId !== document.receiverOrg || row.chainId !== document.chainId) {
    throw new DocumentRejected(`${document.kind} ${document.id} names transfer ${transferId}, which ${document.receiverOrg} did not send`);
  }
  return row;
}

/** What the agencies receive of the police's later steps, and what each changes. */
export const policeReplyInbox: Record<string, InboxHandler<EnforcementDatabase>> = {
  // 转送告知 (310 Art. 7): the case is now with another bureau, which signs for it and decides.
  FORWARD_NOTICE: async (tx, document) => {
    const content = contentOf('FORWARD_NOTICE', document.content);
    await transferFor(tx, document, content.transferId);
    await tx.updateTable('caseTransfer').set({ policeBureauCode: content.toBureau, policeBureauName: content.toBureauName, forwardedAt: new Date() })
      .where('id', '=', content.transferId).execute();
  },
  // 补正材料通知 (公安规定 Art. 180 para. 2): the agency owes the materials within 3 days.
  MATERIALS_REQUEST: async (tx, document) => {
    const content = contentOf('MATERIALS_REQUEST', document.content);
    const row = await transferFor(tx, document, content.transferId);
    const at = new Date();
    await tx.updateTable('caseTransfer').set({ materialsRequestedAt: at, missingMaterials: content.missing, materialsSuppliedAt: null })
      .where('id', '=', row.id).execute();
    await openTasks(tx, [{
      chainId: row.chainId, entity: 'CaseTransfer', recordId: row.id, step: 'supplyMaterials', title: REPLY_STEPS.supplyMaterials.title,
      org: row.agencyId, startedAt: at, period: REPLY_PERIODS.supplyMaterials,
    }]);
  },
  // 复议决定书 (310 Art. 9): filed after all, the seized items are owed within 3 days (Art. 12).
  RECONSIDERATION_DECISION: async (tx, document) => {
    const content = contentOf('RECONSIDERATION_DECISION', document.content);
    const row = await transferFor(tx, document, content.transferId);
    const at = new Date();
    await tx.updateTable('caseTransfer').set({
      reconsiderationDecidedAt: at, reconsiderationDecision: content.decision,
      ...(content.decision === 'FILED' ? { filingDecision: 'FILED', filingNoticedAt: at } : {}),
    }).where('id', '=', row.id).execute();
    if (content.decision === 'FILED') {
      await openTasks(tx, [{
        chainId: row.chainId, entity: 'CaseTransfer', recordId: row.id, step: 'handOverSeizedItems', title: REPLY_STEPS.handOverSeizedItems.title,
        org: row.agencyId, startedAt: at, period: PERIODS.handOverSeizedItems,
      }]);
    }
  },
  // 撤销案件告知书 (公安规定 Art. 189): nothing more is handed over to a closed case.
  CASE_CLOSED_NOTICE: async (tx, document) => {
    const content = contentOf('CASE_CLOSED_NOTICE', document.content);
    const row = await transferFor(tx, document, content.transferId);
    await tx.updateTable('caseTransfer').set({ policeClosedAt: new Date(content.closedAt), policeCloseReason: content.reason }).where('id', '=', row.id).execute();
    await cancelTasks(tx, row.id, ['handOverSeizedItems']);
  },
};

// ---- 反向衔接: a procuratorial opinion after a non-prosecution, and the agency's reply ----

type OpinionRow = Selectable<ProcuratorialOpinionTable>;

/** A case that received a procuratorial opinion: the reply is owed on its latest opinion. */
const OpinionKind: RecordKind<OpinionRow & { case: LockedCase }> = {
  entity: 'AdministrativeCase',
  title: '收到检察意见的行政案件',
  states: { AWAITING_REPLY: '已收到检察意见，待回复', REPLIED: '已回复检察意见' },
  stateOf: (row) => (row.repliedAt ? 'REPLIED' : 'AWAITING_REPLY'),
  orgOf: (row) => row.case.agencyId,
  async lock(tx, caseId) {
    const row = await AdministrativeCaseKind.lock(tx, caseId);
    const opinion = row && await (tx as Tx).selectFrom('procuratorialOpinion').selectAll().where('caseId', '=', caseId)
      .orderBy('receivedAt', 'desc').limit(1).forUpdate().executeTakeFirst();
    return opinion && { ...opinion, case: row };
  },
};

export const OPINION_REPLY_STEP = {
  step: 'replyToProcuratorialOpinion', title: '回复检察意见', roles: OFFICERS, from: ['AWAITING_REPLY'],
  article: '刑事诉讼法第一百七十七条第三款；行政处罚法第二十七条',
} satisfies StepRule;

/** The agencies' side of 反向衔接: the opinion received, and the reply. */
export const reverseLinkageInbox: Record<string, InboxHandler<EnforcementDatabase>> = {
  // 检察意见书 (刑事诉讼法 Art. 177 para. 3; 检察规则 Art. 373): the reply is owed within two months.
  PROCURATORIAL_OPINION: async (tx, document) => {
    const content = contentOf('PROCURATORIAL_OPINION', document.content);
    const transfer = await tx.selectFrom('caseTransfer').select(['caseId', 'chainId', 'agencyId']).where('id', '=', content.transferId).executeTakeFirst();
    if (!transfer || transfer.agencyId !== document.receiverOrg || transfer.caseId !== content.caseId) {
      throw new DocumentRejected(`${document.receiverOrg} 没有以行政案件 ${content.caseId} 移送过 ${content.transferId}`);
    }
    const receivedAt = new Date();
    await tx.insertInto('procuratorialOpinion').values({
      documentId: document.id, caseId: transfer.caseId, prosecutionCaseId: content.prosecutionCaseId, procuratorateCode: document.senderOrg,
      opinion: content.opinion, receivedAt, repliedAt: null, reply: null,
      // A document sent before the opinion carried its persons: null, and the text is withheld where names are masked.
      suspectNames: Array.isArray(content.suspectNames) ? content.suspectNames : null,
    }).execute();
    await openTasks(tx, [{
      chainId: transfer.chainId, entity: 'AdministrativeCase', recordId: transfer.caseId, step: OPINION_REPLY_STEP.step, title: OPINION_REPLY_STEP.title,
      org: transfer.agencyId, startedAt: receivedAt, period: PERIODS.replyToProcuratorialOpinion,
    }]);
  },
};

export const reverseLinkageResolvers = {
  Mutation: {
    replyToProcuratorialOpinion: async (
      _: unknown,
      { caseId, input }: { caseId: string; input: { reply: string; penalty?: PenaltyInput | null } },
      ctx: Context,
    ) => {
      const id = parseId('administrativeCase', caseId, 'caseId');
      const reply = input.reply.trim();
      if (!reply) throw badUserInput('回复应当写明对检察意见的处理结果（刑事诉讼法第一百七十七条第三款）', 'input.reply');
      await takeStep(ctx, OpinionKind, OPINION_REPLY_STEP, id, async (tx, opinion, at) => {
        const db = tx as Tx;
        let penalty: PenaltyCarried | null = null;
        if (input.penalty) {
          if (opinion.case.decided) throw badUserInput(`行政案件 ${id} 已作出处罚决定，不得因同一违法行为再次罚款（行政处罚法第二十九条）`, 'input.penalty');
          penalty = await recordPenaltyDecision(db, opinion.case, input.penalty, at, 'input.penalty');
          await completeTask(tx, id, STEPS.decidePenalty.step, ctx.viewer, at);
        } else if (opinion.case.decided) {
          const decided = await db.selectFrom('penaltyDecision').selectAll().where('caseId', '=', id).executeTakeFirstOrThrow();
          penalty = { documentNumber: decided.documentNumber, decidedAt: decided.decidedAt.toISOString(), fineFen: decided.fineFen, otherPenalties: decided.otherPenalties };
        }
        await db.updateTable('procuratorialOpinion').set({ reply, repliedAt: at }).where('documentId', '=', opinion.documentId).execute();
        const [agency, received] = await Promise.all([
          agencyOf(db, opinion.case.agencyId),
          db.selectFrom('handoffInbox').select(['id', 'digest', 'document']).where('id', '=', opinion.documentId).executeTakeFirst(),
        ]);
        // The reply rests on the opinion: its signed copy, or for an opinion recorded before the
        // platform (seeded; no copy in the inbox) the record itself, cited by id with no digest.
        const upstream = received ? [{ id: received.id, digest: received.digest }] : [{ id: opinion.documentId, digest: null }];
        const year = beijingYear(at);
        const content: DocumentContents['OPINION_REPLY'] = {
          prosecutionCaseId: opinion.prosecutionCaseId, caseId: id, reply, penaltyDecision: penalty,
          opinion: { number: received ? storedDocument(received.document).number : null, receivedAt: opinion.receivedAt.toISOString() },
        };
        await ctx.handoff.send(tx, {
          id: `OPINION_REPLY:${opinion.prosecutionCaseId}`, kind: 'OPINION_REPLY', title: DOCUMENT_TITLES.OPINION_REPLY,
          number: `${docPrefix(agency)}函〔${year}〕${await nextSerial(tx, agency.id, '函', year)}号`,
          sender: 'enforcement', senderOrg: agency.id, receiver: 'procuratorate', receiverOrg: opinion.procuratorateCode,
          chainId: opinion.case.chainId, subjectId: id, issuedAt: at.toISOString(), content: { ...content },
          upstream,
          nextStep: null,
        });
      });
      return reload(ctx, id);
    },
  },
  AdministrativeCase: {
    procuratorialOpinions: (c: CaseRow, _: unknown, ctx: Context) => ctx.loaders.opinionsByCaseId.load(c.id),
  },
  ProcuratorialOpinion: {
    prosecution: (o: OpinionRow) => ({ id: o.prosecutionCaseId }),
    replyDueAt: (o: OpinionRow) => dueDate(o.receivedAt, OPINION_REPLY_PERIOD).dueAt,
    replyDocument: async (o: OpinionRow, _: unknown, ctx: Context) =>
      (await documentsOf(ctx, o.caseId)).find((d) => d.id === `OPINION_REPLY:${o.prosecutionCaseId}`) ?? null,
  },
};

// ---- The court's judgment (刑事判决书) -----------------------------------------------------

/**
 * The effective judgment on a case the agency transferred: kept in the inbox (the agency
 * reads the trial through the chain). After a criminal fine the agency imposes no fine of
 * its own (行政处罚法 Art. 35 para. 2); after an acquittal or an exemption it may still
 * impose an administrative penalty (Art. 27).
 */
export const judgmentInbox: Record<string, InboxHandler<EnforcementDatabase>> = {
  JUDGMENT_NOTICE: async () => undefined,
};
