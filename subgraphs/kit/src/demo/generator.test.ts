import { CHINA_CALENDAR, beijingDay } from '../time/calendar';
import { SENTENCE_RANGES } from '../law/sentences';
import { CATEGORIES, exceedsCriminalThreshold } from './categories';
import { SCENARIOS, chainScenario, generateChain, type DemoChain } from './chain';
import { demoSerials } from './serials';
import { demoHandoffDocuments } from './handoff-documents';
import { documentDigest } from '../handoff/document';
import { DEMO_NOW, SCENARIO_INFO } from './timeline';
import {
  creditCode, isValidCreditCode, isValidOrganizationCode, isValidResidentId, organizationCodeCheck, residentIdCheckDigit,
} from './identity-codes';
import { AGENCY_KIND_BY_KIND, REGION_BY_CODE, demoReferenceData } from './reference-data';
import { generateChainBatch } from './seed-batches';
import { arrayLiteral } from './bulk-insert';

const SEED = 421200;

describe('identity check characters', () => {
  it('computes GB 11643 check digits of known numbers', () => {
    // Example from GB 11643-1999.
    expect(residentIdCheckDigit('11010519491231002')).toBe('X');
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('110105194912310021')).toBe(false);
  });
  it('computes GB 11714 and GB 32100 check characters of known codes', () => {
    // 国家标准化管理委员会 and a real enterprise credit code.
    expect(organizationCodeCheck('D2143569')).toBe('X');
    expect(isValidOrganizationCode('D2143569X')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode(creditCode('9', '1', '421202', 'MA4ABCDE'))).toBe(true);
  });
});

describe('reference data', () => {
  const ref = demoReferenceData(SEED);
  it('has every kind of agency in every region, with valid ids and credit codes', () => {
    expect(ref.agencies).toHaveLength(42);
    for (const a of ref.agencies) {
      expect(a.id).toMatch(/^AG-[0-9A-Z-]+$/);
      expect(isValidCreditCode(a.creditCode)).toBe(true);
    }
    expect(ref.agencies.map((a) => a.name)).toEqual(expect.arrayContaining(['咸安区市场监督管理局', '咸宁市市场监督管理局', '赤壁市林业局']));
    expect(new Set(ref.agencies.map((a) => a.creditCode)).size).toBe(42);
  });
  it('gives each agency 3–8 officers, 4–8 power items and 3–6 benchmarks, with unique certificates', () => {
    for (const a of ref.agencies) {
      const officers = ref.officers.filter((o) => o.agencyId === a.id);
      expect(officers.length).toBeGreaterThanOrEqual(3);
      expect(officers.length).toBeLessThanOrEqual(8);
      const powers = ref.powerItems.filter((p) => p.agencyId === a.id);
      expect(powers.length).toBeGreaterThanOrEqual(4);
      expect(powers.length).toBeLessThanOrEqual(8);
      const benchmarks = ref.benchmarks.filter((b) => b.agencyId === a.id);
      expect(benchmarks.length).toBeGreaterThanOrEqual(3);
      expect(benchmarks.length).toBeLessThanOrEqual(6);
      for (const b of benchmarks) expect(BigInt(b.minFineFen) <= BigInt(b.maxFineFen)).toBe(true);
    }
    expect(new Set(ref.officers.map((o) => o.certificateNumber)).size).toBe(ref.officers.length);
    expect(new Set(ref.officers.map((o) => o.id)).size).toBe(ref.officers.length);
  });
});

const DAY = 86_400_000;
const BASIC_COURTS = ['1202', '1221', '1222', '1223', '1224', '1281'];

