import { beijingYear } from './office-hours';
import { agencyId, DEMO_REGIONS, demoPoliceBureau, demoProcuratorate, firstInstanceCourt } from './reference-data';
import { planFilingSupervision, type FilingSupervisionPlan } from './filing-supervision';
import { chainTimeline, SCENARIO_KEYS, type ChainTimeline, type DemoInstitution } from './timeline';

/**
 * Per-unit, per-year serials of the demo's numbers (laws/README.md: serials restart each
 * year per unit and kind), as the workflow's `nextSerial()` gives them. Counting needs every
 * chain's units and dates, while chains are generated per index and each subgraph seeds
 * independently in batches: one prefix pass draws every chain's timeline (cheap: no rows,
 * no text) and ranks its numbers in chain order (chains 1..6, dated last, are ranked last),
 * keeping a few typed arrays. It is shared by the four seeds of a process and gives each
 * seed the `document_serial` rows of its units, so numbers taken through the workflow after
 * seeding continue from the last one.
 */

export type SerialKind = 'caseNumber' | 'decision' | 'policeReceipt' | 'policeFiling' | 'prosecution' | 'trial' | 'transferDocument' | 'prosecutionTransfer';

interface SerialSpec {
  institution: DemoInstitution;
  /** The kind as `document_serial` and the workflow name it (立, 罚决, 受, 立, 刑诉, 刑初). */
  kind: string;
  unit: (t: ChainTimeline) => string;
  at: (t: ChainTimeline) => Date | null;
}

const BUREAU = new Map(DEMO_REGIONS.map((r) => [r.code, demoPoliceBureau(r.code).code]));
const PROCURATORATE = new Map(DEMO_REGIONS.map((r) => [r.code, demoProcuratorate(r.code).code]));
const COURT = new Map(DEMO_REGIONS.map((r) => [r.code, firstInstanceCourt(r.code).code]));

export const SERIAL_SPECS: Readonly<Record<SerialKind, SerialSpec>> = {
  caseNumber: { institution: 'enforcement', kind: '立', unit: (t) => agencyId(t.region.code, t.kind), at: (t) => t.registeredAt },
  decision: { institution: 'enforcement', kind: '罚决', unit: (t) => agencyId(t.region.code, t.kind), at: (t) => t.decidedAt ?? (t.penaltyAtReply ? t.opinionRepliedAt : null) },
  policeReceipt: { institution: 'police', kind: '受', unit: (t) => BUREAU.get(t.region.code)!, at: (t) => t.receivedAt },
  policeFiling: { institution: 'police', kind: '立', unit: (t) => BUREAU.get(t.region.code)!, at: (t) => (t.filed ? t.filingDecidedAt : null) },
  prosecution: { institution: 'procuratorate', kind: '刑诉', unit: (t) => PROCURATORATE.get(t.region.code)!, at: (t) => t.prosecutionAcceptedAt },
  trial: { institution: 'court', kind: '刑初', unit: (t) => COURT.get(t.region.code)!, at: (t) => t.trialAcceptedAt },
  // The signed hand-offs seeded for the chains that reach the court (demo/handoff-documents.ts):
  // the agency's 移送书 (移) and the bureau's 起诉意见书 (诉字).
  transferDocument: { institution: 'enforcement', kind: '移', unit: (t) => agencyId(t.region.code, t.kind), at: (t) => (t.trialReceivedAt ? t.transferredAt : null) },
  prosecutionTransfer: { institution: 'police', kind: '诉', unit: (t) => BUREAU.get(t.region.code)!, at: (t) => (t.trialReceivedAt ? t.toProsecutionAt : null) },
};
const SERIAL_KINDS = Object.keys(SERIAL_SPECS) as SerialKind[];

/** A `document_serial` row: the last serial a unit gave to numbers of a kind in a year. */
export interface DocumentSerialRow { unit: string; kind: string; year: number; last: number }

export interface DemoSerials {
  seed: number;
  cases: number;
  /** By chain index: the scenario at DEMO_NOW, as an index into SCENARIO_KEYS. */
  scenario: Uint8Array;
  /** By chain index: the serial of each of its numbers (0: the chain has no such number). */
  serial: Readonly<Record<SerialKind, Uint32Array>>;
  /** By chain index: the refused chains' filing supervision cases (filing-supervision.ts). */
  filingSupervision: ReadonlyMap<number, FilingSupervisionPlan>;
  /** By chain index: the serials of the supervision's numbers (kind as the workflow names it → serial). */
  filingSupervisionSerial: ReadonlyMap<number, Readonly<Partial<Record<FilingSupervisionSerialKind, number>>>>;
  /** Per institution, the last serial of each of its units' kinds and years. */
  last: Readonly<Record<DemoInstitution, DocumentSerialRow[]>>;
}

