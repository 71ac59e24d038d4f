import { dueDate } from '../time/deadlines';
import { FILING_NOTIFICATION_PERIOD } from '../handoff/kinds';
import { officeTime, soon } from './office-hours';
import { Rng } from './prng';
import { chainTimeline, DEMO_NOW, type ChainTimeline } from './timeline';

/**
 * 立案监督 on the seeded refusals (检察规则 Arts. 557–564): the times of each step of a demo
 * chain's filing supervision case, drawn from a stream of its own (`(seed, i, FS_STREAM)`),
 * so the chain's other draws are the same with or without it. About half of the chains the
 * police refused have one: opened by the procuratorate itself some days after the refusal,
 * or (after a reconsideration upheld it) on the agency's 提请立案监督书 sent within the 3
 * days of 国务院令第310号 Art. 9. Every step is taken in office hours on a working day, each
 * only if it (and its receipt by the other side) came by DEMO_NOW; a minority late. A demo
 * whose natural draw misses a state gets it on its first refusals able to show it (dated
 * again from further streams, as the fixed chains are), so every state can be opened.
 */

export const FILING_SUPERVISION_STATES = [
  'OPENED', 'EXPLANATION_REQUESTED', 'EXPLAINED', 'REASONS_SOUND', 'FILING_NOTIFIED', 'CORRECTION_NOTIFIED', 'FILED',
] as const;
export type DemoFilingSupervisionState = (typeof FILING_SUPERVISION_STATES)[number];

/** The stream constant of the supervision draws. */
const FS_STREAM = 0xf5117;
/** Share of refused chains the procuratorate supervises. */
export const FILING_SUPERVISION_SHARE = 0.5;
const LATE_SHARE = 0.06;
const NOW = DEMO_NOW.getTime();

export interface FilingSupervisionPlan {
  index: number;
  state: DemoFilingSupervisionState;
  /** On the agency's 提请立案监督书 (sent at `requestedAt`), or the procuratorate's own. */
  byAgency: boolean;
  requestedAt: Date | null;
  openedAt: Date;
  /** 要求说明不立案理由通知书: sent, and received by the bureau (its 7 days run from receipt). */
  explanationRequestedAt: Date | null;
  explanationReceivedAt: Date | null;
  /** 不立案理由说明书: written, and received by the procuratorate (its review is owed from then). */
  explainedAt: Date | null;
  explanationArrivedAt: Date | null;
  reviewedAt: Date | null;
  sound: boolean | null;
  /** 通知立案书 (sent at reviewedAt) as the bureau received it: 15 days to file from then. */
  notificationReceivedAt: Date | null;
  /** The filing on the notice, and when the agency had its 立案告知书. */
  filedAt: Date | null;
  filingNoticedAt: Date | null;
  itemsHandedOverAt: Date | null;
  /** 纠正违法通知书: sent, and received by the bureau. */
  correctionNoticedAt: Date | null;
  correctionReceivedAt: Date | null;
}

type Fate = { supervised: boolean; byAgency: boolean; sound: boolean; filesOnNotice: boolean };

/** A time if it came by DEMO_NOW. */
const by = (d: Date | null): Date | null => (d && d.getTime() <= NOW ? d : null);

/**
 * The plan of chain `t` drawn from `stream` (0: the natural draw); `target` forces the branch
 * decisions (sound or not, filed on notice or not) that state needs; the dates stay drawn.
 */
