import { DEMO_NOW, dueDate, generateChain, demoReferenceData, inOfficeHours, OPINION_REPLY_PERIOD, type DemoChain, type DemoTaskRow } from '@xianjie/subgraph-kit';
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
        // … and again on a 通知立案书 (立案监督, 检察规则 Art. 563), done when filed as notified.
        const fs = c.filingSupervision;
        expect(filing.length).toBe(p.awaitingReceipt ? 0 : fs?.police.filingNotifiedAt ? 2 : 1);
        if (fs?.police.filingNotifiedAt) expect(filing[1]!.doneAt).toEqual(fs.policeFiling?.filingDecidedAt ?? null);
        expect(find(c, 'explainNonFiling').map((t) => t.doneAt)).toEqual(fs?.police.explanationRequestedAt ? [fs.police.nonFilingExplainedAt] : []);
        expect(find(c, 'reviewNonFilingExplanation').map((t) => t.doneAt)).toEqual(fs?.plan.explanationArrivedAt ? [fs.row.reviewedAt] : []);
        expect(find(c, 'decideReconsideration').map((t) => t.doneAt)).toEqual(c.reconsiderations.map((r) => r.decidedAt));
      }
      const a = c.administrativeCase;
      // A penalty imposed with the reply to a procuratorial opinion does not take the step the transfer cancelled.
      const decided = c.timeline.penaltyAtReply ? null : c.penaltyDecision;
      const [decide] = find(c, 'decidePenalty');
      expect(decide!.doneAt).toEqual(decided?.decidedAt ?? null);
      expect(decide!.cancelled).toBe(!decided && c.transfer !== null);
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

describe('the seeded procuratorial opinions (反向衔接)', () => {
  const sent = chains.filter((c) => c.reverseTransfer);

  it('reached the agency by DEMO_NOW: the agency has the opinion and owes or gave the reply, as the procuratorate recorded it, in order', () => {
    expect(sent.length).toBeGreaterThan(100);
    const wrong: string[] = [];
    const check = (c: DemoChain, what: string, ok: boolean) => { if (!ok) wrong.push(`${c.chainId}: ${what}`); };
    for (const c of sent) {
      const r = c.reverseTransfer!;
      const o = c.procuratorialOpinion;
      const replies = find(c, 'replyToProcuratorialOpinion');
      if (!o) {
        // Not yet delivered: sent in the last office hours before DEMO_NOW.
        check(c, 'sent days before DEMO_NOW, never received', NOW - r.sentAt.getTime() < 4 * DAY);
        check(c, 'a reply step without the opinion', replies.length === 0);
        continue;
      }
      const a = c.administrativeCase;
      check(c, 'not the chain’s records', o.caseId === a.id && o.prosecutionCaseId === c.prosecutionCase!.id && o.procuratorateCode === c.prosecutionCase!.procuratorateCode && r.agencyId === a.agencyId);
      check(c, 'not the opinion sent', o.opinion === r.opinion && o.documentId === `PROCURATORIAL_OPINION:${r.prosecutionCaseId}`);
      check(c, 'received before it was sent, out of office hours or days later', o.receivedAt > r.sentAt && inOfficeHours(o.receivedAt.getTime()) && o.receivedAt.getTime() - r.sentAt.getTime() < 4 * DAY);
      check(c, 'the reply differs between the agency and the procuratorate', o.reply === r.reply && o.repliedAt?.getTime() === r.repliedAt?.getTime() && (o.reply === null) === (o.repliedAt === null));
      if (o.repliedAt) check(c, 'replied before received, out of office hours or after DEMO_NOW', o.repliedAt > o.receivedAt && inOfficeHours(o.repliedAt.getTime()) && o.repliedAt.getTime() <= NOW);
      const d = c.penaltyDecision;
      check(c, 'the penalty the reply carries is not the case’s', !o.repliedAt ? r.replyPenalty === null : (r.replyPenalty?.documentNumber ?? null) === (d?.documentNumber ?? null));
      if (c.timeline.penaltyAtReply) check(c, 'a penalty imposed with the reply is not dated by it', d?.decidedAt.getTime() === o.repliedAt?.getTime());
      const [step] = replies;
      check(c, 'not one reply step on the case', replies.length === 1 && step!.org === a.agencyId && step!.recordId === a.id && step!.entity === 'AdministrativeCase');
      check(c, 'the step is not the opinion’s', step?.startedAt.getTime() === o.receivedAt.getTime() && step?.doneAt?.getTime() === o.repliedAt?.getTime()
        && step?.dueAt.getTime() === dueDate(o.receivedAt, OPINION_REPLY_PERIOD).dueAt.getTime());
    }
    expect(wrong).toEqual([]);
    // Some replies imposed the penalty the case lacked (行政处罚法 Art. 27).
    expect(sent.filter((c) => c.timeline.penaltyAtReply).length).toBeGreaterThan(10);
  });

  it('replied mostly within two months, a minority late; the ones still owed received recently', () => {
    const steps = sent.flatMap((c) => find(c, 'replyToProcuratorialOpinion'));
    const done = steps.filter((t) => t.doneAt);
    const late = done.filter((t) => t.doneAt! > t.dueAt).length / done.length;
    expect(late).toBeGreaterThan(0.005);
    expect(late).toBeLessThan(0.1);
    const open = steps.filter((t) => !t.doneAt);
    expect(open.length).toBeGreaterThan(5);
    // Owed at most a month past the due date (late replies come within it).
    expect(open.filter((t) => NOW - t.dueAt.getTime() > 31 * DAY).map((t) => t.chainId)).toEqual([]);
    expect(open.filter((t) => t.dueAt.getTime() < NOW).length / open.length).toBeLessThan(0.2);
  });
});
