import { indexedId } from '../graphql/ids';
import type { PenaltyCarried } from '../handoff/kinds';
import { SENTENCE_RANGES } from '../law/sentences';
import { CATEGORIES, lawfulFines, type CategoryInfo } from './categories';
import { CREDIT_CODE_CHARS, creditCode, residentId } from './identity-codes';
import { beijingYear } from './office-hours';
import { Rng } from './prng';
import {
  agencyId, courtNumberCode, DEMO_REGIONS, demoPoliceBureau, demoProcuratorate, demoReferenceData, firstInstanceCourt, personName,
  type DemoAgency, type DemoReferenceData, type DemoRegion, type ViolationCategory,
} from './reference-data';
import { demoFilingSupervision, type DemoFilingSupervision } from './filing-supervision-rows';
import { demoSerials } from './serials';
import {
  chainTimeline, SCENARIO_INFO, SCENARIO_KEYS, scenarioReaches,
  type ChainTimeline, type DemoInstitution, type ScenarioKey,
} from './timeline';

const CREDIT_CODE_CHARS_LIST = CREDIT_CODE_CHARS.split('');

/**
 * One case chain of the demo, generated from `(seed, i)` and the total count: its timeline
 * (timeline.ts: scenario, units, when each step was taken) and its numbers (serials.ts:
 * per unit and year, as the workflow numbers records), then the rows, shaped like the
 * subgraphs' Kysely tables (camelCase, money in fen as strings, dates as Date, arrays as
 * string[]). Registration order is id order from chain 7 on; chains 1..6, one per scenario,
 * are dated back from DEMO_NOW so that each shows its scenario.
 */

/** The fixed demo chains, for the README: chain id → scenario. */
export const SCENARIOS: Readonly<Record<string, ScenarioKey>> = Object.fromEntries(
  SCENARIO_INFO.map((s, k) => [indexedId('chain', k + 1), s.key]),
);

export interface AdministrativeCaseRow {
  id: string; chainId: string; caseNumber: string; agencyId: string; procedure: string; violationCategory: string;
  facts: string; partyKind: string; partyName: string; partyIdNumber: string;
  involvedAmountFen: string; illegalGainsFen: string; quantity: string | null; quantityUnit: string | null;
  registeredAt: Date; officerIds: string[];
}
export interface PenaltyDecisionRow {
  caseId: string; documentNumber: string; decidedAt: Date; fineFen: string; otherPenalties: string[];
  legalBasis: string; benchmarkId: string | null; published: boolean; publishedAt: Date | null;
}
export interface CaseTransferRow {
  id: string; caseId: string; chainId: string; agencyId: string; approvedBy: string | null; approvedAt: Date | null;
  transferredAt: Date | null; materials: string[]; policeBureauCode: string; policeBureauName: string;
  /** The linkage's progress as the agency's steps and the police's notices record it. */
  proposedAt: Date; proposedBy: string; reason: string;
  filingDecision: FilingDecision | null; filingNoticedAt: Date | null; itemsHandedOverAt: Date | null; seizedItems: string[] | null;
  reconsiderationRequestedAt: Date | null; reconsiderationReason: string | null;
  reconsiderationDecidedAt: Date | null; reconsiderationDecision: FilingDecision | null;
}
export type FilingDecision = 'PENDING' | 'FILED' | 'NOT_FILED';
export interface PoliceCaseRow {
  id: string; chainId: string; transferId: string;
  /** The receipt (受案) number; the filing (立案) number is `filingNumber`, given only on filing. */
  caseNumber: string; agencyId: string;
  bureauCode: string; bureauName: string; receivedAt: Date;
  filingDecision: FilingDecision; filingDecidedAt: Date | null; filingReason: string | null;
  investigationNotes: string[]; transferredForProsecutionAt: Date | null;
  awaitingReceipt: boolean; receiptSignedAt: Date | null; filingNumber: string | null;
  /** The transfer's party, when a person (police 0015-person-names). */
  partyPersonNames: string[];
}
export interface ReconsiderationRow {
  id: string; policeCaseId: string; requestedAt: Date; decidedAt: Date | null; decision: FilingDecision; reason: string | null;
}
export interface SuspectRow { id: string; policeCaseId: string; kind: string; name: string; idNumber: string }
export interface ProsecutionCaseRow {
  id: string; chainId: string; policeCaseId: string;
  /** Given on acceptance (受理); null while the case awaits it. */
  caseNumber: string | null; agencyId: string;
  procuratorateCode: string; procuratorateName: string; receivedAt: Date;
  decision: 'PENDING' | 'INDICTED' | 'NOT_PROSECUTED'; decidedAt: Date | null; charges: string[]; reviewOpinion: string | null;
  suspectNames: string[];
  awaitingAcceptance: boolean; acceptedAt: Date | null;
}
/** The procuratorate's 检察意见 (反向衔接), with the agency's reply as the procuratorate recorded it. */
export interface ReverseTransferRow {
  prosecutionCaseId: string; agencyId: string; sentAt: Date; opinion: string;
  reply: string | null; repliedAt: Date | null; replyPenalty: PenaltyCarried | null;
}
/**
 * The agency's record of the same opinion and its reply. A seeded opinion is a record from
 * before the platform: no signed copy in the agency's inbox; its id is the one the platform
 * gives the opinion document (PROCURATORIAL_OPINION:<prosecution case>).
 */
