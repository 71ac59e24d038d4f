import { CATEGORIES, exceedsCriminalThreshold } from './categories';
import { SCENARIO_INFO, SCENARIOS, DEMO_NOW, chainScenario, generateChain, type DemoChain } from './chain';
import {
  creditCode, isValidCreditCode, isValidOrganizationCode, isValidResidentId, organizationCodeCheck, residentIdCheckDigit,
} from './identity-codes';
import { AGENCY_KIND_BY_KIND, demoReferenceData } from './reference-data';
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

describe('chains', () => {
  const N = 5000;
  const chains: DemoChain[] = [];
  for (let i = 1; i <= N; i++) chains.push(generateChain(SEED, i, N));

  it('is deterministic and independent of the order of generation', () => {
    expect(generateChain(SEED, 4321, N)).toEqual(chains[4320]);
    expect(JSON.stringify(generateChain(SEED, 17, N))).toBe(JSON.stringify(chains[16]));
    expect(generateChain(SEED + 1, 17, N)).not.toEqual(chains[16]);
    expect(generateChainBatch({ seed: SEED, cases: N }, 'court', 1, 200).map((c) => c.index))
      .toEqual(chains.slice(0, 200).filter((c) => c.criminalTrial !== null || c.scenario === 'INDICTED_JUDGED').map((c) => c.index));
  });

  it('starts with one chain of each scenario, in order', () => {
    expect(Object.entries(SCENARIOS)).toEqual(SCENARIO_INFO.map((s, k) => [`XJ-000000${k + 1}`, s.key]));
    const [c1, c2, c3, c4, c5, c6] = chains;
    expect(c1!.scenario).toBe('PENALTY_ONLY');
    expect(c1!.transfer).toBeNull();
    expect(c1!.penaltyDecision).not.toBeNull();
    expect(c2!.transfer?.transferredAt).toBeTruthy();
    expect(c2!.policeCase?.filingDecision).toBe('PENDING');
    expect(c3!.policeCase?.filingDecision).toBe('NOT_FILED');
    expect(c3!.reconsiderations).toHaveLength(1);
    expect(c4!.policeCase?.filingDecision).toBe('FILED');
    expect(c4!.prosecutionCase?.decision).toBe('PENDING');
    expect(c5!.prosecutionCase?.decision).toBe('INDICTED');
    const trial = c5!.criminalTrial!;
    expect(trial.verdict).toBe('GUILTY');
    expect(trial.prisonTermMonths).toBeGreaterThan(0);
    expect(trial.fineOffsetFen).toBe(c5!.penaltyDecision!.fineFen);
    expect(BigInt(trial.fineOffsetFen!) <= BigInt(trial.fineFen!)).toBe(true);
    expect(c6!.prosecutionCase?.decision).toBe('NOT_PROSECUTED');
    expect(c6!.reverseTransfer).not.toBeNull();
  });

  it('covers the scenarios in roughly the planned shares', () => {
    for (const s of SCENARIO_INFO) {
      const share = chains.filter((c) => c.scenario === s.key).length / N;
      expect(Math.abs(share - s.share)).toBeLessThan(0.02);
    }
    const suspicious = chains.filter((c) => c.suspicious).length / N;
    expect(suspicious).toBeGreaterThan(0.035);
    expect(suspicious).toBeLessThan(0.065);
    expect(chainScenario(SEED, 100).scenario).toBe(chains[99]!.scenario);
  });

  it('produces valid, unique, consistent records', () => {
    const ref = demoReferenceData(SEED);
    const numbers = new Set<string>();
    let last = 0;
    for (const c of chains) {
      const a = c.administrativeCase;
      expect(a.registeredAt.getTime()).toBeGreaterThan(last);
      last = a.registeredAt.getTime();
      expect(a.partyKind === 'PERSON' ? isValidResidentId(a.partyIdNumber) : isValidCreditCode(a.partyIdNumber)).toBe(true);
      const agency = ref.agencyById.get(a.agencyId)!;
      expect(AGENCY_KIND_BY_KIND.get(agency.kind)!.categories.map(([cat]) => cat)).toContain(a.violationCategory);
      expect(a.officerIds).toHaveLength(2);
      expect(new Set(a.officerIds).size).toBe(2);
      const category = a.violationCategory as keyof typeof CATEGORIES;
      const above = exceedsCriminalThreshold(category, Number(a.quantity), Number(a.involvedAmountFen));
      expect(above).toBe(c.aboveThreshold);
      for (const n of [a.caseNumber, c.penaltyDecision?.documentNumber, c.policeCase?.caseNumber, c.prosecutionCase?.caseNumber, c.criminalTrial?.caseNumber]) {
        if (!n) continue;
        expect(numbers.has(n)).toBe(false);
        numbers.add(n);
      }
      for (const s of c.suspects) expect(isValidResidentId(s.idNumber)).toBe(true);
      if (c.transfer?.approvedAt && c.transfer.transferredAt) expect(c.transfer.transferredAt.getTime()).toBeGreaterThan(c.transfer.approvedAt.getTime());
      if (c.policeCase && c.transfer?.transferredAt) expect(c.policeCase.receivedAt.getTime()).toBeGreaterThanOrEqual(c.transfer.transferredAt.getTime());
      const t = c.criminalTrial;
      if (t?.fineFen && t.fineOffsetFen) expect(BigInt(t.fineOffsetFen) <= BigInt(t.fineFen)).toBe(true);
      for (const d of [t?.effectiveAt, t?.judgedAt, c.reverseTransfer?.sentAt, c.prosecutionCase?.decidedAt]) {
        if (d) expect(d.getTime()).toBeLessThanOrEqual(DEMO_NOW.getTime());
      }
    }
    expect(chains[0]!.administrativeCase.caseNumber).toMatch(/^.+立〔20\d\d〕0000001号$/);
    const trial = chains.find((c) => c.criminalTrial)!.criminalTrial!;
    expect(trial.caseNumber).toMatch(/^\(20\d\d\)鄂\d{2,4}刑初\d+号$/);
  });

  it('puts some steps late (over the 3-day limits of 国务院令第310号)', () => {
    const DAY = 86_400_000;
    const lateFiling = chains.filter((c) => c.policeCase?.filingDecidedAt && c.policeCase.filingDecidedAt.getTime() - c.policeCase.receivedAt.getTime() > 3 * DAY + 12 * 3_600_000);
    expect(lateFiling.length).toBeGreaterThan(0);
  });
});

describe('array literals', () => {
  it('escapes quotes and backslashes and nests arrays', () => {
    expect(arrayLiteral(['a"b', 'c\\d', null, ['x', 'y']])).toBe('{"a\\"b","c\\\\d",NULL,"{\\"x\\",\\"y\\"}"}');
  });
});