/**
 * The numbers a seeded filing supervision case records, as the workflow gives them: the
 * procuratorate's 立监要 / 通立 / 纠违 and the bureau's 立 (filing on the notice); like the other
 * seeded numbers, only those the rows carry (no document of the demo's own holds the others).
 * Ranked after every other number of the demo, so those are the same with or without them.
 */
export type FilingSupervisionSerialKind = '立监要' | '通立' | '纠违' | '立';

const cache: DemoSerials[] = [];

/** The serials of a demo (memoised for the last two demos asked for). */
export function demoSerials(seed: number, cases: number): DemoSerials {
  const found = cache.find((s) => s.seed === seed && s.cases === cases);
  if (found) return found;
  const scenario = new Uint8Array(cases + 1);
  const serial = Object.fromEntries(SERIAL_KINDS.map((k) => [k, new Uint32Array(cases + 1)])) as Record<SerialKind, Uint32Array>;
  const counters = new Map<string, { institution: DemoInstitution; row: DocumentSerialRow }>();
  const scenarioIndex = new Map(SCENARIO_KEYS.map((k, n) => [k, n]));
  const rank = (i: number) => {
    const t = chainTimeline(seed, i, cases);
    scenario[i] = scenarioIndex.get(t.scenario)!;
    for (const kind of SERIAL_KINDS) {
      const spec = SERIAL_SPECS[kind];
      const at = spec.at(t);
      if (!at) continue;
      const unit = spec.unit(t);
      const year = beijingYear(at);
      const key = `${unit}|${spec.kind}|${year}`;
      let counter = counters.get(key);
      if (!counter) counters.set(key, (counter = { institution: spec.institution, row: { unit, kind: spec.kind, year, last: 0 } }));
      serial[kind][i] = ++counter.row.last;
    }
  };
  for (let i = 7; i <= cases; i++) rank(i);
  for (let i = 1; i <= Math.min(6, cases); i++) rank(i);
  const refused = scenarioIndex.get('NOT_FILED_RECONSIDERATION')!;
  const filingSupervision = planFilingSupervision(seed, cases, (i) => scenario[i] === refused);
  const filingSupervisionSerial = new Map<number, Partial<Record<FilingSupervisionSerialKind, number>>>();
  const count = (institution: DemoInstitution, unit: string, kind: string, at: Date) => {
    const year = beijingYear(at);
    const key = `${unit}|${kind}|${year}`;
    let counter = counters.get(key);
    if (!counter) counters.set(key, (counter = { institution, row: { unit, kind, year, last: 0 } }));
    return ++counter.row.last;
  };
  for (const [i, p] of [...filingSupervision].sort((a, b) => a[0] - b[0])) {
    const t = chainTimeline(seed, i, cases);
    const procuratorate = PROCURATORATE.get(t.region.code)!;
    const bureau = BUREAU.get(t.region.code)!;
    const numbers: Partial<Record<FilingSupervisionSerialKind, number>> = {};
    if (p.explanationRequestedAt) numbers.立监要 = count('procuratorate', procuratorate, '立监要', p.explanationRequestedAt);
    if (p.reviewedAt && !p.sound) numbers.通立 = count('procuratorate', procuratorate, '通立', p.reviewedAt);
    if (p.correctionNoticedAt) numbers.纠违 = count('procuratorate', procuratorate, '纠违', p.correctionNoticedAt);
    if (p.filedAt) numbers.立 = count('police', bureau, '立', p.filedAt);
    filingSupervisionSerial.set(i, numbers);
  }
  const last: Record<DemoInstitution, DocumentSerialRow[]> = { enforcement: [], police: [], procuratorate: [], court: [] };
  for (const { institution, row } of counters.values()) last[institution].push(row);
  const made: DemoSerials = { seed, cases, scenario, serial, filingSupervision, filingSupervisionSerial, last };
  cache.unshift(made);
  cache.length = Math.min(cache.length, 2);
  return made;
}
