import { indexedId } from '../graphql/ids';
import { APPEAL_PERIOD } from '../handoff/kinds';
import { dueDate } from '../time/deadlines';
import {
  dayNumber, dayStart, OFFICE_MINUTES, OPENS_AT, isWorkingDayNumber, officeTime, soon, workingDaysBetween,
} from './office-hours';
import { Rng } from './prng';
import { CATEGORIES, exceedsCriminalThreshold, lawfulFines, type CategoryInfo } from './categories';
import {
  AGENCY_KINDS, agencyId, DEMO_REGIONS, demoReferenceData, type AgencyKindInfo, type DemoRegion, type ViolationCategory,
} from './reference-data';

/**
 * When each step of a demo chain was taken: the chain's skeleton, drawn from `(seed, i)`
 * alone and cheap enough to draw for 1,000,000 chains before any row is generated (the
 * per-unit serials need every chain's units and dates; see serials.ts). Chains move through
 * the linkage as the workflow would take them: every step in office hours on a working day,
 * most on time and a small minority late, each only if its time has come by DEMO_NOW; what
 * is still owed at DEMO_NOW is what the chain's scenario says it awaits.
 */

export type ScenarioKey =
  | 'PENALTY_ONLY'
  | 'TRANSFERRED_AWAITING_POLICE'
  | 'NOT_FILED_RECONSIDERATION'
  | 'FILED_AWAITING_PROSECUTION'
  | 'INDICTED_JUDGED'
  | 'NOT_PROSECUTED_REVERSE_TRANSFER';

export interface ScenarioInfo { key: ScenarioKey; share: number; description: string }

/**
 * Scenarios with their share of the draw; chains 1..6 are one of each, in this order. A
 * chain is drawn a scenario; a chain of a pending one (awaiting the police, awaiting
 * prosecution) that is older than its steps' periods has moved on by DEMO_NOW, so the
 * pending scenarios are what recent chains are in: `DemoChain.scenario` is the state at DEMO_NOW.
 */
export const SCENARIO_INFO: readonly ScenarioInfo[] = [
  { key: 'PENALTY_ONLY', share: 0.70, description: '行政处罚结案或办理中，未移送（其中约占全部 5% 的案件涉案数额已达刑事追诉标准：以罚代刑线索）' },
  { key: 'TRANSFERRED_AWAITING_POLICE', share: 0.05, description: '已提出移送或已移送公安机关，等待签收、立案决定' },
  { key: 'NOT_FILED_RECONSIDERATION', share: 0.06, description: '公安机关不予立案，行政执法机关提请复议' },
  { key: 'FILED_AWAITING_PROSECUTION', share: 0.05, description: '公安机关立案侦查，侦查中或审查起诉中' },
  { key: 'INDICTED_JUDGED', share: 0.09, description: '提起公诉，审判中或已判决；有罪判决以行政罚款折抵罚金（行政处罚法第三十五条）' },
  { key: 'NOT_PROSECUTED_REVERSE_TRANSFER', share: 0.05, description: '不起诉，检察意见反向移送行政执法机关（行政处罚法第二十七条）' },
];

export const SCENARIO_KEYS: readonly ScenarioKey[] = SCENARIO_INFO.map((s) => s.key);

/** Share of all chains that are penalty-only although above a criminal threshold (以罚代刑 candidates). */
export const SUSPICIOUS_SHARE = 0.05;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Registrations span at most 2022-01-04 to 2026-10-31 (Beijing time), in office hours on working days. */
export const DEMO_START = new Date('2022-01-04T00:00:00+08:00');
export const DEMO_END = new Date('2026-10-31T00:00:00+08:00');
/** The demo's "today": no step is dated after it (later steps are still owed). */
export const DEMO_NOW = new Date('2026-11-20T00:00:00+08:00');
const NOW = DEMO_NOW.getTime();

/** Share of steps taken late (after their statutory due time). */
export const LATE_SHARE = 0.04;

/** How a transfer ends when its time comes. */
export type ChainPath = 'PENALTY' | 'NOT_FILED' | 'INDICTED' | 'NOT_PROSECUTED';

