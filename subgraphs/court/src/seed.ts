import type { Kysely } from 'kysely';
import {
  bulkInsert, collectRows, DEMO_ACTOR, demoSerials, demoTask, seedChainBatches,
  type CriminalTrialRow, type DemoChain, type DemoOptions, type DemoTaskRow,
  withCountsAfterLoad,
} from '@xianjie/subgraph-kit';
import type { CourtDatabase, CriminalTrialTable, TrialProgressColumns } from './db/database';
import { APPEAL_TASK, PERIODS, SECOND_INSTANCE_TASK, STEPS } from './workflow';
import { ASSESSMENT_SOURCES } from './db/migrations/0014-assessment';

// The generator's rows must fit the table (checked at compile time).
type Fits<T extends U, U> = T;
type SeededProgress = Pick<CriminalTrialRow, 'receivedAt' | 'appealedAt' | 'appealedBy' | 'secondInstanceRuling'>;
export type SeedRowsFit = [
  Fits<Omit<CriminalTrialRow, keyof SeededProgress>, Omit<CriminalTrialTable, keyof TrialProgressColumns>>,
  Fits<SeededProgress, { receivedAt: Date | null; appealedAt: Date | null; appealedBy: 'DEFENDANT' | 'PROCURATORATE' | null; secondInstanceRuling: string | null }>,
];

/**
 * The court's steps on a seeded trial, as its workflow would have recorded them: acceptance
 * owed from receipt, the judgment from acceptance, the appeal period from the judgment
 * (closed by an appeal, or when it ran out and the judgment took effect), and the second
 * instance from an appeal.
 */
export function demoTasks(c: DemoChain): DemoTaskRow[] {
  const t = c.criminalTrial;
  if (!t) return [];
  const base = { chainId: c.chainId, org: t.courtCode, entity: 'CriminalTrial', recordId: t.id };
  const tasks = [demoTask({ ...base, step: STEPS.acceptIndictment, period: PERIODS.acceptIndictment, startedAt: t.receivedAt, doneAt: t.acceptedAt })];
  if (t.acceptedAt) tasks.push(demoTask({ ...base, step: STEPS.recordJudgment, period: PERIODS.recordJudgment, startedAt: t.acceptedAt, doneAt: t.judgedAt }));
  if (t.judgedAt) {
    const appeal = demoTask({ ...base, step: APPEAL_TASK, period: PERIODS.appealPeriod, startedAt: t.judgedAt, doneAt: t.appealedAt });
    // Unappealed, the period closed when it ended and the judgment took effect (recordEffect).
    if (!t.appealedAt && t.effectiveAt) Object.assign(appeal, { doneAt: appeal.dueAt, doneBy: DEMO_ACTOR });
    tasks.push(appeal);
  }
  if (t.appealedAt) tasks.push(demoTask({ ...base, step: SECOND_INSTANCE_TASK, period: PERIODS.secondInstance, startedAt: t.appealedAt, doneAt: t.effectiveAt }));
  return tasks;
}

/**
 * Seeds the court database with its slice of the deterministic demo chains: criminal
 * trials, with the administrative fine offset against the criminal fine, and the courts'
 * steps; last, each court's last 刑初 serial per year. Only called on an empty database.
 * Returns rows written.
 */
export async function seed(db: Kysely<CourtDatabase>, options: DemoOptions, progress?: (done: number) => void): Promise<number> {
  // The assessment counters (0014) are counted once after loading, not row by row.
  return withCountsAfterLoad(db, ASSESSMENT_SOURCES, () => seedRows(db, options, progress));
}

async function seedRows(db: Kysely<CourtDatabase>, options: DemoOptions, progress?: (done: number) => void): Promise<number> {
  const rows = await seedChainBatches(options, 'court', async (chains) => {
    const counts = await Promise.all([
      bulkInsert(db, 'criminal_trial', collectRows(chains, (c) => c.criminalTrial)),
      bulkInsert(db, 'workflow_task', collectRows(chains, demoTasks)),
    ]);
    return counts.reduce((a, b) => a + b, 0);
  }, progress);
  return rows + await bulkInsert(db, 'document_serial', demoSerials(options.seed, options.cases).last.court);
}
