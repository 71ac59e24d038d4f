import { DEMO_NOW, generateChain, demoReferenceData, type DemoChain, type DemoTaskRow } from '@xianjie/subgraph-kit';
import { demoTasks as courtTasks } from '../../subgraphs/court/src/seed';
import { checkSentence } from '../../subgraphs/court/src/sentencing';
import { demoTasks as enforcementTasks } from '../../subgraphs/enforcement/src/seed';
import { demoTasks as policeTasks } from '../../subgraphs/police/src/seed';
import { demoTasks as procuratorateTasks } from '../../subgraphs/procuratorate/src/seed';

/**
 * The steps each institution's seed records for the demo chains (issue 6, item 6): made
 * with its own workflow's periods and the kit's dueDate(), consistent with the records,
 * mostly on time, a realistic minority late, and what is still owed at DEMO_NOW recent.
 * Pure: the seeds' task builders over 20,000 generated chains, no database.
 */
const SEED = 421200;
const N = 20_000;
const DAY = 86_400_000;
const NOW = DEMO_NOW.getTime();

const ref = demoReferenceData(SEED);
const chains: DemoChain[] = Array.from({ length: N }, (_, i) => generateChain(SEED, i + 1, N, ref));
const byInstitution = { enforcement: enforcementTasks, police: policeTasks, procuratorate: procuratorateTasks, court: courtTasks };
const tasks = new Map<DemoChain, DemoTaskRow[]>(chains.map((c) => [c, Object.values(byInstitution).flatMap((build) => build(c))]));
const all = [...tasks.values()].flat();
const find = (c: DemoChain, step: string) => tasks.get(c)!.filter((t) => t.step === step);

describe('the seeded judgments', () => {
  it('pass the court’s own sentence check (刑法 ranges of the charge, fines where the article provides them)', () => {
    const judged = chains.map((c) => c.criminalTrial).filter((t) => t?.verdict === 'GUILTY');
    expect(judged.length).toBeGreaterThan(100);
    const refused = judged.flatMap((t) => {
      try {
        checkSentence(t!.charges, t!.prisonTermMonths, t!.fineFen === null ? null : BigInt(t!.fineFen));
        return [];
      } catch (error) {
        return [`${t!.id}: ${(error as Error).message}`];
      }
    });
    expect(refused).toEqual([]);
  });
});

describe('the seeded steps', () => {
  it('are many, each due after it started, none done before it started or after DEMO_NOW', () => {
    expect(all.length).toBeGreaterThan(1.5 * N);
    const wrong = all.filter((t) => t.dueAt <= t.startedAt || (t.doneAt && (t.doneAt < t.startedAt || t.doneAt.getTime() > NOW)) || t.startedAt.getTime() > NOW);
    expect(wrong.map((t) => `${t.chainId} ${t.step}`)).toEqual([]);
  });

  it('agree with the records: a step is done exactly when the record says it was taken', () => {
    for (const c of chains) {
      const p = c.policeCase;
      if (p) {
        const [sign] = find(c, 'signReceipt');
        expect(sign!.doneAt).toEqual(p.receiptSignedAt);
        const filing = find(c, 'decideFiling');
        if (p.filingDecision !== 'PENDING') expect(filing[0]!.doneAt).toEqual(p.filingDecidedAt);
        expect(filing.length).toBe(p.awaitingReceipt ? 0 : 1);
        expect(find(c, 'decideReconsideration').map((t) => t.doneAt)).toEqual(c.reconsiderations.map((r) => r.decidedAt));
      }
      const a = c.administrativeCase;
      const [decide] = find(c, 'decidePenalty');
      expect(decide!.doneAt).toEqual(c.penaltyDecision?.decidedAt ?? null);
      expect(decide!.cancelled).toBe(!c.penaltyDecision && c.transfer !== null);
      expect(decide!.org).toBe(a.agencyId);
      if (c.transfer) expect(find(c, 'sendTransfer')[0]?.doneAt ?? null).toEqual(c.transfer.approvedAt ? c.transfer.transferredAt : null);
      const pr = c.prosecutionCase;
      if (pr) expect(find(c, 'decideProsecution')[0]!.doneAt).toEqual(pr.decidedAt);
      const t = c.criminalTrial;
      if (t?.judgedAt) expect(find(c, 'recordJudgment')[0]!.doneAt).toEqual(t.judgedAt);
    }
  });

  it('are mostly on time, a minority late', () => {
    const done = all.filter((t) => t.doneAt);
    const late = done.filter((t) => t.doneAt! > t.dueAt).length / done.length;
    expect(late).toBeGreaterThan(0.01);
    expect(late).toBeLessThan(0.1);
  });

  it('still owed at DEMO_NOW started recently: within the period, a minority overdue, none for long', () => {
    const open = all.filter((t) => !t.doneAt && !t.cancelled);
    expect(open.length).toBeGreaterThan(100);
    const overdue = open.filter((t) => t.dueAt.getTime() < NOW);
    expect(overdue.length / open.length).toBeLessThan(0.12);
    expect(overdue.length).toBeGreaterThan(0);
    // Not years old: owed steps started within their period plus a few weeks.
    const old = open.filter((t) => NOW - t.dueAt.getTime() > 45 * DAY);
    expect(old.map((t) => `${t.chainId} ${t.step} since ${t.startedAt.toISOString()}`)).toEqual([]);
    // Every institution owes something (the work lists are not empty).
    expect(new Set(open.map((t) => t.org.slice(0, 2)))).toEqual(new Set(['AG', 'PB', 'PP', 'CO']));
  });
});