function scenarioFromDraw(r: number): { scenario: ScenarioKey; suspicious: boolean; position: number } {
  let acc = 0;
  for (const s of SCENARIO_INFO) {
    if (r < acc + s.share) {
      const suspicious = s.key === 'PENALTY_ONLY' && r >= s.share - SUSPICIOUS_SHARE;
      return { scenario: s.key, suspicious, position: (r - acc) / s.share };
    }
    acc += s.share;
  }
  return { scenario: 'PENALTY_ONLY', suspicious: false, position: 0 };
}

/** Where a drawn scenario leads once its time has come: the pending ones move on. */
function pathOf(scenario: ScenarioKey, position: number): ChainPath {
  switch (scenario) {
    case 'PENALTY_ONLY': return 'PENALTY';
    case 'TRANSFERRED_AWAITING_POLICE': return position < 0.5 ? 'NOT_FILED' : 'INDICTED';
    case 'NOT_FILED_RECONSIDERATION': return 'NOT_FILED';
    case 'FILED_AWAITING_PROSECUTION': return position < 2 / 3 ? 'INDICTED' : 'NOT_PROSECUTED';
    case 'INDICTED_JUDGED': return 'INDICTED';
    case 'NOT_PROSECUTED_REVERSE_TRANSFER': return 'NOT_PROSECUTED';
  }
}

export interface ChainTimeline {
  index: number;
  chainId: string;
  /** The state at DEMO_NOW. */
  scenario: ScenarioKey;
  path: ChainPath;
  suspicious: boolean;
  /** Above the criminal threshold (all transfer paths, and the 以罚代刑 candidates). */
  aboveThreshold: boolean;
  region: DemoRegion;
  kind: AgencyKindInfo;
  category: ViolationCategory;
  /** 简易程序 (当场处罚): small cases below the threshold, where the statute sets no minimum fine. */
  small: boolean;
  /** The quantity (in the category's unit) and the involved amount (货值, 价值 …, fen). */
  quantity: number;
  amountFen: number;
  registeredAt: Date;
  /** Each step's time, or null when it was not taken (not by DEMO_NOW, or not on this path). */
  decidedAt: Date | null;
  /** Publication of the decision (行政处罚法 Art. 48); drawn whether or not the agency must. */
  publishedAt: Date | null;
  proposedAt: Date | null;
  approvedAt: Date | null;
  transferredAt: Date | null;
  receivedAt: Date | null;
  receiptSignedAt: Date | null;
  filingDecidedAt: Date | null;
  filed: boolean;
  itemsHandedOverAt: Date | null;
  reconsiderationRequestedAt: Date | null;
  reconsiderationDecidedAt: Date | null;
  toProsecutionAt: Date | null;
  prosecutionReceivedAt: Date | null;
  prosecutionAcceptedAt: Date | null;
  prosecutionDecidedAt: Date | null;
  opinionSentAt: Date | null;
  /** The agency's copy of the opinion, received as the other documents are, and its reply (due in two months). */
  opinionReceivedAt: Date | null;
  opinionRepliedAt: Date | null;
  /** The reply imposed the administrative penalty (行政处罚法 Art. 27), decided then: the case had none yet. */
  penaltyAtReply: boolean;
  trialReceivedAt: Date | null;
  trialAcceptedAt: Date | null;
  judgedAt: Date | null;
  appealedAt: Date | null;
  effectiveAt: Date | null;
}

const REGION_WEIGHTS: readonly (readonly [DemoRegion, number])[] = DEMO_REGIONS.map((r) => [r, r.code === '421200' ? 22 : r.code === '421202' || r.code === '421281' ? 15 : 12] as const);
const KIND_WEIGHTS: readonly (readonly [AgencyKindInfo, number])[] = AGENCY_KINDS.map((k) => [k, k.weight] as const);

/**
 * The working days registrations are spread over (office time only, so registration order is
 * id order): DEMO_START to DEMO_END, or for a small demo the last working days of that span
 * at two cases every three working days, so that a demo of any size has chains at every stage.
 */