/** Every instant a chain's rows record as a step taken by someone (an unappealed judgment's effect is the end of its appeal period). */
function stepTimes(c: DemoChain): [string, Date][] {
  const out: [string, Date | null | undefined][] = [
    ['registeredAt', c.administrativeCase.registeredAt], ['decidedAt', c.penaltyDecision?.decidedAt], ['publishedAt', c.penaltyDecision?.publishedAt],
    ['proposedAt', c.transfer?.proposedAt], ['approvedAt', c.transfer?.approvedAt], ['transferredAt', c.transfer?.transferredAt],
    ['itemsHandedOverAt', c.transfer?.itemsHandedOverAt], ['reconsiderationRequestedAt', c.transfer?.reconsiderationRequestedAt],
    ['receivedAt', c.policeCase?.receivedAt], ['receiptSignedAt', c.policeCase?.receiptSignedAt], ['filingDecidedAt', c.policeCase?.filingDecidedAt],
    ['transferredForProsecutionAt', c.policeCase?.transferredForProsecutionAt],
    ...c.reconsiderations.map((r): [string, Date | null] => ['reconsideration.decidedAt', r.decidedAt]),
    ['prosecution.receivedAt', c.prosecutionCase?.receivedAt], ['prosecution.acceptedAt', c.prosecutionCase?.acceptedAt],
    ['prosecution.decidedAt', c.prosecutionCase?.decidedAt], ['reverseTransfer.sentAt', c.reverseTransfer?.sentAt],
    ['opinion.receivedAt', c.procuratorialOpinion?.receivedAt], ['opinion.repliedAt', c.procuratorialOpinion?.repliedAt],
    ['trial.receivedAt', c.criminalTrial?.receivedAt], ['trial.acceptedAt', c.criminalTrial?.acceptedAt], ['trial.judgedAt', c.criminalTrial?.judgedAt],
    ['trial.appealedAt', c.criminalTrial?.appealedAt], ['trial.effectiveAt', c.criminalTrial?.appealedAt ? c.criminalTrial.effectiveAt : null],
  ];
  return out.filter((e): e is [string, Date] => e[1] instanceof Date);
}

const beijingMinutes = (d: Date) => { const b = new Date(d.getTime() + 8 * 3_600_000); return b.getUTCHours() * 60 + b.getUTCMinutes(); };