function drawPlan(seed: number, t: ChainTimeline, stream: number, target: DemoFilingSupervisionState | null): FilingSupervisionPlan | null {
  const refusedAt = t.filingDecidedAt;
  if (!refusedAt || t.filed) return null;
  const rng = new Rng(seed, t.index, FS_STREAM, stream);
  const fate: Fate = {
    supervised: rng.chance(FILING_SUPERVISION_SHARE),
    byAgency: t.reconsiderationDecidedAt !== null && rng.chance(0.5),
    sound: rng.chance(0.35),
    filesOnNotice: rng.chance(0.75),
  };
  if (target) {
    fate.supervised = true;
    if (target === 'REASONS_SOUND') fate.sound = true;
    if (target === 'FILING_NOTIFIED' || target === 'CORRECTION_NOTIFIED' || target === 'FILED') fate.sound = false;
    if (target === 'FILED') fate.filesOnNotice = true;
    if (target === 'CORRECTION_NOTIFIED') fate.filesOnNotice = false;
  }
  if (!fate.supervised) return null;
  const late = () => rng.chance(LATE_SHARE);

  let requestedAt: Date | null = null;
  let openedAt: Date | null;
  if (fate.byAgency) {
    // 国务院令第310号 Art. 9: within 3 days of the reconsideration decision; the procuratorate opens the case on receipt.
    const decided = t.reconsiderationDecidedAt!;
    const limit = dueDate(decided, { count: 3, unit: 'days', article: '国务院令第310号第九条' }).dueAt;
    let asked = officeTime(rng, decided, rng.int(0, 2));
    if (asked.getTime() > limit.getTime()) asked = soon(rng, decided, 30, 240);
    requestedAt = by(asked);
    openedAt = requestedAt && by(soon(rng, requestedAt, 1, 30));
    if (!openedAt) requestedAt = null;
  } else {
    // 检察规则 Art. 557 para. 2: the procuratorate finds the refusal itself (a report, a complaint, its own review).
    // No period binds it: a state the natural draw missed may be found on a refusal some months old.
    openedAt = by(officeTime(rng, t.reconsiderationDecidedAt ?? refusedAt, rng.int(5, target ? 240 : 60)));
  }
  if (!openedAt) return null;

  const plan: FilingSupervisionPlan = {
    index: t.index, state: 'OPENED', byAgency: fate.byAgency, requestedAt, openedAt,
    explanationRequestedAt: null, explanationReceivedAt: null, explainedAt: null, explanationArrivedAt: null, reviewedAt: null, sound: null,
    notificationReceivedAt: null, filedAt: null, filingNoticedAt: null, itemsHandedOverAt: null, correctionNoticedAt: null, correctionReceivedAt: null,
  };
  // Art. 559: the procuratorate asks for the reasons after reviewing the case (no period in days is set).
  const asked = officeTime(rng, openedAt, late() ? rng.int(20, 40) : rng.int(1, 10));
  const askedReceived = soon(rng, asked, 1, 30);
  if (!by(askedReceived)) return plan;
  plan.state = 'EXPLANATION_REQUESTED';
  plan.explanationRequestedAt = asked;
  plan.explanationReceivedAt = askedReceived;
  // Art. 560: the bureau explains in writing within 7 days of receipt.
  const explained = officeTime(rng, askedReceived, late() ? rng.int(9, 16) : rng.int(1, 6));
  const arrived = soon(rng, explained, 1, 30);
  if (!by(arrived)) return plan;
  plan.state = 'EXPLAINED';
  plan.explainedAt = explained;
  plan.explanationArrivedAt = arrived;
  // Art. 561: reviewed (told to the agency within 10 days where sound).
  const reviewed = officeTime(rng, arrived, late() ? rng.int(14, 25) : rng.int(2, 8));
  const notified = soon(rng, reviewed, 1, 30);
  if (!by(notified)) return plan;
  plan.reviewedAt = reviewed;
  plan.sound = fate.sound;
  if (fate.sound) {
    plan.state = 'REASONS_SOUND';
    return plan;
  }
  plan.state = 'FILING_NOTIFIED';
  plan.notificationReceivedAt = notified;
  // Art. 563; 公安规定 Art. 182 para. 2: filed within 15 days of receipt, or (Art. 564) a 纠正违法通知书 once they pass.
  if (fate.filesOnNotice) return filedOn(rng, plan, notified, late() ? rng.int(17, 25) : rng.int(2, 13), null);
  const due = dueDate(reviewed, FILING_NOTIFICATION_PERIOD).dueAt;
  const corrected = officeTime(rng, due, late() ? rng.int(12, 30) : rng.int(1, 7));
  const correctedReceived = soon(rng, corrected, 1, 30);
  if (!by(correctedReceived)) return plan;
  plan.state = 'CORRECTION_NOTIFIED';
  plan.correctionNoticedAt = corrected;
  plan.correctionReceivedAt = correctedReceived;
  // Most bureaus file once corrected (the filing owed since the notice, late); a recent correction still waits.
  return filedOn(rng, plan, correctedReceived, late() ? rng.int(30, 60) : rng.int(3, 20), target);
}

/** The filing on the notice `days` after `from`, if the agency had its 立案告知书 by DEMO_NOW (not where the target is the correction). */
function filedOn(rng: Rng, plan: FilingSupervisionPlan, from: Date, days: number, target: DemoFilingSupervisionState | null): FilingSupervisionPlan {
  const filed = officeTime(rng, from, days);
  const noticed = soon(rng, filed, 1, 30);
  const items = officeTime(rng, noticed, rng.int(0, 2));
  if (!by(noticed) || target === 'CORRECTION_NOTIFIED') return plan;
  plan.state = 'FILED';
  plan.filedAt = filed;
  plan.filingNoticedAt = noticed;
  plan.itemsHandedOverAt = by(items);
  return plan;
}

/** A plan whose last step is recent: what it still owes has not been owed for long (as the natural draw's pending states). */
const RECENT = 30 * 86_400_000;
function recent(plan: FilingSupervisionPlan): boolean {
  const last = Math.max(...[plan.openedAt, plan.explanationReceivedAt, plan.explanationArrivedAt, plan.notificationReceivedAt, plan.correctionReceivedAt, plan.filingNoticedAt]
    .map((d) => d?.getTime() ?? 0));
  return NOW - last < RECENT;
}

/** Streams tried for a state the natural draw missed (like the fixed chains' dating back). */
const STREAMS = 400;

/**
 * The filing supervision cases of a demo, by chain index: the natural draw over every refused
 * chain (chains 1..6, which the README and tests fix, have none), then each state the draw
 * missed, on the first refused chains (in index order) that can show it and whose own state
 * is not the only one of its kind.
 */
export function planFilingSupervision(seed: number, cases: number, refused: (index: number) => boolean): Map<number, FilingSupervisionPlan> {
  const plans = new Map<number, FilingSupervisionPlan>();
  const candidates: number[] = [];
  for (let i = 7; i <= cases; i++) {
    if (!refused(i)) continue;
    candidates.push(i);
    const plan = drawPlan(seed, chainTimeline(seed, i, cases), 0, null);
    if (plan) plans.set(i, plan);
  }
  const count = (state: DemoFilingSupervisionState) => [...plans.values()].filter((p) => p.state === state).length;
  const forced = new Set<number>();
  for (const state of FILING_SUPERVISION_STATES) {
    if (count(state) > 0) continue;
    for (const i of candidates) {
      const own = plans.get(i);
      if (forced.has(i) || (own && count(own.state) === 1)) continue;
      const t = chainTimeline(seed, i, cases);
      let found: FilingSupervisionPlan | null = null;
      for (let stream = 1; stream <= STREAMS && !found; stream++) {
        const plan = drawPlan(seed, t, stream, state);
        if (plan?.state === state && recent(plan)) found = plan;
      }
      if (found) {
        plans.set(i, found);
        forced.add(i);
        break;
      }
    }
  }
  return plans;
}