const WORKING_DAYS_PER_CASE = 1.5;
let workingDays: Int32Array | undefined;
function registrationTime(position: number, cases: number): Date {
  workingDays ??= workingDaysBetween(dayNumber(DEMO_START.getTime()), dayNumber(DEMO_END.getTime()) - 1);
  const span = Math.min(workingDays.length, Math.max(Math.ceil(cases * WORKING_DAYS_PER_CASE), 20));
  const first = workingDays.length - span;
  const seconds = Math.floor(position * span * OFFICE_MINUTES * 60);
  const day = workingDays[first + Math.min(span - 1, Math.floor(seconds / (OFFICE_MINUTES * 60)))]!;
  return new Date(dayStart(day) + OPENS_AT + (seconds % (OFFICE_MINUTES * 60)) * 1000);
}

/**
 * The fixed chains 1..6: what each must show at DEMO_NOW (the README and tests rely on them;
 * 3 and 6 are not published, so the public does not see them).
 */
const FIXED: readonly { scenario: ScenarioKey; path: ChainPath; daysBack: number; holds: (t: ChainTimeline) => boolean }[] = [
  { scenario: 'PENALTY_ONLY', path: 'PENALTY', daysBack: 100, holds: (t) => t.decidedAt !== null && t.publishedAt !== null },
  { scenario: 'TRANSFERRED_AWAITING_POLICE', path: 'INDICTED', daysBack: 20, holds: (t) => t.receiptSignedAt !== null && NOW - t.receivedAt!.getTime() < 2 * DAY },
  { scenario: 'NOT_FILED_RECONSIDERATION', path: 'NOT_FILED', daysBack: 60, holds: (t) => t.reconsiderationDecidedAt !== null && t.publishedAt === null },
  { scenario: 'FILED_AWAITING_PROSECUTION', path: 'INDICTED', daysBack: 60, holds: (t) => t.prosecutionAcceptedAt !== null && NOW - t.prosecutionReceivedAt!.getTime() < 20 * DAY },
  { scenario: 'INDICTED_JUDGED', path: 'INDICTED', daysBack: 150, holds: (t) => t.effectiveAt !== null && t.decidedAt !== null },
  { scenario: 'NOT_PROSECUTED_REVERSE_TRANSFER', path: 'NOT_PROSECUTED', daysBack: 120, holds: (t) => t.opinionReceivedAt !== null && t.opinionRepliedAt === null && t.publishedAt === null },
];

const fixedCache = new Map<string, ChainTimeline>();

/** Chain `index` of `cases`: its scenario, units and the time of every step taken by DEMO_NOW. */
export function chainTimeline(seed: number, index: number, cases: number): ChainTimeline {
  const fixed = index >= 1 && index <= FIXED.length ? FIXED[index - 1]! : undefined;
  if (!fixed) return draw(seed, index, cases);
  const key = `${seed}:${index}`;
  const cached = fixedCache.get(key);
  if (cached) return cached;
  // A fixed chain is dated back from DEMO_NOW, one working day at a time, until it shows its scenario.
  const today = dayNumber(NOW);
  // A draw whose delays cannot give it (a late receipt for chain 2) is drawn again from the next stream.
  for (let stream = 0; stream < 50; stream++) {
    for (let back = fixed.daysBack; back < fixed.daysBack + 200; back++) {
      const day = today - back;
      if (!isWorkingDayNumber(day)) continue;
      const registeredAt = new Date(dayStart(day) + OPENS_AT + ((index * 97) % 240) * 60_000);
      const t = draw(seed, index, cases, { registeredAt, path: fixed.path, stream });
      if (t.scenario === fixed.scenario && fixed.holds(t)) {
        fixedCache.set(key, t);
        return t;
      }
    }
  }
  throw new Error(`no date gives demo chain ${index} its scenario ${fixed.scenario}`);
}

