import { indexedId } from '../graphql/ids';
import { CATEGORIES, exceedsCriminalThreshold, type CategoryInfo } from './categories';
import { CREDIT_CODE_CHARS, creditCode, residentId } from './identity-codes';
import { Rng } from './prng';
import {
  AGENCY_KINDS, DEMO_REGIONS, demoCourt, demoReferenceData, personName, demoPoliceBureau, demoProcuratorate,
  type AgencyKindInfo, type DemoAgency, type DemoReferenceData, type DemoRegion, type ViolationCategory,
} from './reference-data';

const CREDIT_CODE_CHARS_LIST = CREDIT_CODE_CHARS.split('');

/**
 * One case chain of the demo, generated from `(seed, i)` alone (plus the total count, which
 * spreads registration dates from 2022-01 to 2026-10 so that ordering by id is ordering by
 * registration). Rows are shaped like the subgraphs' Kysely tables (camelCase, money in fen
 * as strings, dates as Date, arrays as string[]).
 */

export type ScenarioKey =
  | 'PENALTY_ONLY'
  | 'TRANSFERRED_AWAITING_POLICE'
  | 'NOT_FILED_RECONSIDERATION'
  | 'FILED_AWAITING_PROSECUTION'
  | 'INDICTED_JUDGED'
  | 'NOT_PROSECUTED_REVERSE_TRANSFER';

export interface ScenarioInfo { key: ScenarioKey; share: number; description: string }

/** Scenarios with their share of chains; chains 1..6 are one of each, in this order. */
export const SCENARIO_INFO: readonly ScenarioInfo[] = [
  { key: 'PENALTY_ONLY', share: 0.70, description: '行政处罚结案，未移送（其中约占全部 5% 的案件涉案数额已达刑事追诉标准：以罚代刑线索）' },
  { key: 'TRANSFERRED_AWAITING_POLICE', share: 0.05, description: '已移送公安机关，等待受理/立案审查' },
  { key: 'NOT_FILED_RECONSIDERATION', share: 0.06, description: '公安机关不予立案，行政执法机关提请复议' },
  { key: 'FILED_AWAITING_PROSECUTION', share: 0.05, description: '公安机关立案侦查，移送审查起诉或侦查中' },
  { key: 'INDICTED_JUDGED', share: 0.09, description: '提起公诉并判决有罪，行政罚款折抵罚金（行政处罚法第三十五条）' },
  { key: 'NOT_PROSECUTED_REVERSE_TRANSFER', share: 0.05, description: '不起诉，检察意见反向移送行政执法机关（行政处罚法第二十七条）' },
];

/** The fixed demo chains, for the README: chain id → scenario. */
export const SCENARIOS: Readonly<Record<string, ScenarioKey>> = Object.fromEntries(
  SCENARIO_INFO.map((s, k) => [indexedId('chain', k + 1), s.key]),
);

/** Share of all chains that are penalty-only although above a criminal threshold (以罚代刑 candidates). */
export const SUSPICIOUS_SHARE = 0.05;

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
}
export type FilingDecision = 'PENDING' | 'FILED' | 'NOT_FILED';
export interface PoliceCaseRow {
  id: string; chainId: string; transferId: string; caseNumber: string; agencyId: string;
  bureauCode: string; bureauName: string; receivedAt: Date;
  filingDecision: FilingDecision; filingDecidedAt: Date | null; filingReason: string | null;
  investigationNotes: string[]; transferredForProsecutionAt: Date | null;
}
export interface ReconsiderationRow {
  id: string; policeCaseId: string; requestedAt: Date; decidedAt: Date | null; decision: FilingDecision; reason: string | null;
}
export interface SuspectRow { id: string; policeCaseId: string; kind: string; name: string; idNumber: string }
export interface ProsecutionCaseRow {
  id: string; chainId: string; policeCaseId: string; caseNumber: string; agencyId: string;
  procuratorateCode: string; procuratorateName: string; receivedAt: Date;
  decision: 'PENDING' | 'INDICTED' | 'NOT_PROSECUTED'; decidedAt: Date | null; charges: string[]; reviewOpinion: string | null;
  suspectNames: string[];
}
export interface ReverseTransferRow { prosecutionCaseId: string; agencyId: string; sentAt: Date; opinion: string }
export interface CriminalTrialRow {
  id: string; chainId: string; prosecutionCaseId: string; caseNumber: string; agencyId: string;
  courtCode: string; courtName: string; acceptedAt: Date; defendantName: string;
  verdict: 'GUILTY' | 'NOT_GUILTY' | 'EXEMPT_FROM_PUNISHMENT' | null; charges: string[];
  prisonTermMonths: number | null; fineFen: string | null; fineOffsetFen: string | null; detentionOffsetDays: number | null;
  judgedAt: Date | null; appealed: boolean; effectiveAt: Date | null; deliberationNotes: string | null;
}