export interface ProcuratorialOpinionRow {
  documentId: string; caseId: string; prosecutionCaseId: string; procuratorateCode: string; opinion: string;
  receivedAt: Date; repliedAt: Date | null; reply: string | null; suspectNames: string[];
}
export interface CriminalTrialRow {
  id: string; chainId: string; prosecutionCaseId: string;
  /** Given on acceptance (受理); null while the indictment awaits it. */
  caseNumber: string | null; agencyId: string;
  courtCode: string; courtName: string; acceptedAt: Date | null; defendantName: string;
  verdict: 'GUILTY' | 'NOT_GUILTY' | 'EXEMPT_FROM_PUNISHMENT' | null; charges: string[];
  prisonTermMonths: number | null; fineFen: string | null; fineOffsetFen: string | null; detentionOffsetDays: number | null;
  judgedAt: Date | null; appealed: boolean; effectiveAt: Date | null; deliberationNotes: string | null;
  receivedAt: Date; appealedAt: Date | null; appealedBy: 'DEFENDANT' | null; secondInstanceRuling: string | null;
}

export interface DemoChain {
  index: number;
  chainId: string;
  /** The chain's state at DEMO_NOW. */
  scenario: ScenarioKey;
  /** Above the criminal threshold (all transfer paths, and the 以罚代刑 candidates). */
  aboveThreshold: boolean;
  /** Penalty only although above the threshold. */
  suspicious: boolean;
  timeline: ChainTimeline;
  administrativeCase: AdministrativeCaseRow;
  penaltyDecision: PenaltyDecisionRow | null;
  transfer: CaseTransferRow | null;
  policeCase: PoliceCaseRow | null;
  suspects: SuspectRow[];
  reconsiderations: ReconsiderationRow[];
  prosecutionCase: ProsecutionCaseRow | null;
  reverseTransfer: ReverseTransferRow | null;
  procuratorialOpinion: ProcuratorialOpinionRow | null;
  criminalTrial: CriminalTrialRow | null;
  /** 立案监督 of a refused case (filing-supervision.ts), with its rows in each institution; null for most chains. */
  filingSupervision: DemoFilingSupervision | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The scenario of chain i at DEMO_NOW, cheaply (no rows generated): lets a subgraph skip chains that never reach it. */
export function chainScenario(seed: number, index: number, cases: number): { scenario: ScenarioKey } {
  if (index > cases) return { scenario: chainTimeline(seed, index, cases).scenario };
  return { scenario: SCENARIO_KEYS[demoSerials(seed, cases).scenario[index]!]! };
}

/** Whether chain i has any record in an institution's database, without generating it if not. */
export function chainReaches(seed: number, index: number, cases: number, institution: DemoInstitution): boolean {
  return scenarioReaches(chainScenario(seed, index, cases).scenario, institution)
    || (institution === 'procuratorate' && index <= cases && demoSerials(seed, cases).filingSupervision.has(index));
}

const pad7 = (i: number) => String(i).padStart(7, '0');
const yuan = (fen: number) => {
  const whole = Math.floor(fen / 100);
  const cents = fen % 100;
  return cents === 0 ? String(whole) : cents % 10 === 0 ? `${whole}.${cents / 10}` : `${whole}.${String(cents).padStart(2, '0')}`;
};
const dateText = (d: Date) => {
  const b = new Date(d.getTime() + 8 * HOUR);
  return `${b.getUTCFullYear()}年${b.getUTCMonth() + 1}月${b.getUTCDate()}日`;
};

const COUNTY_CODES = DEMO_REGIONS.filter((r) => r.code !== '421200').map((r) => r.code);
const OUTSIDE_CODES = ['420106', '420111', '421002', '430602', '430626', '360424', '420984'];
const BRANDS = ['鑫源', '华盛', '恒发', '宏达', '金诚', '润丰', '楚天', '鄂南', '富华', '兴旺', '永泰', '汇通', '天成', '丰源', '隆盛', '瑞祥', '佳和', '博远', '新康', '明德', '九宫', '陆水', '香城', '桂乡'];
const TRANSFER_MATERIALS = [
  '涉嫌犯罪案件移送书', '涉嫌犯罪案件情况的调查报告', '涉案物品清单', '有关检验报告或者鉴定结论', '其他有关涉嫌犯罪的材料',
];

interface Party { kind: 'PERSON' | 'ORGANIZATION'; name: string; idNumber: string; /** the person who answers for it */ person: { name: string; idNumber: string } }

function makePerson(rng: Rng, region: DemoRegion): { name: string; idNumber: string } {
  const prefix = rng.chance(0.85) ? (region.code === '421200' ? rng.pick(COUNTY_CODES) : region.code) : rng.pick(OUTSIDE_CODES);
  const birth = new Date(Date.UTC(rng.int(1955, 2003), rng.int(0, 11), rng.int(1, 28)));
  return { name: personName(rng), idNumber: residentId(prefix, birth, rng.int(1, 999)) };
}

function makeParty(rng: Rng, region: DemoRegion, info: CategoryInfo): Party {
  const person = makePerson(rng, region);
  if (rng.chance(info.personShare)) return { kind: 'PERSON', ...person, person };
  const industry = rng.pick(info.industries);
  const prefix = rng.chance(0.8) ? region.name : '湖北';
  const name = industry.endsWith('合作社') ? `${region.name}${rng.pick(BRANDS)}${industry}` : `${prefix}${rng.pick(BRANDS)}${industry}${rng.chance(0.7) ? '有限公司' : '有限责任公司'}`;
  const regionCode = region.code === '421200' ? rng.pick(COUNTY_CODES) : region.code;
  const category = industry.endsWith('合作社') ? '3' : '1';
  // New registrations carry an organisation body like MA4xxxxx (GB 32100 characters only).
  let body = 'MA4';
  for (let k = 0; k < 5; k++) body += rng.pick(CREDIT_CODE_CHARS_LIST);
  const code = creditCode('9', category, regionCode, body);
  return { kind: 'ORGANIZATION', name, idNumber: code, person };
}

function facts(rng: Rng, c: ViolationCategory, ctx: { when: Date; place: string; water: string; party: string; qty: string; unit: string; amount: string; gains: string }): string {
  const { place, water, party, qty, unit, amount, gains } = ctx;
  const when = dateText(ctx.when);
  switch (c) {
    case 'HAZARDOUS_WASTE':
      return rng.pick([
        `${when}，执法人员在${place}检查时发现，${party}未将生产过程中产生的废矿物油、含重金属污泥等危险废物交由有资质单位处置，擅自倾倒于厂区外荒地，经核实共计${qty}${unit}，节省处置费用${amount}元。`,
        `${when}，根据群众举报，执法人员在${place}查获${party}将废酸液等危险废物${qty}${unit}委托无危险废物经营许可证的个人非法处置，涉案金额${amount}元，违法所得${gains}元。`,
      ]);
    case 'POLLUTANT_DISCHARGE':
      return rng.pick([
        `${when}，执法人员对位于${place}的${party}开展现场检查，发现其通过暗管将未经处理的生产废水排入${water}，监测显示化学需氧量、氨氮超标，累计排放约${qty}${unit}，造成损失${amount}元。`,
        `${when}，在线监测数据异常，执法人员在${place}查实${party}污水处理设施停运，超标排放废水约${qty}${unit}，涉案金额${amount}元。`,
      ]);
    case 'ILLEGAL_FISHING':
      return rng.pick([
        `${when}，渔政执法人员在${water}禁捕水域巡查时，查获${party}使用电鱼器具非法捕捞，现场查扣渔获物${qty}${unit}，价值${amount}元。`,
        `${when}，执法人员在${water}（${place}段）查获${party}在禁渔期使用地笼网、三层刺网捕捞，渔获物${qty}${unit}，价值${amount}元，已出售获利${gains}元。`,
      ]);
    case 'ILLEGAL_LOGGING':
      return rng.pick([
        `${when}，经群众举报，执法人员在${place}山林查实${party}未取得林木采伐许可证，擅自采伐杉木、松木，经鉴定立木蓄积${qty}${unit}，价值${amount}元。`,
        `${when}，执法人员巡查发现${place}村集体林地内林木被采伐，经查系${party}所为，立木蓄积${qty}${unit}，林木价值${amount}元，违法所得${gains}元。`,
      ]);
    case 'ILLEGAL_FOREST_LAND_OCCUPATION':
      return rng.pick([
        `${when}，卫片执法检查发现${place}一处林地被改变用途，经查${party}未经审核同意擅自在林地上修建厂房、硬化道路，占用林地${qty}${unit}，造成损失${amount}元。`,
        `${when}，执法人员在${place}查实${party}擅自在林地上采石取土，毁坏林地${qty}${unit}，原有植被被严重破坏，涉案金额${amount}元。`,
      ]);
    case 'ILLEGAL_MINING':
      return rng.pick([
        `${when}，执法人员在${place}${water}河道查获${party}未取得采矿许可证，使用挖掘机非法开采河砂${qty}${unit}，矿产品价值${amount}元，违法所得${gains}元。`,
        `${when}，根据卫片图斑核查，执法人员查实${party}在${place}超越批准的矿区范围开采建筑用石料${qty}${unit}，价值${amount}元。`,
      ]);
    case 'COUNTERFEIT_GOODS':
      return rng.pick([
        `${when}，执法人员在${place}${party}经营场所查获标注他人注册商标的运动鞋、服装${qty}${unit}，经商标权利人鉴定均为侵权商品，销售金额${amount}元，违法所得${gains}元。`,
        `${when}，根据权利人投诉，执法人员在${place}查获${party}销售假冒知名品牌白酒${qty}${unit}，货值金额${amount}元。`,
      ]);
    case 'SUBSTANDARD_PRODUCTS':
      return rng.pick([
        `${when}，产品质量监督抽查发现${party}销售的电线电缆导体电阻不合格，执法人员在${place}查获同批次产品${qty}${unit}，销售金额${amount}元。`,
        `${when}，执法人员在${place}检查时发现${party}销售不符合国家标准的电动自行车充电器${qty}${unit}，货值金额${amount}元，违法所得${gains}元。`,
      ]);
    case 'FOOD_SAFETY':
      return rng.pick([
        `${when}，食品安全监督抽检发现${party}销售的腊肉制品亚硝酸盐超标，执法人员在${place}查扣同批次产品${qty}${unit}，销售金额${amount}元。`,
        `${when}，执法人员在${place}查获${party}使用非食品原料加工豆制品${qty}${unit}，货值金额${amount}元，违法所得${gains}元。`,
      ]);
    case 'ILLEGAL_MEDICAL_PRACTICE':
      return rng.pick([
        `${when}，卫生监督员在${place}查实${party}未取得医疗机构执业许可证擅自开展诊疗活动，累计接诊${qty}${unit}，违法所得${gains}元，涉案金额${amount}元。`,
        `${when}，根据群众举报，执法人员在${place}查获${party}未取得医师资格擅自从事静脉输液、医疗美容注射等诊疗活动${qty}${unit}，收取费用${amount}元。`,
      ]);
  }
}

function roundTo(value: number, step: number): number {
  return Math.max(step, Math.round(value / step) * step);
}


/**
 * Generates chain `index` (1-based) of `cases`. Pure: the same arguments give the same chain.
 * The reference data (agencies, officers, benchmarks) comes from `demoReferenceData(seed)`.
 */
export function generateChain(seed: number, index: number, cases: number, ref: DemoReferenceData = demoReferenceData(seed)): DemoChain {
  if (index < 1 || index > cases) throw new Error(`demo chain ${index} is not one of 1..${cases}`);
  const t = chainTimeline(seed, index, cases);
  const serials = demoSerials(seed, cases);
  const number = serials.serial;
  const rng = new Rng(seed, index, 0x7e47);
  const { region, kind, category, aboveThreshold, small } = t;
  const chainId = t.chainId;
  const caseId = indexedId('administrativeCase', index);
  const agency: DemoAgency = ref.agencyById.get(agencyId(region.code, kind))!;
  const info = CATEGORIES[category];
  const party = makeParty(rng, region, info);
  const registeredAt = t.registeredAt;

  const { quantity, amountFen } = t;
  const quantityText = quantity.toFixed(info.decimals);
  const gainsFen = Math.round(amountFen * rng.real(0.1, 0.6));
  const officers = rng.sample(ref.officersByAgency.get(agency.id)!, 2);
  const docPrefix = `${region.short}${kind.docShort}`;
  const place = rng.pick(region.places);
  const water = rng.pick(region.waters);

  const administrativeCase: AdministrativeCaseRow = {
    id: caseId,
    chainId,
    caseNumber: `${docPrefix}立〔${beijingYear(registeredAt)}〕${number.caseNumber[index]}号`,
    agencyId: agency.id,
    procedure: small ? 'SIMPLIFIED' : 'GENERAL',
    violationCategory: category,
    facts: facts(rng, category, {
      when: new Date(registeredAt.getTime() - rng.int(0, 5) * DAY), place, water, party: party.name,
      qty: quantityText, unit: info.unit, amount: yuan(amountFen), gains: yuan(gainsFen),
    }),
    partyKind: party.kind,
    partyName: party.name,
    partyIdNumber: party.idNumber,
    involvedAmountFen: String(amountFen),
    illegalGainsFen: String(gainsFen),
    quantity: quantityText,
    quantityUnit: info.unit,
    registeredAt,
    officerIds: officers.map((o) => o.id),
  };

  const chain: DemoChain = {
    index, chainId, scenario: t.scenario, aboveThreshold, suspicious: t.suspicious, timeline: t, administrativeCase,
    penaltyDecision: null, transfer: null, policeCase: null, suspects: [], reconsiderations: [],
    prosecutionCase: null, reverseTransfer: null, procuratorialOpinion: null, criminalTrial: null, filingSupervision: null,
  };

  // The case's one penalty decision: decided in the course of the case, or with the reply to a procuratorial opinion.
  const decide = (decidedAt: Date): PenaltyDecisionRow => {
    const fine = decideFine(rng, ref, agency, category, party.kind, small, aboveThreshold, amountFen);
    return {
      caseId,
      documentNumber: `${docPrefix}罚决〔${beijingYear(decidedAt)}〕${number.decision[index]}号`,
      decidedAt,
      fineFen: String(fine.fineFen),
      otherPenalties: rng.sample(info.otherPenalties, rng.int(1, info.otherPenalties.length)),
      legalBasis: info.decisionBasis,
      benchmarkId: fine.benchmarkId,
      published: t.publishedAt !== null,
      publishedAt: t.publishedAt,
    };
  };
  if (t.decidedAt) chain.penaltyDecision = decide(t.decidedAt);
  if (!t.proposedAt) return chain;

  // 国务院令第310号 Arts. 5–6: proposed with the materials, approved by the head, sent to the police.
  const bureau = demoPoliceBureau(region.code);
  const transferId = indexedId('transfer', index);
  const filingDecision: FilingDecision | null = t.filingDecidedAt ? (t.filed ? 'FILED' : 'NOT_FILED') : null;
  const reconsiderationReason = '本案涉案数量、金额已达到立案追诉标准，移送材料能够证明涉嫌犯罪事实，请求复议。';
  chain.transfer = {
    id: transferId,
    caseId,
    chainId,
    agencyId: agency.id,
    approvedBy: t.approvedAt ? `${personName(rng)}（局长）` : null,
    approvedAt: t.approvedAt,
    transferredAt: t.transferredAt,
    materials: TRANSFER_MATERIALS.slice(),
    policeBureauCode: bureau.code,
    policeBureauName: bureau.name,
    proposedAt: t.proposedAt,
    proposedBy: officers[0]!.id,
    reason: `涉案${info.unit === '人次' ? '诊疗' : ''}${quantityText}${info.unit}、金额${yuan(amountFen)}元，已达到刑事追诉标准（${info.thresholdBasis}），涉嫌犯罪，依法应当移送公安机关。`,
    filingDecision,
    filingNoticedAt: t.filingDecidedAt,
    itemsHandedOverAt: t.itemsHandedOverAt,
    seizedItems: t.itemsHandedOverAt ? ['涉案物品清单所列物品', '现场检查笔录', '询问笔录'] : null,
    reconsiderationRequestedAt: t.reconsiderationRequestedAt,
    reconsiderationReason: t.reconsiderationRequestedAt ? reconsiderationReason : null,
    reconsiderationDecidedAt: t.reconsiderationDecidedAt,
    reconsiderationDecision: t.reconsiderationDecidedAt ? 'NOT_FILED' : null,
  };
  if (!t.receivedAt) return chain;

  const policeCaseId = indexedId('policeCase', index);
  const dept = category === 'COUNTERFEIT_GOODS' || category === 'SUBSTANDARD_PRODUCTS' ? '经' : '食药环';
  const charges = category === 'ILLEGAL_LOGGING' || category === 'COUNTERFEIT_GOODS' || category === 'FOOD_SAFETY'
    ? [rng.pick(info.charges)] : info.charges.slice(0, 1);
  const charge = charges[0]!;
  const policeCase: PoliceCaseRow = {
    id: policeCaseId,
    chainId,
    transferId,
    caseNumber: `${region.short}公（${dept}）受字〔${beijingYear(t.receivedAt)}〕${number.policeReceipt[index]}号`,
    agencyId: agency.id,
    bureauCode: bureau.code,
    bureauName: bureau.name,
    receivedAt: t.receivedAt,
    filingDecision: filingDecision ?? 'PENDING',
    filingDecidedAt: t.filingDecidedAt,
    filingReason: null,
    investigationNotes: [],
    transferredForProsecutionAt: t.toProsecutionAt,
    awaitingReceipt: t.receiptSignedAt === null,
    receiptSignedAt: t.receiptSignedAt,
    filingNumber: t.filed && t.filingDecidedAt ? `${region.short}公（${dept}）立字〔${beijingYear(t.filingDecidedAt)}〕${number.policeFiling[index]}号` : null,
    partyPersonNames: party.kind === 'PERSON' ? [party.name] : [],
  };
  chain.policeCase = policeCase;
  const suspectOne = party.person;
  chain.suspects.push({ id: `SU-${pad7(index)}-1`, policeCaseId, kind: 'PERSON', name: suspectOne.name, idNumber: suspectOne.idNumber });
  if (rng.chance(0.3)) {
    const other = makePerson(rng, region);
    chain.suspects.push({ id: `SU-${pad7(index)}-2`, policeCaseId, kind: 'PERSON', name: other.name, idNumber: other.idNumber });
  }
  if (!t.filingDecidedAt) return chain;

  if (!t.filed) {
    policeCase.filingReason = `${rng.pick([
      '经审查，现有证据不足以证明有犯罪事实',
      '经审查，涉案数量经重新鉴定未达到立案追诉标准',
      '经审查，犯罪事实显著轻微，不需要追究刑事责任',
      '经审查，移送材料中的检验报告不能认定涉案物品性质，不能证明有犯罪事实',
    ])}，依据《中华人民共和国刑事诉讼法》第一百一十二条之规定，决定不予立案。`;
    if (t.reconsiderationRequestedAt) {
      const decided = t.reconsiderationDecidedAt !== null;
      chain.reconsiderations.push({
        id: `RC-${pad7(index)}-1`,
        policeCaseId,
        requestedAt: t.reconsiderationRequestedAt,
        decidedAt: t.reconsiderationDecidedAt,
        decision: decided ? 'NOT_FILED' : 'PENDING',
        reason: decided ? `经复议，${rng.pick(['维持原不予立案决定：现有证据仍不足以证明有犯罪事实', '维持原不予立案决定：涉案数额未达到立案追诉标准', '维持原不予立案决定：情节显著轻微，不认为是犯罪'])}。` : null,
      });
    }
    // 立案监督 (its own draws: filing-supervision.ts), in every institution that holds a part.
    const plan = serials.filingSupervision.get(index);
    if (plan) {
      chain.filingSupervision = demoFilingSupervision(
        { index, chainId, administrativeCase, transfer: chain.transfer, policeCase, suspects: chain.suspects, agencyName: agency.name, region },
        plan, serials.filingSupervisionSerial.get(index)!,
      );
    }
    return chain;
  }

  policeCase.filingReason = `经审查，${party.kind === 'PERSON' ? party.name : `${party.name}及其法定代表人${suspectOne.name}`}涉嫌${charge}，有犯罪事实，需要追究刑事责任，依据《中华人民共和国刑事诉讼法》第一百一十二条之规定，决定立案侦查。`;
  const notes = [
    `已对犯罪嫌疑人${suspectOne.name}依法${rng.pick(['刑事拘留', '取保候审', '监视居住'])}`,
    rng.pick(['已调取涉案现场监控录像及交易记录', '已对涉案现场进行勘验并提取物证', '已冻结涉案银行账户并调取资金流水']),
    rng.pick(['已委托司法鉴定机构对涉案物品进行检验鉴定', `犯罪嫌疑人${suspectOne.name}到案后如实供述犯罪事实，自愿认罪认罚`, '已询问证人并制作询问笔录']),
  ];
  policeCase.investigationNotes = notes.slice(0, rng.int(2, 3));
  if (!t.prosecutionReceivedAt) return chain;

  const pp = demoProcuratorate(region.code);
  const prosecutionCaseId = indexedId('prosecutionCase', index);
  const prosecution: ProsecutionCaseRow = {
    id: prosecutionCaseId,
    chainId,
    policeCaseId,
    caseNumber: t.prosecutionAcceptedAt ? `${pp.short}刑诉〔${beijingYear(t.prosecutionAcceptedAt)}〕${number.prosecution[index]}号` : null,
    agencyId: agency.id,
    procuratorateCode: pp.code,
    procuratorateName: pp.name,
    receivedAt: t.prosecutionReceivedAt,
    decision: 'PENDING',
    decidedAt: null,
    charges,
    reviewOpinion: null,
    suspectNames: chain.suspects.map((s) => s.name),
    awaitingAcceptance: t.prosecutionAcceptedAt === null,
    acceptedAt: t.prosecutionAcceptedAt,
  };
  chain.prosecutionCase = prosecution;
  if (!t.prosecutionDecidedAt) return chain;
  prosecution.decidedAt = t.prosecutionDecidedAt;
  const article = info.criminalArticles[charge] ?? '';
  if (t.path === 'NOT_PROSECUTED') {
    prosecution.decision = 'NOT_PROSECUTED';
    prosecution.reviewOpinion = `经依法审查，被不起诉人${suspectOne.name}实施了《中华人民共和国刑法》${article}规定的行为，但犯罪情节轻微，${rng.pick(['系初犯，认罪认罚', '已积极修复生态环境', '已退缴全部违法所得'])}，依照《中华人民共和国刑法》第三十七条、《中华人民共和国刑事诉讼法》第一百七十七条第二款的规定，决定不起诉。`;
    if (!t.opinionSentAt) return chain;
    const decided = chain.penaltyDecision;
    const ordered = decided ? rng.pick(info.otherPenalties) : '';
    const opinion = decided
      ? `本院对${suspectOne.name}${charge}一案决定不起诉。鉴于你单位已作出${decided.documentNumber}行政处罚决定，建议依法督促履行并责令其${ordered}，依照《中华人民共和国刑事诉讼法》第一百七十七条第三款提出检察意见，请将处理结果及时书面回复本院。`
      : `本院对${suspectOne.name}${charge}一案决定不起诉，其行为应当给予行政处罚。依照《中华人民共和国刑事诉讼法》第一百七十七条第三款、《中华人民共和国行政处罚法》第二十七条的规定，提出检察意见，移送你单位依法处理，并请将处理结果及时书面回复本院。`;
    const reverse: ReverseTransferRow = {
      prosecutionCaseId, agencyId: agency.id, sentAt: t.opinionSentAt, opinion, reply: null, repliedAt: null, replyPenalty: null,
    };
    chain.reverseTransfer = reverse;
    if (!t.opinionReceivedAt) return chain;
    const received: ProcuratorialOpinionRow = {
      documentId: `PROCURATORIAL_OPINION:${prosecutionCaseId}`, caseId, prosecutionCaseId, procuratorateCode: pp.code, opinion,
      receivedAt: t.opinionReceivedAt, repliedAt: null, reply: null, suspectNames: prosecution.suspectNames,
    };
    chain.procuratorialOpinion = received;
    if (!t.opinionRepliedAt) return chain;
    // The reply (刑事诉讼法 Art. 177 para. 3): the penalty decided now where the case had none (行政处罚法 Art. 27),
    // by the same rules as any decision; the procuratorate records what the reply says.
    let reply: string;
    if (t.penaltyAtReply) {
      const d = (chain.penaltyDecision = decide(t.opinionRepliedAt));
      reply = `经审查，本机关采纳检察意见，依照《中华人民共和国行政处罚法》第二十七条的规定，对${party.name}作出${d.documentNumber}行政处罚决定：罚款${yuan(Number(d.fineFen))}元，${d.otherPenalties.join('，')}。`;
    } else if (decided) {
      reply = `经督促，${party.name}已全额缴纳${decided.documentNumber}行政处罚决定书所处罚款${yuan(Number(decided.fineFen))}元，“${ordered}”已执行到位，本机关将持续跟踪监管。`;
    } else {
      reply = `经审查，本机关已责令${party.name}立即改正违法行为，并依法没收违法所得${yuan(gainsFen)}元；因无可适用的罚款裁量幅度，未予罚款。`;
    }
    received.reply = reverse.reply = reply;
    received.repliedAt = reverse.repliedAt = t.opinionRepliedAt;
    const d = chain.penaltyDecision;
    reverse.replyPenalty = d && { documentNumber: d.documentNumber, decidedAt: d.decidedAt.toISOString(), fineFen: d.fineFen, otherPenalties: d.otherPenalties };
    return chain;
  }

  prosecution.decision = 'INDICTED';
  prosecution.reviewOpinion = `经依法审查查明，被告人${suspectOne.name}${party.kind === 'ORGANIZATION' ? `系${party.name}法定代表人，` : ''}其行为触犯《中华人民共和国刑法》${article}，犯罪事实清楚，证据确实、充分，应当以${charge}追究其刑事责任，依照《中华人民共和国刑事诉讼法》第一百七十六条的规定，提起公诉。`;
  if (!t.trialReceivedAt) return chain;

  // 刑事诉讼法 Art. 20: first instance in the basic court of the procuratorate's region.
  const court = firstInstanceCourt(region.code);
  const trial: CriminalTrialRow = {
    id: indexedId('criminalTrial', index),
    chainId,
    prosecutionCaseId,
    caseNumber: t.trialAcceptedAt ? `（${beijingYear(t.trialAcceptedAt)}）鄂${courtNumberCode(court.code)}刑初${number.trial[index]}号` : null,
    agencyId: agency.id,
    courtCode: court.code,
    courtName: court.name,
    acceptedAt: t.trialAcceptedAt,
    defendantName: suspectOne.name,
    verdict: null,
    charges,
    prisonTermMonths: null,
    fineFen: null,
    fineOffsetFen: null,
    detentionOffsetDays: null,
    judgedAt: null,
    appealed: false,
    effectiveAt: null,
    deliberationNotes: null,
    receivedAt: t.trialReceivedAt,
    appealedAt: t.appealedAt,
    appealedBy: t.appealedAt ? 'DEFENDANT' : null,
    secondInstanceRuling: t.appealedAt && t.effectiveAt ? '驳回上诉，维持原判。' : null,
  };
  chain.criminalTrial = trial;
  if (!t.judgedAt) return chain;
  trial.judgedAt = t.judgedAt;
  trial.appealed = t.appealedAt !== null;
  trial.effectiveAt = t.effectiveAt;
  const adminFine = chain.penaltyDecision ? Number(chain.penaltyDecision.fineFen) : 0;
  const v = index === 5 ? 0.5 : rng.next();
  if (v < 0.95) {
    // The term inside the charge's range (刑法, the kit's SENTENCE_RANGES), mostly the lowest tier;
    // a fine with it where the article provides one (Art. 340 reads "……或者罚金": a term or a fine).
    const range = SENTENCE_RANGES.get(charge)!;
    trial.verdict = 'GUILTY';
    trial.prisonTermMonths = rng.int(Math.max(range.minMonths, 6), Math.min(range.maxMonths, 36));
    trial.detentionOffsetDays = 0;
    let sentence = `判处有期徒刑${trial.prisonTermMonths}个月`;
    let offset = '';
    if (range.fineWithTerm) {
      const criminalFine = roundTo(adminFine + rng.real(10_000, 300_000) * 100, 100_000);
      trial.fineFen = String(criminalFine);
      // 行政处罚法 Art. 35: the fine already paid is offset against the criminal fine, never beyond it.
      trial.fineOffsetFen = String(Math.min(adminFine, criminalFine));
      sentence += `，并处罚金${yuan(criminalFine)}元`;
      if (adminFine > 0) offset = `其因同一违法行为已被${agency.name}罚款${yuan(adminFine)}元，依照《中华人民共和国行政处罚法》第三十五条第二款的规定，折抵相应罚金。`;
    }
    trial.deliberationNotes = `合议庭评议认为，被告人${suspectOne.name}的行为已构成${charge}（${range.article}）。其到案后如实供述，自愿认罪认罚，依法可以从轻处罚。${offset}${sentence}。`;
  } else if (v < 0.99) {
    trial.verdict = 'EXEMPT_FROM_PUNISHMENT';
    trial.deliberationNotes = `合议庭评议认为，被告人${suspectOne.name}的行为已构成${charge}，但犯罪情节轻微，已积极退赃并修复受损生态，依照《中华人民共和国刑法》第三十七条的规定，免予刑事处罚。`;
  } else {
    trial.verdict = 'NOT_GUILTY';
    trial.deliberationNotes = '合议庭评议认为，公诉机关指控的犯罪事实不清、证据不足，依照《中华人民共和国刑事诉讼法》第二百条第（三）项的规定，宣告被告人无罪。';
  }
  return chain;
}

/**
 * The fine of a decision: 简易程序 within 行政处罚法 Art. 51 (≤ 200 yuan for a person, 3,000
 * for an organisation); otherwise inside the discretion benchmark applied (Art. 34) and the
 * statutory range for the involved amount (categories.ts), the benchmark of the case's
 * circumstance where it can be met.
 */
function decideFine(
  rng: Rng, ref: DemoReferenceData, agency: DemoAgency, category: ViolationCategory, partyKind: string, small: boolean, aboveThreshold: boolean,
  amountFen: number,
): { fineFen: number; benchmarkId: string | null } {
  if (small) return { fineFen: partyKind === 'PERSON' ? rng.int(1, 4) * 5000 : rng.int(2, 30) * 10000, benchmarkId: null };
  const own = ref.benchmarksByAgency.get(agency.id)!;
  const lawful = lawfulFines(own, category, amountFen);
  // The timeline redraws a penalty-only case's amounts until some benchmark meets the statute; should
  // none ever, the fine still keeps to a benchmark of the agency (the generator test counts such cases: none).
  const options = lawful.length ? lawful : own.map((b) => ({ benchmark: b, min: b.min, max: b.max }));
  const circumstance = aboveThreshold ? '严重' : rng.pick(['较轻', '一般']);
  const chosen = options.find((o) => o.benchmark.circumstance === circumstance) ?? rng.pick(options);
  const drawn = rng.real(chosen.min, chosen.max);
  const rounded = Math.round(drawn / 10000) * 10000;
  return { fineFen: rounded >= chosen.min && rounded <= chosen.max ? rounded : Math.round(drawn), benchmarkId: chosen.benchmark.id };
}