function draw(seed: number, index: number, cases: number, fixed?: { registeredAt: Date; path: ChainPath; stream: number }): ChainTimeline {
  const rng = fixed?.stream ? new Rng(seed, index, fixed.stream) : new Rng(seed, index);
  const drawn = scenarioFromDraw(rng.next());
  const suspicious = !fixed && drawn.suspicious;
  const path = fixed?.path ?? pathOf(drawn.scenario, drawn.position);
  const aboveThreshold = path !== 'PENALTY' || suspicious;
  const region = rng.weighted(REGION_WEIGHTS);
  const kind = rng.weighted(KIND_WEIGHTS);
  const category = rng.weighted(kind.categories);
  const info = CATEGORIES[category];
  let small = !aboveThreshold && rng.chance(0.15);
  let { quantity, amountFen } = drawAmounts(rng, info, aboveThreshold, small);
  if (small && (info.statutoryFine?.range(amountFen)[0] ?? 0) > 0) small = false;
  // A decision's fine lies inside a benchmark of the agency and the statutory range (行政处罚法 Art. 34;
  // categories.ts): a penalty-only case has amounts some benchmark can fine lawfully, and a
  // 以罚代刑 candidate that no benchmark can fine lawfully above the threshold is an ordinary one.
  const benchmarks = demoReferenceData(seed).benchmarksByAgency.get(agencyId(region.code, kind))!;

  let aboveNow = aboveThreshold;
  let suspiciousNow = suspicious;
  if (path === 'PENALTY') {
    for (let k = 0; k < 40 && !small && lawfulFines(benchmarks, category, amountFen).length === 0; k++) {
      if (k === 20 && suspiciousNow) suspiciousNow = aboveNow = false;
      ({ quantity, amountFen } = drawAmounts(rng, info, aboveNow, false));
    }
  }
  const registeredAt = fixed?.registeredAt ?? registrationTime((index - 1 + rng.real(0, 0.9)) / Math.max(cases, index), cases);

  const t: ChainTimeline = {
    index, chainId: indexedId('chain', index), scenario: 'PENALTY_ONLY', path, suspicious: suspiciousNow, aboveThreshold: aboveNow, region, kind,
    category, small, quantity, amountFen, registeredAt, decidedAt: null, publishedAt: null, proposedAt: null, approvedAt: null, transferredAt: null, receivedAt: null,
    receiptSignedAt: null, filingDecidedAt: null, filed: false, itemsHandedOverAt: null, reconsiderationRequestedAt: null,
    reconsiderationDecidedAt: null, toProsecutionAt: null, prosecutionReceivedAt: null, prosecutionAcceptedAt: null,
    prosecutionDecidedAt: null, opinionSentAt: null, opinionReceivedAt: null, opinionRepliedAt: null, penaltyAtReply: false, trialReceivedAt: null, trialAcceptedAt: null, judgedAt: null, appealedAt: null,
    effectiveAt: null,
  };

  // 行政处罚法 Art. 60: decided within 90 days of registration (a transferred case mostly is, before the transfer).
  // Above the threshold, no fine where no benchmark can meet the statute (食品安全法 Art. 124 fines only what is not a crime).
  const hasDecision = path === 'PENALTY' || ((index === 5 || rng.chance(0.8)) && (small || lawfulFines(benchmarks, category, amountFen).length > 0));
  if (hasDecision) {
    const decided = small ? soon(rng, registeredAt, 20, 180) : officeTime(rng, registeredAt, late(rng) ? rng.int(95, 120) : rng.int(7, path === 'PENALTY' ? 75 : 40));
    t.decidedAt = by(decided);
    if (!t.decidedAt) return finish(t);
    // Published within 20 working days (SAMR rules Art. 9); market regulation always publishes, others mostly.
    if (kind.kind === 'MARKET_REGULATION' || rng.chance(0.8)) {
      t.publishedAt = by(officeTime(rng, decided, late(rng) ? rng.int(40, 50) : rng.int(1, 14)));
    }
  }
  if (path === 'PENALTY') return finish(t);

  // 国务院令第310号 Art. 5: the report (提出移送), the head's decision within 3 days, sent within 24 hours.
  t.proposedAt = by(officeTime(rng, t.decidedAt ?? registeredAt, rng.int(3, 30)));
  if (!t.proposedAt) return finish(t);
  t.approvedAt = by(officeTime(rng, t.proposedAt, late(rng) ? rng.int(5, 9) : rng.int(0, 2)));
  if (!t.approvedAt) return finish(t);
  t.transferredAt = by(late(rng) ? officeTime(rng, t.approvedAt, rng.int(2, 4)) : soon(rng, t.approvedAt, 10, 60));
  if (!t.transferredAt) return finish(t);
  // Art. 7: received through the inbox and signed for at once; Art. 8: filing decided within 3 days.
  t.receivedAt = by(soon(rng, t.transferredAt, 1, 30));
  if (!t.receivedAt) return finish(t);
  t.receiptSignedAt = by(late(rng) ? officeTime(rng, t.receivedAt, rng.int(2, 4)) : soon(rng, t.receivedAt, 10, 60));
  if (!t.receiptSignedAt) return finish(t);
  t.filingDecidedAt = by(after(rng, officeTime(rng, t.receivedAt, late(rng) ? rng.int(5, 9) : rng.int(0, 2)), t.receiptSignedAt));
  if (!t.filingDecidedAt) return finish(t);
  t.filed = path !== 'NOT_FILED';

  if (!t.filed) {
    // Art. 9: reconsideration asked within 3 days of the refusal notice and decided within 3 days.
    t.reconsiderationRequestedAt = by(officeTime(rng, t.filingDecidedAt, rng.int(0, 2)));
    if (!t.reconsiderationRequestedAt) return finish(t);
    t.reconsiderationDecidedAt = by(officeTime(rng, t.reconsiderationRequestedAt, late(rng) ? rng.int(5, 9) : rng.int(0, 2)));
    return finish(t);
  }
  // Art. 12: seized items handed over within 3 days of the filing notice; the investigation takes its time.
  t.itemsHandedOverAt = by(officeTime(rng, t.filingDecidedAt, late(rng) ? rng.int(5, 9) : rng.int(0, 2)));
  t.toProsecutionAt = by(officeTime(rng, t.filingDecidedAt, rng.int(30, 150)));
  if (!t.toProsecutionAt) return finish(t);
  // 检察规则 Arts. 157–158: accepted on receipt; 刑事诉讼法 Art. 172: decided within one month.
  t.prosecutionReceivedAt = by(soon(rng, t.toProsecutionAt, 1, 30));
  if (!t.prosecutionReceivedAt) return finish(t);
  t.prosecutionAcceptedAt = by(late(rng) ? officeTime(rng, t.prosecutionReceivedAt, rng.int(1, 3)) : soon(rng, t.prosecutionReceivedAt, 5, 30));
  if (!t.prosecutionAcceptedAt) return finish(t);
  t.prosecutionDecidedAt = by(after(rng, officeTime(rng, t.prosecutionReceivedAt, late(rng) ? rng.int(33, 44) : rng.int(12, 27)), t.prosecutionAcceptedAt));
  if (!t.prosecutionDecidedAt) return finish(t);

  if (path === 'NOT_PROSECUTED') {
    t.opinionSentAt = by(officeTime(rng, t.prosecutionDecidedAt, rng.int(1, 10)));
    if (!t.opinionSentAt) return finish(t);
    // Received as the other documents are; replied within two months (OPINION_REPLY_PERIOD; a late one
    // well past it, whatever holidays extend it by). A case with no penalty yet gets it with the reply
    // (行政处罚法 Art. 27) where the agency can fine lawfully (as hasDecision above), published as decisions are.
    t.opinionReceivedAt = by(soon(rng, t.opinionSentAt, 1, 30));
    if (!t.opinionReceivedAt) return finish(t);
    t.opinionRepliedAt = by(officeTime(rng, t.opinionReceivedAt, late(rng) ? rng.int(72, 90) : rng.int(10, 55)));
    if (!t.opinionRepliedAt || t.decidedAt || !(small || lawfulFines(benchmarks, category, amountFen).length > 0)) return finish(t);
    t.penaltyAtReply = true;
    if (kind.kind === 'MARKET_REGULATION' || rng.chance(0.8)) {
      t.publishedAt = by(officeTime(rng, t.opinionRepliedAt, late(rng) ? rng.int(40, 50) : rng.int(1, 14)));
    }
    return finish(t);
  }
  // 最高法解释 Art. 219: acceptance reviewed within 7 days; 刑事诉讼法 Art. 208: judged within 2 months.
  t.trialReceivedAt = by(soon(rng, t.prosecutionDecidedAt, 1, 30));
  if (!t.trialReceivedAt) return finish(t);
  t.trialAcceptedAt = by(officeTime(rng, t.trialReceivedAt, late(rng) ? rng.int(9, 14) : rng.int(1, 5)));
  if (!t.trialAcceptedAt) return finish(t);
  t.judgedAt = by(officeTime(rng, t.trialAcceptedAt, late(rng) ? rng.int(64, 80) : rng.int(20, 55)));
  if (!t.judgedAt) return finish(t);
  // Arts. 230, 259: effective when the appeal period ends unappealed; after the second instance (Art. 243: 2 months) if appealed.
  const appealEnds = dueDate(t.judgedAt, APPEAL_PERIOD).dueAt;
  if (index !== 5 && rng.chance(0.1)) {
    const appealed = officeTime(rng, t.judgedAt, rng.int(1, 6));
    t.appealedAt = by(appealed.getTime() <= appealEnds.getTime() ? appealed : soon(rng, t.judgedAt, 10, 60));
    if (!t.appealedAt) return finish(t);
    t.effectiveAt = by(officeTime(rng, t.appealedAt, late(rng) ? rng.int(64, 80) : rng.int(30, 55)));
  } else {
    t.effectiveAt = by(new Date(appealEnds.getTime() + 1));
  }
  return finish(t);
}