export interface DemoChain {
  index: number;
  chainId: string;
  scenario: ScenarioKey;
  /** Above the criminal threshold (all transferred chains, and the 以罚代刑 candidates). */
  aboveThreshold: boolean;
  /** Penalty only although above the threshold. */
  suspicious: boolean;
  administrativeCase: AdministrativeCaseRow;
  penaltyDecision: PenaltyDecisionRow | null;
  transfer: CaseTransferRow | null;
  policeCase: PoliceCaseRow | null;
  suspects: SuspectRow[];
  reconsiderations: ReconsiderationRow[];
  prosecutionCase: ProsecutionCaseRow | null;
  reverseTransfer: ReverseTransferRow | null;
  criminalTrial: CriminalTrialRow | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Registrations span 2022-01-04 to 2026-10-31 (Beijing time). */
export const DEMO_START = new Date('2022-01-04T00:00:00+08:00');
export const DEMO_END = new Date('2026-10-31T00:00:00+08:00');
/** The demo's "today": no step is dated after it (later steps are left pending). */
export const DEMO_NOW = new Date('2026-11-20T00:00:00+08:00');

/** The scenario of chain i, cheaply (no rows generated): lets a subgraph skip chains that never reach it. */
export function chainScenario(seed: number, index: number): { scenario: ScenarioKey; suspicious: boolean } {
  if (index >= 1 && index <= SCENARIO_INFO.length) return { scenario: SCENARIO_INFO[index - 1]!.key, suspicious: false };
  return scenarioFromDraw(new Rng(seed, index).next());
}

function scenarioFromDraw(r: number): { scenario: ScenarioKey; suspicious: boolean } {
  let acc = 0;
  for (const s of SCENARIO_INFO) {
    acc += s.share;
    if (r < acc) {
      const suspicious = s.key === 'PENALTY_ONLY' && r >= s.share - SUSPICIOUS_SHARE;
      return { scenario: s.key, suspicious };
    }
  }
  return { scenario: 'PENALTY_ONLY', suspicious: false };
}

export type DemoInstitution = 'enforcement' | 'police' | 'procuratorate' | 'court';

/** Whether a chain of this scenario can have records in an institution's database. */
export function scenarioReaches(scenario: ScenarioKey, institution: DemoInstitution): boolean {
  switch (institution) {
    case 'enforcement': return true;
    case 'police': return scenario !== 'PENALTY_ONLY';
    case 'procuratorate': return scenario === 'FILED_AWAITING_PROSECUTION' || scenario === 'INDICTED_JUDGED' || scenario === 'NOT_PROSECUTED_REVERSE_TRANSFER';
    case 'court': return scenario === 'INDICTED_JUDGED';
  }
}

/** Beijing-time calendar year of an instant. */
export function beijingYear(date: Date): number {
  return new Date(date.getTime() + 8 * HOUR).getUTCFullYear();
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

/** Working-hours time (Beijing 08:30–17:30) on the day `days` after `from`. */
function workTime(rng: Rng, from: Date, days: number): Date {
  const b = new Date(from.getTime() + days * DAY + 8 * HOUR);
  const midnightBeijing = Date.UTC(b.getUTCFullYear(), b.getUTCMonth(), b.getUTCDate()) - 8 * HOUR;
  let t = midnightBeijing + 8.5 * HOUR + rng.int(0, 9 * 60) * 60_000;
  if (t <= from.getTime()) t = from.getTime() + rng.int(10, 120) * 60_000;
  return new Date(t);
}

const REGION_WEIGHTS: readonly (readonly [DemoRegion, number])[] = DEMO_REGIONS.map((r) => [r, r.code === '421200' ? 22 : r.code === '421202' || r.code === '421281' ? 15 : 12] as const);
const KIND_WEIGHTS: readonly (readonly [AgencyKindInfo, number])[] = AGENCY_KINDS.map((k) => [k, k.weight] as const);
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
  const rng = new Rng(seed, index);
  const drawn = scenarioFromDraw(rng.next());
  const forced = index >= 1 && index <= SCENARIO_INFO.length;
  const { scenario, suspicious } = forced ? { scenario: SCENARIO_INFO[index - 1]!.key, suspicious: false } : drawn;
  const transferred = scenario !== 'PENALTY_ONLY';
  const aboveThreshold = transferred || suspicious;

  const chainId = indexedId('chain', index);
  const caseId = indexedId('administrativeCase', index);
  const region = rng.weighted(REGION_WEIGHTS);
  const kind = rng.weighted(KIND_WEIGHTS);
  const agency: DemoAgency = ref.agencyById.get(`AG-${region.code}-${kind.code}`)!;
  const category = rng.weighted(kind.categories);
  const info = CATEGORIES[category];
  const party = makeParty(rng, region, info);

  // Registration: monotone in the index over the demo period.
  const span = DEMO_END.getTime() - DEMO_START.getTime();
  const step = span / Math.max(cases, index);
  const registeredAt = new Date(Math.floor((DEMO_START.getTime() + (index - 1 + rng.real(0, 0.9)) * step) / 1000) * 1000);

  // Quantities and amounts: below the criminal threshold, or above it.
  const small = !aboveThreshold && rng.chance(0.15);
  let quantity = aboveThreshold ? rng.real(info.above[0], info.above[1]) : rng.real(info.below[0], small ? (info.below[0] + info.below[1]) / 4 : info.below[1]);
  let amountFen = Math.round(quantity * rng.real(info.unitPrice[0], info.unitPrice[1]) * 100);
  if (aboveThreshold && !exceedsCriminalThreshold(category, quantity, amountFen)) {
    if (info.amountThresholdYuan !== null) amountFen = Math.round(info.amountThresholdYuan * rng.real(1.05, 4) * 100);
    else quantity = info.quantityThreshold! * rng.real(1.05, 5);
  }
  if (!aboveThreshold && info.amountThresholdYuan !== null && amountFen >= info.amountThresholdYuan * 100) {
    amountFen = Math.round(info.amountThresholdYuan * rng.real(0.2, 0.9) * 100);
  }
  const quantityText = quantity.toFixed(info.decimals);
  const gainsFen = Math.round(amountFen * rng.real(0.1, 0.6));
  const officers = rng.sample(ref.officersByAgency.get(agency.id)!, 2);
  const procedure = small ? 'SIMPLIFIED' : 'GENERAL';
  const year = beijingYear(registeredAt);
  const docPrefix = `${region.short}${kind.docShort}`;
  const place = rng.pick(region.places);
  const water = rng.pick(region.waters);

  const administrativeCase: AdministrativeCaseRow = {
    id: caseId,
    chainId,
    caseNumber: `${docPrefix}立〔${year}〕${pad7(index)}号`,
    agencyId: agency.id,
    procedure,
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
    index, chainId, scenario, aboveThreshold, suspicious, administrativeCase,
    penaltyDecision: null, transfer: null, policeCase: null, suspects: [], reconsiderations: [],
    prosecutionCase: null, reverseTransfer: null, criminalTrial: null,
  };
  const now = DEMO_NOW.getTime();
  const late = () => rng.chance(0.04);

  // Transfer report (国务院令第310号 Art. 5) comes after the investigation; a decision may precede it.
  const reportAt = new Date(registeredAt.getTime() + rng.int(5, 40) * DAY);
  const hasDecision = !transferred || index === 5 || rng.chance(0.8);
  if (hasDecision) {
    const decidedAt = small
      ? new Date(registeredAt.getTime() + rng.int(20, 180) * 60_000)
      : workTime(rng, registeredAt, transferred ? rng.int(1, Math.max(1, Math.floor((reportAt.getTime() - registeredAt.getTime()) / DAY) - 1)) : rng.int(7, 75));
    if (decidedAt.getTime() <= now) {
      let fineFen: number;
      let benchmarkId: string | null = null;
      if (small) {
        fineFen = party.kind === 'PERSON' ? rng.int(1, 4) * 5000 : rng.int(2, 30) * 10000; // ≤ 200 / 3000 yuan (Art. 51)
      } else {
        const own = ref.benchmarksByAgency.get(agency.id)!;
        const circumstance = aboveThreshold ? '严重' : rng.pick(['较轻', '一般']);
        const matching = own.filter((b) => b.violationCategory === category);
        const b = matching.find((x) => x.circumstance === circumstance) ?? (matching.length ? rng.pick(matching) : rng.pick(own));
        benchmarkId = b.id;
        fineFen = roundTo(rng.real(b.min, b.max), 10000);
      }
      const published = rng.chance(0.8);
      const publishedAt = published ? workTime(rng, decidedAt, rng.int(1, 7)) : null; // Art. 48: within 7 working days
      chain.penaltyDecision = {
        caseId,
        documentNumber: `${docPrefix}罚决〔${beijingYear(decidedAt)}〕${pad7(index)}号`,
        decidedAt,
        fineFen: String(fineFen),
        otherPenalties: rng.sample(info.otherPenalties, rng.int(1, info.otherPenalties.length)),
        legalBasis: info.decisionBasis,
        benchmarkId,
        published: published && publishedAt !== null && publishedAt.getTime() <= now,
        publishedAt: publishedAt !== null && publishedAt.getTime() <= now ? publishedAt : null,
      };
    }
  }
  if (!transferred) return chain;

  // 国务院令第310号 Art. 5: the head decides within 3 days of the report; transfer within 24 hours.
  const approvedAt = workTime(rng, reportAt, late() ? rng.int(4, 12) : rng.int(0, 3));
  const transferredAt = new Date(approvedAt.getTime() + (late() ? rng.int(30, 120) : rng.int(1, 23)) * HOUR);
  if (approvedAt.getTime() > now) return chain;
  const bureau = demoPoliceBureau(region.code);
  const transferId = indexedId('transfer', index);
  const sent = transferredAt.getTime() <= now;
  chain.transfer = {
    id: transferId,
    caseId,
    chainId,
    agencyId: agency.id,
    approvedBy: `${personName(rng)}（局长）`,
    approvedAt,
    transferredAt: sent ? transferredAt : null,
    materials: TRANSFER_MATERIALS.slice(),
    policeBureauCode: bureau.code,
    policeBureauName: bureau.name,
  };
  if (!sent) return chain;
  if (scenario === 'TRANSFERRED_AWAITING_POLICE' && index !== 2 && rng.chance(0.4)) return chain; // not yet received

  const receivedAt = new Date(transferredAt.getTime() + rng.int(10, 360) * 60_000);
  if (receivedAt.getTime() > now) return chain;
  const policeCaseId = indexedId('policeCase', index);
  const dept = category === 'COUNTERFEIT_GOODS' || category === 'SUBSTANDARD_PRODUCTS' ? '经' : '食药环';
  const charges = category === 'ILLEGAL_LOGGING' || category === 'COUNTERFEIT_GOODS' || category === 'FOOD_SAFETY'
    ? [rng.pick(info.charges)] : info.charges.slice(0, 1);
  const charge = charges[0]!;
  const policeCase: PoliceCaseRow = {
    id: policeCaseId,
    chainId,
    transferId,
    caseNumber: `${region.short}公（${dept}）立字〔${beijingYear(receivedAt)}〕${pad7(index)}号`,
    agencyId: agency.id,
    bureauCode: bureau.code,
    bureauName: bureau.name,
    receivedAt,
    filingDecision: 'PENDING',
    filingDecidedAt: null,
    filingReason: null,
    investigationNotes: [],
    transferredForProsecutionAt: null,
  };
  chain.policeCase = policeCase;
  const suspectOne = party.person;
  chain.suspects.push({ id: `SU-${pad7(index)}-1`, policeCaseId, kind: 'PERSON', name: suspectOne.name, idNumber: suspectOne.idNumber });
  if (rng.chance(0.3)) {
    const other = makePerson(rng, region);
    chain.suspects.push({ id: `SU-${pad7(index)}-2`, policeCaseId, kind: 'PERSON', name: other.name, idNumber: other.idNumber });
  }
  if (scenario === 'TRANSFERRED_AWAITING_POLICE') return chain;

  // Art. 8: the police decide whether to file within 3 days of receipt.
  const filingDecidedAt = workTime(rng, receivedAt, late() ? rng.int(4, 15) : rng.int(0, 3));
  if (filingDecidedAt.getTime() > now) return chain;
  policeCase.filingDecidedAt = filingDecidedAt;
  if (scenario === 'NOT_FILED_RECONSIDERATION') {
    policeCase.filingDecision = 'NOT_FILED';
    policeCase.filingReason = `${rng.pick([
      '经审查，现有证据不足以证明有犯罪事实',
      '经审查，涉案数量经重新鉴定未达到立案追诉标准',
      '经审查，犯罪事实显著轻微，不需要追究刑事责任',
      '经审查，移送材料中的检验报告不能认定涉案物品性质，不能证明有犯罪事实',
    ])}，依据《中华人民共和国刑事诉讼法》第一百一十二条之规定，决定不予立案。`;
    // Art. 9: reconsideration requested within 3 days of the notice, decided within 3 days.
    const requestedAt = workTime(rng, filingDecidedAt, late() ? rng.int(4, 10) : rng.int(1, 3));
    if (requestedAt.getTime() > now) return chain;
    const decidedAt = workTime(rng, requestedAt, late() ? rng.int(4, 10) : rng.int(1, 3));
    const pending = decidedAt.getTime() > now || rng.chance(0.12);
    chain.reconsiderations.push({
      id: `RC-${pad7(index)}-1`,
      policeCaseId,
      requestedAt,
      decidedAt: pending ? null : decidedAt,
      decision: pending ? 'PENDING' : 'NOT_FILED',
      reason: pending ? null : `经复议，${rng.pick(['维持原不予立案决定：现有证据仍不足以证明有犯罪事实', '维持原不予立案决定：涉案数额未达到立案追诉标准', '维持原不予立案决定：情节显著轻微，不认为是犯罪'])}。`,
    });
    return chain;
  }

  policeCase.filingDecision = 'FILED';
  policeCase.filingReason = `经审查，${party.kind === 'PERSON' ? party.name : `${party.name}及其法定代表人${suspectOne.name}`}涉嫌${charge}，有犯罪事实，需要追究刑事责任，依据《中华人民共和国刑事诉讼法》第一百一十二条之规定，决定立案侦查。`;
  const notes = [
    `已对犯罪嫌疑人${suspectOne.name}依法${rng.pick(['刑事拘留', '取保候审', '监视居住'])}`,
    rng.pick(['已调取涉案现场监控录像及交易记录', '已对涉案现场进行勘验并提取物证', '已冻结涉案银行账户并调取资金流水']),
    rng.pick(['已委托司法鉴定机构对涉案物品进行检验鉴定', `犯罪嫌疑人${suspectOne.name}到案后如实供述犯罪事实，自愿认罪认罚`, '已询问证人并制作询问笔录']),
  ];
  policeCase.investigationNotes = notes.slice(0, rng.int(2, 3));
  const toProsecutionAt = workTime(rng, filingDecidedAt, rng.int(30, 150));
  if (scenario === 'FILED_AWAITING_PROSECUTION' && index !== 4 && rng.chance(0.5)) return chain; // still investigating
  if (toProsecutionAt.getTime() > now) return chain;
  policeCase.transferredForProsecutionAt = toProsecutionAt;

  const pp = demoProcuratorate(region.code);
  const prosecutionReceivedAt = workTime(rng, toProsecutionAt, rng.int(0, 2));
  if (prosecutionReceivedAt.getTime() > now) return chain;
  const prosecutionCaseId = indexedId('prosecutionCase', index);
  const prosecution: ProsecutionCaseRow = {
    id: prosecutionCaseId,
    chainId,
    policeCaseId,
    caseNumber: `${region.short}检刑诉〔${beijingYear(prosecutionReceivedAt)}〕${pad7(index)}号`,
    agencyId: agency.id,
    procuratorateCode: pp.code,
    procuratorateName: pp.name,
    receivedAt: prosecutionReceivedAt,
    decision: 'PENDING',
    decidedAt: null,
    charges,
    reviewOpinion: null,
    suspectNames: chain.suspects.map((s) => s.name),
  };
  chain.prosecutionCase = prosecution;
  if (scenario === 'FILED_AWAITING_PROSECUTION') return chain;

  // 刑事诉讼法 Art. 172: decide within one month, extendable by fifteen days.
  const prosecutionDecidedAt = workTime(rng, prosecutionReceivedAt, rng.int(20, 44));
  if (prosecutionDecidedAt.getTime() > now) return chain;
  prosecution.decidedAt = prosecutionDecidedAt;
  const article = info.criminalArticles[charge] ?? '';
  if (scenario === 'NOT_PROSECUTED_REVERSE_TRANSFER') {
    prosecution.decision = 'NOT_PROSECUTED';
    prosecution.reviewOpinion = `经依法审查，被不起诉人${suspectOne.name}实施了《中华人民共和国刑法》${article}规定的行为，但犯罪情节轻微，${rng.pick(['系初犯，认罪认罚', '已积极修复生态环境', '已退缴全部违法所得'])}，依照《中华人民共和国刑法》第三十七条、《中华人民共和国刑事诉讼法》第一百七十七条第二款的规定，决定不起诉。`;
    const sentAt = workTime(rng, prosecutionDecidedAt, rng.int(1, 10));
    if (sentAt.getTime() <= now) {
      chain.reverseTransfer = {
        prosecutionCaseId,
        agencyId: agency.id,
        sentAt,
        opinion: chain.penaltyDecision
          ? `本院对${suspectOne.name}${charge}一案决定不起诉。鉴于你单位已作出${chain.penaltyDecision.documentNumber}行政处罚决定，建议依法督促履行并责令其${rng.pick(info.otherPenalties)}，依照《中华人民共和国刑事诉讼法》第一百七十七条第三款提出检察意见，请将处理结果及时书面回复本院。`
          : `本院对${suspectOne.name}${charge}一案决定不起诉，其行为应当给予行政处罚。依照《中华人民共和国刑事诉讼法》第一百七十七条第三款、《中华人民共和国行政处罚法》第二十七条的规定，提出检察意见，移送你单位依法处理，并请将处理结果及时书面回复本院。`,
      };
    }
    return chain;
  }

  prosecution.decision = 'INDICTED';
  prosecution.reviewOpinion = `经依法审查查明，被告人${suspectOne.name}${party.kind === 'ORGANIZATION' ? `系${party.name}法定代表人，` : ''}其行为触犯《中华人民共和国刑法》${article}，犯罪事实清楚，证据确实、充分，应当以${charge}追究其刑事责任，依照《中华人民共和国刑事诉讼法》第一百七十六条的规定，提起公诉。`;

  const co = demoCourt(region.code);
  const acceptedAt = workTime(rng, prosecutionDecidedAt, rng.int(3, 15));
  if (acceptedAt.getTime() > now) return chain;
  const code4 = region.code === '421200' ? '12' : region.code.slice(2);
  const trial: CriminalTrialRow = {
    id: indexedId('criminalTrial', index),
    chainId,
    prosecutionCaseId,
    caseNumber: `(${beijingYear(acceptedAt)})鄂${code4}刑初${index}号`,
    agencyId: agency.id,
    courtCode: co.code,
    courtName: co.name,
    acceptedAt,
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
  };
  chain.criminalTrial = trial;
  const judgedAt = workTime(rng, acceptedAt, rng.int(20, 80));
  if (judgedAt.getTime() > now) return chain;
  trial.judgedAt = judgedAt;
  const adminFine = chain.penaltyDecision ? Number(chain.penaltyDecision.fineFen) : 0;
  const v = index === 5 ? 0.5 : rng.next();
  if (v < 0.95) {
    trial.verdict = 'GUILTY';
    trial.prisonTermMonths = rng.int(6, 48);
    const criminalFine = roundTo(adminFine + rng.real(10_000, 300_000) * 100, 100_000);
    trial.fineFen = String(criminalFine);
    // 行政处罚法 Art. 35: the fine already paid is offset against the criminal fine, never beyond it.
    trial.fineOffsetFen = String(Math.min(adminFine, criminalFine));
    trial.detentionOffsetDays = rng.chance(0.05) ? rng.int(5, 15) : 0;
    trial.deliberationNotes = `合议庭评议认为，被告人${suspectOne.name}的行为已构成${charge}。其到案后如实供述，自愿认罪认罚，依法可以从轻处罚。${adminFine > 0 ? `其因同一违法行为已被${agency.name}罚款${yuan(adminFine)}元，依照《中华人民共和国行政处罚法》第三十五条第二款的规定，折抵相应罚金。` : ''}判处有期徒刑${trial.prisonTermMonths}个月，并处罚金${yuan(criminalFine)}元。`;
  } else if (v < 0.99) {
    trial.verdict = 'EXEMPT_FROM_PUNISHMENT';
    trial.prisonTermMonths = 0;
    trial.fineFen = '0';
    trial.fineOffsetFen = '0';
    trial.detentionOffsetDays = 0;
    trial.deliberationNotes = `合议庭评议认为，被告人${suspectOne.name}的行为已构成${charge}，但犯罪情节轻微，已积极退赃并修复受损生态，依照《中华人民共和国刑法》第三十七条的规定，免予刑事处罚。`;
  } else {
    trial.verdict = 'NOT_GUILTY';
    trial.deliberationNotes = '合议庭评议认为，公诉机关指控的犯罪事实不清、证据不足，依照《中华人民共和国刑事诉讼法》第二百条第（三）项的规定，宣告被告人无罪。';
  }
  trial.appealed = index !== 5 && rng.chance(0.1);
  // 刑事诉讼法 Arts. 230, 259: effective when the 10-day appeal period ends; after second instance if appealed.
  const effectiveAt = new Date(judgedAt.getTime() + (trial.appealed ? rng.int(60, 150) : 11) * DAY);
  trial.effectiveAt = effectiveAt.getTime() <= now ? effectiveAt : null;
  return chain;
}

/** Whether chain i has any record in an institution's database, without generating it if not. */
export function chainReaches(seed: number, index: number, institution: DemoInstitution): boolean {
  return scenarioReaches(chainScenario(seed, index).scenario, institution);
}

