import type { CryptoKey } from 'jose';
import type { Kysely } from 'kysely';
import {
  bulkInsert, collectRows, demoOutboxRows, demoReferenceData, demoSerials, demoTask, seedChainBatches,
  FILING_NOTIFICATION_PERIOD, type DemoChain, type DemoOptions, type DemoTaskRow, type PenaltyCarried, type ProsecutionCaseRow, type ReverseTransferRow,
  withCountsAfterLoad,
} from '@xianjie/subgraph-kit';
import type {
  ProcuratorateDatabase, ProsecutionCaseTable, ProsecutionProgressColumns, ReverseTransferReplyColumns, ReverseTransferTable,
} from './db/database';
import { DECIDE, PERIODS, STEPS } from './workflow';
import { STEPS as FS_STEPS, TELL_AGENCY_PERIOD } from './filing-supervision';
import { ASSESSMENT_SOURCES } from './db/migrations/0014-assessment';

// The generator's rows must fit the tables (checked at compile time).
type Fits<T extends U, U> = T;
type SeededProgress = Pick<ProsecutionCaseRow, 'awaitingAcceptance' | 'acceptedAt'>;
export type SeedRowsFit = [
  Fits<Omit<ProsecutionCaseRow, keyof SeededProgress>, Omit<ProsecutionCaseTable, keyof ProsecutionProgressColumns>>,
  Fits<SeededProgress, { awaitingAcceptance: boolean; acceptedAt: Date | null }>,
  Fits<Omit<ReverseTransferRow, keyof ReverseTransferReplyColumns>, Omit<ReverseTransferTable, keyof ReverseTransferReplyColumns>>,
  Fits<Pick<ReverseTransferRow, keyof ReverseTransferReplyColumns>, { reply: string | null; repliedAt: Date | null; replyPenalty: PenaltyCarried | null }>,
];

/** The procuratorate's steps on a seeded chain: acceptance and the decision, both owed from receipt (as the inbox opens them). */
export function demoTasks(c: DemoChain): DemoTaskRow[] {
  const p = c.prosecutionCase;
  if (!p) return filingSupervisionTasks(c);
  const base = { chainId: c.chainId, org: p.procuratorateCode, entity: 'ProsecutionCase', recordId: p.id };
  return [
    demoTask({ ...base, step: STEPS.acceptForReview, period: PERIODS.acceptForReview, startedAt: p.receivedAt, doneAt: p.acceptedAt }),
    demoTask({ ...base, step: DECIDE, period: PERIODS.decideProsecution, startedAt: p.receivedAt, doneAt: p.decidedAt }),
    ...filingSupervisionTasks(c),
  ];
}

/**
 * The procuratorate's steps on a seeded filing supervision case, as its workflow opens them:
 * the review of the police's reasons, owed from their receipt (检察规则 Art. 561), and after a
 * 通知立案书 the follow-up owed once the 15 days pass (Art. 564): done by the 纠正违法通知书,
 * closed when the police file.
 */
export function filingSupervisionTasks(c: DemoChain): DemoTaskRow[] {
  const fs = c.filingSupervision;
  if (!fs) return [];
  const { row, plan } = fs;
  const base = { chainId: c.chainId, org: row.procuratorateCode, entity: 'FilingSupervision', recordId: row.id };
  const tasks: DemoTaskRow[] = [];
  if (plan.explanationArrivedAt) {
    tasks.push(demoTask({ ...base, step: FS_STEPS.reviewNonFilingExplanation, period: TELL_AGENCY_PERIOD, startedAt: plan.explanationArrivedAt, doneAt: row.reviewedAt }));
  }
  if (row.filingNotifiedAt) {
    tasks.push(demoTask({
      ...base, step: { step: FS_STEPS.sendCorrectionNotice.step, title: '监督公安机关依通知立案' }, period: FILING_NOTIFICATION_PERIOD,
      startedAt: row.filingNotifiedAt, doneAt: row.correctionNoticedAt, cancelled: !row.correctionNoticedAt && row.filedAt !== null,
    }));
  }
  return tasks;
}

/**
 * Seeds the procuratorate database with its slice of the deterministic demo chains:
 * prosecution reviews, reverse transfers (反向衔接) with the agencies' replies as received, filing supervision
 * cases (立案监督) on refused chains, and the procuratorates' steps; last,
 * each one's last 刑诉 serial per year. Only called on an empty database. Returns rows written.
 */
export async function seed(db: Kysely<ProcuratorateDatabase>, options: DemoOptions, progress?: (done: number) => void, documentKey?: CryptoKey): Promise<number> {
  // The assessment counters (0014) are counted once after loading, not row by row.
  return withCountsAfterLoad(db, ASSESSMENT_SOURCES, () => seedRows(db, options, progress, documentKey));
}

async function seedRows(db: Kysely<ProcuratorateDatabase>, options: DemoOptions, progress?: (done: number) => void, documentKey?: CryptoKey): Promise<number> {
  const ref = demoReferenceData(options.seed);
  const rows = await seedChainBatches(options, 'procuratorate', async (chains) => {
    // The 起诉书 of the chains that reached the court, signed with the procuratorate's key.
    const sent = await demoOutboxRows(chains, ref, options, documentKey, (d, c) => ({ document: d.indictment, deliveredAt: c.criminalTrial!.receivedAt }));
    const counts = await Promise.all([
      bulkInsert(db, 'prosecution_case', collectRows(chains, (c) => c.prosecutionCase)),
      bulkInsert(db, 'handoff_outbox', sent),
      bulkInsert(db, 'reverse_transfer', collectRows(chains, (c) => c.reverseTransfer)),
      bulkInsert(db, 'filing_supervision', collectRows(chains, (c) => c.filingSupervision?.row)),
      bulkInsert(db, 'workflow_task', collectRows(chains, demoTasks)),
    ]);
    return counts.reduce((a, b) => a + b, 0);
  }, progress);
  return rows + await bulkInsert(db, 'document_serial', demoSerials(options.seed, options.cases).last.procuratorate);
}
