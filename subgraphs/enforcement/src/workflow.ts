// The enforcement agencies' steps of the linkage: each declared once (who, from which
// state, which article) and taken through the kit's takeStep, so the role, the agency,
// the state, the work list and the audit entry are checked and written the same way.
import {
  AGENCY_KIND_BY_KIND,
  badUserInput,
  beijingDay,
  createRecord,
  DEMO_REGIONS,
  demoPoliceBureau,
  fenToYuan,
  indexedId,
  isValidCreditCode,
  isValidResidentId,
  nextSerial,
  openTasks,
  parseId,
  REGION_BY_CODE,
  takeStep,
  workListResolver,
  documentsOf,
  stepsOf,
  type AgencyKind,
  type HandoffDocument,
  type InboxHandler,
  type RecordKind,
  type StepRule,
  type SubgraphContext,
} from '@xianjie/subgraph-kit';
import { sql, type Selectable, type Transaction } from 'kysely';
import type { CaseTransferTable, EnforcementDatabase } from './db/database';
import { selectCases, type CaseRow, type EnforcementLoaders } from './loaders';

type Context = SubgraphContext<EnforcementDatabase, EnforcementLoaders>;
type Tx = Transaction<EnforcementDatabase>;
type TransferRow = Selectable<CaseTransferTable>;

const TRANSFER_DOCUMENT = '涉嫌犯罪案件移送书';
/** The materials a transfer must carry (国务院令第310号 Art. 6 (一)–(三); (四) only where tested or appraised). */
const REQUIRED_MATERIALS = [TRANSFER_DOCUMENT, '涉嫌犯罪案件情况的调查报告', '涉案物品清单'];

// ---- The records and their states -------------------------------------------------

type CaseState = 'REGISTERED' | 'DECIDED';
type LockedCase = CaseRow & { decided: boolean };

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
    return { ...row, published: false, decided: !!decision };
  },
};

export type TransferState = 'PROPOSED' | 'REFUSED' | 'APPROVED' | 'SENT' | 'FILED' | 'NOT_FILED';

/** A transfer's state follows from the steps taken on it (seeded transfers included). */
export function transferState(t: TransferRow): TransferState {
  if (t.filingDecision === 'FILED' || t.filingDecision === 'NOT_FILED') return t.filingDecision;
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
  },
  stateOf: transferState,
  orgOf: (row) => row.agencyId,
  lock: (tx, id) => (tx as Tx).selectFrom('caseTransfer').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
};

// ---- The steps ----------------------------------------------------------------------

const OFFICERS = ['enforcement'] as const;

const STEPS = {
  registerCase: { step: 'registerCase', title: '立案', roles: OFFICERS, from: [], article: '行政处罚法第五十四条' },
  amendCase: { step: 'amendCase', title: '修改案件信息', roles: OFFICERS, from: ['REGISTERED'], article: '行政处罚法第五十四条' },
  decidePenalty: { step: 'decidePenalty', title: '作出行政处罚决定', roles: OFFICERS, from: ['REGISTERED'], article: '行政处罚法第六十条' },
  proposeTransfer: { step: 'proposeTransfer', title: '提出移送', roles: OFFICERS, from: ['REGISTERED', 'DECIDED'], article: '国务院令第310号第五条' },
  decideTransfer: { step: 'decideTransfer', title: '审批移送', roles: ['agency-head'], from: ['PROPOSED'], article: '国务院令第310号第五条' },
  sendTransfer: { step: 'sendTransfer', title: '移送公安机关', roles: OFFICERS, from: ['APPROVED'], article: '国务院令第310号第五条、第六条' },
} satisfies Record<string, StepRule>;

/** The periods of the steps that follow each one, with their articles. */
const PERIODS = {
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
} as const;

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

async function agencyOf(tx: Tx, agencyId: string) {
  const agency = await tx.selectFrom('agency').selectAll().where('id', '=', agencyId).executeTakeFirst();
  if (!agency) throw badUserInput(`凭证中的单位 ${agencyId} 不是已登记的行政执法机关`);
  return agency;
}

/** The short name an agency's document numbers start with: 咸安 + 市监 → 咸安市监. */
function docPrefix(agency: { regionCode: string; kind: string }): string {
  return `${REGION_BY_CODE.get(agency.regionCode)?.short ?? ''}${AGENCY_KIND_BY_KIND.get(agency.kind as AgencyKind)?.docShort ?? ''}`;
}