/** Whether this step is taken late (after its due time). */
function late(rng: Rng): boolean {
  return rng.chance(LATE_SHARE);
}

/** The step's time if it has come by DEMO_NOW. */
function by(d: Date): Date | null {
  return d.getTime() <= NOW ? d : null;
}

/** A time after `floor`: `d`, or soon after `floor` if `d` is not. */
function after(rng: Rng, d: Date, floor: Date): Date {
  return d.getTime() > floor.getTime() ? d : soon(rng, floor, 10, 120);
}

/** The scenario a timeline shows at DEMO_NOW. */
function finish(t: ChainTimeline): ChainTimeline {
  t.scenario = !t.proposedAt ? 'PENALTY_ONLY'
    : !t.filingDecidedAt ? 'TRANSFERRED_AWAITING_POLICE'
      : !t.filed ? 'NOT_FILED_RECONSIDERATION'
        : !t.prosecutionDecidedAt ? 'FILED_AWAITING_PROSECUTION'
          : t.path === 'INDICTED' ? 'INDICTED_JUDGED' : 'NOT_PROSECUTED_REVERSE_TRANSFER';
  return t;
}

/** Whether a chain in this scenario can have records in an institution's database. */
export type DemoInstitution = 'enforcement' | 'police' | 'procuratorate' | 'court';