describe('chains', () => {
  const N = 20_000;
  const chains: DemoChain[] = [];
  for (let i = 1; i <= N; i++) chains.push(generateChain(SEED, i, N));
  const ref = demoReferenceData(SEED);

  it('is deterministic and independent of the order of generation', () => {
    expect(generateChain(SEED, 4321, N)).toEqual(chains[4320]);
    expect(JSON.stringify(generateChain(SEED, 17, N))).toBe(JSON.stringify(chains[16]));
    expect(generateChain(SEED + 1, 17, N)).not.toEqual(chains[16]);
    expect(generateChainBatch({ seed: SEED, cases: N }, 'court', 1, 2000).filter((c) => c.criminalTrial).map((c) => c.index))
      .toEqual(chains.slice(0, 2000).filter((c) => c.criminalTrial !== null).map((c) => c.index));
    for (const c of chains.slice(0, 500)) expect(chainScenario(SEED, c.index, N).scenario).toBe(c.scenario);
  });

  it('starts with one chain of each scenario, in order, each showing it at DEMO_NOW', () => {
    expect(Object.entries(SCENARIOS)).toEqual(SCENARIO_INFO.map((s, k) => [`XJ-000000${k + 1}`, s.key]));
    const [c1, c2, c3, c4, c5, c6] = chains;
    expect(chains.slice(0, 6).map((c) => c.scenario)).toEqual(SCENARIO_INFO.map((s) => s.key));
    expect(c1!.transfer).toBeNull();
    expect(c1!.penaltyDecision).not.toBeNull();
    expect(c2!.transfer?.transferredAt).toBeTruthy();
    expect(c2!.policeCase).toMatchObject({ filingDecision: 'PENDING', filingNumber: null, awaitingReceipt: false });
    expect(DEMO_NOW.getTime() - c2!.policeCase!.receivedAt.getTime()).toBeLessThan(3 * DAY);
    expect(c3!.policeCase?.filingDecision).toBe('NOT_FILED');
    expect(c3!.reconsiderations).toHaveLength(1);
    expect(c4!.policeCase?.filingDecision).toBe('FILED');
    expect(c4!.prosecutionCase?.decision).toBe('PENDING');
    expect(c5!.prosecutionCase?.decision).toBe('INDICTED');
    const trial = c5!.criminalTrial!;
    expect(trial.verdict).toBe('GUILTY');
    expect(trial.prisonTermMonths).toBeGreaterThan(0);
    expect(trial.effectiveAt).not.toBeNull();
    expect(c6!.prosecutionCase?.decision).toBe('NOT_PROSECUTED');
    expect(c6!.reverseTransfer).not.toBeNull();
  });

  it('keeps the drawn mix: pending scenarios only for recent chains, older ones moved on', () => {
    const share = (key: string) => chains.filter((c) => c.scenario === key).length / N;
    expect(share('PENALTY_ONLY')).toBeGreaterThan(0.68);
    expect(share('PENALTY_ONLY')).toBeLessThan(0.72);
    // Every transfer path ends in one of these once its time has come.
    expect(share('NOT_FILED_RECONSIDERATION') + share('INDICTED_JUDGED') + share('NOT_PROSECUTED_REVERSE_TRANSFER')).toBeGreaterThan(0.25);
    for (const key of ['TRANSFERRED_AWAITING_POLICE', 'FILED_AWAITING_PROSECUTION']) {
      const pending = chains.slice(6).filter((c) => c.scenario === key);
      expect(pending.length).toBeGreaterThan(0);
      // Awaiting the police: received within days; awaiting prosecution: filed within the investigation and review.
      const limit = key === 'TRANSFERRED_AWAITING_POLICE' ? 30 * DAY : 250 * DAY;
      for (const c of pending) expect(DEMO_NOW.getTime() - c.transfer!.proposedAt.getTime()).toBeLessThan(limit);
    }
    const suspicious = chains.filter((c) => c.suspicious).length / N;
    expect(suspicious).toBeGreaterThan(0.035);
    expect(suspicious).toBeLessThan(0.065);
  });

  it('dates every step in office hours (08:30–17:30) on a working day, no later than DEMO_NOW', () => {
    const outside: string[] = [];
    let count = 0;
    for (const c of chains) {
      for (const [field, d] of stepTimes(c)) {
        count++;
        const minutes = beijingMinutes(d);
        if (!CHINA_CALENDAR.isWorkingDay(beijingDay(d)) || minutes < 8 * 60 + 30 || minutes > 17 * 60 + 30 || d > DEMO_NOW) {
          outside.push(`${c.chainId} ${field} ${d.toISOString()}`);
        }
      }
    }
    expect(outside).toEqual([]);
    expect(count).toBeGreaterThan(3 * N);
    // Registration order is id order from chain 7 on (1..6 are dated back from DEMO_NOW).
    for (let k = 7; k < chains.length; k++) expect(chains[k]!.administrativeCase.registeredAt.getTime()).toBeGreaterThan(chains[k - 1]!.administrativeCase.registeredAt.getTime());
  });

  it('numbers records per unit, kind and year, 1..n without gaps, as the document_serial rows end', () => {
    const serials = new Map<string, number[]>();
    const add = (unit: string, kind: string, year: string, serial: string) => {
      const key = `${unit}|${kind}|${year}`;
      serials.set(key, [...(serials.get(key) ?? []), Number(serial)]);
    };
    for (const c of chains) {
      const a = c.administrativeCase;
      const prefix = `${REGION_BY_CODE.get(ref.agencyById.get(a.agencyId)!.regionCode)!.short}${AGENCY_KIND_BY_KIND.get(ref.agencyById.get(a.agencyId)!.kind)!.docShort}`;
      const caseNo = new RegExp(`^${prefix}立〔(\\d{4})〕([1-9]\\d*)号$`).exec(a.caseNumber);
      expect([a.caseNumber, caseNo !== null]).toEqual([a.caseNumber, true]);
      expect(Number(caseNo![1])).toBe(Number(beijingDay(a.registeredAt).slice(0, 4)));
      add(a.agencyId, '立', caseNo![1]!, caseNo![2]!);
      if (c.penaltyDecision) {
        const m = new RegExp(`^${prefix}罚决〔(\\d{4})〕([1-9]\\d*)号$`).exec(c.penaltyDecision.documentNumber)!;
        add(a.agencyId, '罚决', m[1]!, m[2]!);
      }
      const p = c.policeCase;
      if (p) {
        // A case never filed has its receipt (受案) number only; a filing number only when filed.
        const received = /^.+公（(经|食药环)）受字〔(\d{4})〕([1-9]\d*)号$/.exec(p.caseNumber)!;
        expect(received).not.toBeNull();
        add(p.bureauCode, '受', received[2]!, received[3]!);
        expect(p.filingNumber !== null).toBe(p.filingDecision === 'FILED');
        if (p.filingNumber) {
          const filed = /^.+公（(经|食药环)）立字〔(\d{4})〕([1-9]\d*)号$/.exec(p.filingNumber)!;
          add(p.bureauCode, '立', filed[2]!, filed[3]!);
        }
      }
      // 立案监督: the procuratorate's 立监要 / 通立 / 纠违, the bureau's 立字 on filing as notified.
      const fs = c.filingSupervision;
      if (fs) {
        const pp = fs.row.procuratorateCode;
        for (const [kind, value] of [['立监要', fs.row.explanationRequestNumber], ['通立', fs.row.filingNoticeNumber], ['纠违', fs.row.correctionNumber]] as const) {
          if (!value) continue;
          const m = new RegExp(`^(咸|咸安|嘉|隽|崇|通|赤)检${kind}〔(\\d{4})〕([1-9]\\d*)号$`).exec(value)!;
          expect([value, m !== null]).toEqual([value, true]);
          add(pp, kind, m[2]!, m[3]!);
        }
        if (fs.policeFiling) {
          const filed = /^.+公（(经|食药环)）立字〔(\d{4})〕([1-9]\d*)号$/.exec(fs.policeFiling.filingNumber!)!;
          add(c.policeCase!.bureauCode, '立', filed[2]!, filed[3]!);
        }
      }
      const pr = c.prosecutionCase;
      if (pr?.caseNumber) {
        const m = /^(咸|咸安|嘉|隽|崇|通|赤)检刑诉〔(\d{4})〕([1-9]\d*)号$/.exec(pr.caseNumber)!;
        expect(m).not.toBeNull();
        add(pr.procuratorateCode, '刑诉', m[2]!, m[3]!);
      }
      expect(pr === null || (pr.caseNumber === null) === pr.awaitingAcceptance).toBe(true);
      // The signed hand-offs seeded for a chain that reached the court: the 移送书 (移) and 起诉意见书 (诉字).
      const handoffs = demoHandoffDocuments(c, ref, SEED, N);
      expect(handoffs !== null).toBe(!!c.criminalTrial);
      if (handoffs) {
        const moved = new RegExp(`^${prefix}移〔(\\d{4})〕([1-9]\\d*)号$`).exec(handoffs.caseTransfer.number)!;
        expect([handoffs.caseTransfer.number, moved !== null]).toEqual([handoffs.caseTransfer.number, true]);
        add(a.agencyId, '移', moved[1]!, moved[2]!);
        const opinion = /^.+公（(经|食药环)）诉字〔(\d{4})〕([1-9]\d*)号$/.exec(handoffs.prosecutionTransfer.number)!;
        expect([handoffs.prosecutionTransfer.number, opinion !== null]).toEqual([handoffs.prosecutionTransfer.number, true]);
        add(c.policeCase!.bureauCode, '诉', opinion[2]!, opinion[3]!);
        expect(handoffs.indictment.upstream).toEqual([{ id: handoffs.prosecutionTransfer.id, digest: documentDigest(handoffs.prosecutionTransfer) }]);
      }
      const t = c.criminalTrial;
      if (t?.caseNumber) {
        const m = /^（(\d{4})）鄂(\d{4})刑初([1-9]\d*)号$/.exec(t.caseNumber)!;
        expect([t.caseNumber, m !== null]).toEqual([t.caseNumber, true]);
        expect(BASIC_COURTS).toContain(m[2]);
        expect(t.courtCode).toBe(`CO-42${m[2]}`);
        add(t.courtCode, '刑初', m[1]!, m[3]!);
      }
    }
    for (const [key, list] of serials) {
      const sorted = [...list].sort((x, y) => x - y);
      expect([key, sorted]).toEqual([key, sorted.map((_, k) => k + 1)]);
    }
    const last = demoSerials(SEED, N).last;
    const rows = [...last.enforcement, ...last.police, ...last.procuratorate, ...last.court];
    expect(new Map(rows.map((r) => [`${r.unit}|${r.kind}|${r.year}`, r.last]))).toEqual(new Map([...serials].map(([k, v]) => [k, v.length])));
  });

  it('keeps fines inside the benchmark applied and the statutory range, and sentences inside the charge’s range, convicting only above the threshold', () => {
    const benchmarks = new Map(ref.benchmarks.map((b) => [b.id, b]));
    let guilty = 0;
    let checked = 0;
    const unlawful: string[] = [];
    for (const c of chains) {
      const d = c.penaltyDecision;
      const statute = CATEGORIES[c.administrativeCase.violationCategory as keyof typeof CATEGORIES].statutoryFine;
      if (d && statute) {
        checked++;
        const [low, high] = statute.range(Number(c.administrativeCase.involvedAmountFen));
        if (Number(d.fineFen) < low || Number(d.fineFen) > high) unlawful.push(`${c.chainId} ${d.fineFen} outside ${low}–${high} (${statute.article})`);
      }
      if (d?.benchmarkId) {
        const b = benchmarks.get(d.benchmarkId)!;
        expect(b.agencyId).toBe(c.administrativeCase.agencyId);
        expect(BigInt(d.fineFen) >= BigInt(b.minFineFen) && BigInt(d.fineFen) <= BigInt(b.maxFineFen)).toBe(true);
      } else if (d) {
        // 简易程序 (行政处罚法 Art. 51): up to 200 yuan for a person, 3,000 for an organisation.
        expect(c.administrativeCase.procedure).toBe('SIMPLIFIED');
        expect(Number(d.fineFen)).toBeLessThanOrEqual(c.administrativeCase.partyKind === 'PERSON' ? 20_000 : 300_000);
      }
      const t = c.criminalTrial;
      if (t?.verdict === 'GUILTY') {
        guilty++;
        const a = c.administrativeCase;
        expect(exceedsCriminalThreshold(a.violationCategory as keyof typeof CATEGORIES, Number(a.quantity), Number(a.involvedAmountFen))).toBe(true);
        const range = SENTENCE_RANGES.get(t.charges[0]!)!;
        expect(t.prisonTermMonths!).toBeGreaterThanOrEqual(range.minMonths);
        expect(t.prisonTermMonths!).toBeLessThanOrEqual(range.maxMonths);
        expect(t.fineFen !== null).toBe(range.fineWithTerm);
        if (t.fineFen) expect(BigInt(t.fineOffsetFen!) <= BigInt(t.fineFen)).toBe(true);
      }
    }
    expect(guilty).toBeGreaterThan(100);
    expect(unlawful).toEqual([]);
    expect(checked).toBeGreaterThan(5000);
  });

  it('takes most steps on time and a small minority late', () => {
    const DAY3 = 3 * DAY + DAY; // 3 days counted from the next day, to the end of the day (holidays may add more)
    const filings = chains.filter((c) => c.policeCase?.filingDecidedAt);
    const late = filings.filter((c) => c.policeCase!.filingDecidedAt!.getTime() - c.policeCase!.receivedAt.getTime() > DAY3 + 4 * DAY);
    expect(late.length / filings.length).toBeGreaterThan(0.01);
    expect(late.length / filings.length).toBeLessThan(0.1);
  });
});

describe('array literals', () => {
  it('escapes quotes and backslashes and nests arrays', () => {
    expect(arrayLiteral(['a"b', 'c\\d', null, ['x', 'y']])).toBe('{"a\\"b","c\\\\d",NULL,"{\\"x\\",\\"y\\"}"}');
  });
});