const yearOf = (at: Date) => Number(beijingDay(at).slice(0, 4));

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

// ---- Resolvers ------------------------------------------------------------------------

type PartyInput = { kind: string; name: string; idNumber: string };
type CaseInput = {
  procedure: string; violationCategory: string; facts: string; party: PartyInput; involvedAmount: string; illegalGains: string;
  quantity?: string | null; quantityUnit?: string | null; officerIds: string[];
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
        const year = yearOf(at);
        const caseId = indexedId('administrativeCase', index);
        const chainId = indexedId('chain', index);
        await db.insertInto('administrativeCase').values({
          id: caseId, chainId, agencyId: agency.id,
          caseNumber: `${docPrefix(agency)}立〔${year}〕${await nextSerial(tx, agency.id, '立', year)}号`,
          procedure: input.procedure, violationCategory: input.violationCategory, facts: input.facts,
          partyKind: input.party.kind, partyName: input.party.name.trim(), partyIdNumber: input.party.idNumber,
          involvedAmountFen: input.involvedAmount, illegalGainsFen: input.illegalGains,
          quantity: input.quantity ?? null, quantityUnit: input.quantityUnit ?? null, registeredAt: at, officerIds,
        }).execute();
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
        }).where('id', '=', caseId).execute();
      });
      return reload(ctx, caseId);
    },

    decidePenalty: async (
      _: unknown,
      { caseId, input }: { caseId: string; input: { fineAmount: string; otherPenalties: string[]; legalBasis: string; benchmarkCode: string } },
      ctx: Context,
    ) => {
      const id = parseId('administrativeCase', caseId, 'caseId');
      await takeStep(ctx, AdministrativeCaseKind, STEPS.decidePenalty, id, async (tx, row, at) => {
        const db = tx as Tx;
        const agency = await agencyOf(db, row.agencyId);
        const benchmark = await db.selectFrom('discretionBenchmark').selectAll()
          .where('agencyId', '=', row.agencyId).where('code', '=', input.benchmarkCode).executeTakeFirst();
        if (!benchmark) throw badUserInput(`本机关没有编号为 ${input.benchmarkCode} 的裁量基准`, 'input.benchmarkCode');
        const fine = BigInt(input.fineAmount);
        // 行政处罚法 Art. 34: the benchmark published by the agency binds the fine it sets.
        if (fine < BigInt(benchmark.minFineFen) || fine > BigInt(benchmark.maxFineFen)) {
          throw badUserInput(
            `罚款 ${fenToYuan(input.fineAmount)} 元超出裁量基准 ${benchmark.code}（${benchmark.violation}，${benchmark.circumstance}）的幅度 ${fenToYuan(benchmark.minFineFen)}–${fenToYuan(benchmark.maxFineFen)} 元（行政处罚法第三十四条）`,
            'input.fineAmount',
          );
        }
        const year = yearOf(at);
        await db.insertInto('penaltyDecision').values({
          caseId: id, decidedAt: at, fineFen: input.fineAmount, otherPenalties: input.otherPenalties, legalBasis: input.legalBasis,
          benchmarkId: benchmark.id, published: false, publishedAt: null,
          documentNumber: `${docPrefix(agency)}罚决〔${year}〕${await nextSerial(tx, agency.id, '罚决', year)}号`,
        }).execute();
        if (agency.kind === 'MARKET_REGULATION') {
          await openTasks(tx, [{
            chainId: row.chainId, entity: 'AdministrativeCase', recordId: id, step: 'publishPenaltyDecision', title: '公示行政处罚决定',
            org: agency.id, startedAt: at, period: PERIODS.publishPenaltyDecision,
          }]);
        }
      });
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
        const year = yearOf(at);
        await db.updateTable('caseTransfer').set({ transferredAt: at }).where('id', '=', id).execute();
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
          nextStep: null,
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
    if (content.decision === 'FILED') {
      await openTasks(tx, [{
        chainId: transfer.chainId, entity: 'CaseTransfer', recordId: transfer.id, step: 'handOverSeizedItems', title: '移交涉案物品',
        org: transfer.agencyId, startedAt: at, period: PERIODS.handOverSeizedItems,
      }]);
    }
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