export function scenarioReaches(scenario: ScenarioKey, institution: DemoInstitution): boolean {
  switch (institution) {
    case 'enforcement': return true;
    case 'police': return scenario !== 'PENALTY_ONLY';
    case 'procuratorate': return scenario === 'FILED_AWAITING_PROSECUTION' || scenario === 'INDICTED_JUDGED' || scenario === 'NOT_PROSECUTED_REVERSE_TRANSFER';
    case 'court': return scenario === 'INDICTED_JUDGED';
  }
}

/** A case's quantity and involved amount (fen): below the criminal threshold, or above it. */
function drawAmounts(rng: Rng, info: CategoryInfo, above: boolean, small: boolean): { quantity: number; amountFen: number } {
  let quantity = above ? rng.real(info.above[0], info.above[1]) : rng.real(info.below[0], small ? (info.below[0] + info.below[1]) / 4 : info.below[1]);
  let amountFen = Math.round(quantity * rng.real(info.unitPrice[0], info.unitPrice[1]) * 100);
  if (above && !exceedsCriminalThreshold(info.category, quantity, amountFen)) {
    if (info.amountThresholdYuan !== null) amountFen = Math.round(info.amountThresholdYuan * rng.real(1.05, 4) * 100);
    else quantity = info.quantityThreshold! * rng.real(1.05, 5);
  }
  if (!above && info.amountThresholdYuan !== null && amountFen >= info.amountThresholdYuan * 100) {
    amountFen = Math.round(info.amountThresholdYuan * rng.real(0.2, 0.9) * 100);
  }
  return { quantity, amountFen };
}
