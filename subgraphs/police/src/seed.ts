import type { CryptoKey } from 'jose';
import type { Kysely } from 'kysely';
import {
  bulkInsert, collectRows, demoOutboxRows, demoReferenceData, demoSerials, demoTask, seedChainBatches,
  FILING_NOTIFICATION_PERIOD, NO_POLICE_SUPERVISION, NON_FILING_EXPLANATION_PERIOD, type DemoChain, type DemoOptions, type DemoTaskRow, type PoliceCaseRow, type ReconsiderationRow, type SuspectRow,
  withCountsAfterLoad,
} from '@xianjie/subgraph-kit';
import type { PoliceCaseProgressColumns, PoliceCaseTable, PoliceDatabase, ReconsiderationTable, SuspectTable } from './db/database';
import { PERIODS, STEPS } from './workflow';
import { ASSESSMENT_SOURCES } from './db/migrations/0014-assessment';

// The generator's rows must fit the tables (checked at compile time).
type Fits<T extends U, U> = T;
type SeededProgress = Pick<PoliceCaseRow, 'awaitingReceipt' | 'receiptSignedAt' | 'filingNumber'>;
export type SeedRowsFit = [
  Fits<Omit<PoliceCaseRow, keyof SeededProgress>, Omit<PoliceCaseTable, keyof PoliceCaseProgressColumns>>,
  Fits<SeededProgress, { awaitingReceipt: boolean; receiptSignedAt: Date | null; filingNumber: string | null }>,
  Fits<ReconsiderationRow, Omit<ReconsiderationTable, 'requestReason'>>, Fits<SuspectRow, SuspectTable>,
];

/**
 * The bureau's steps on a seeded chain, as its workflow would have recorded them: the
 * receipt and the filing decision owed from receipt (the latter opened once signed for,
 * as signReceipt opens it), and each reconsideration owed from its request.
 */
export function demoTasks(c: DemoChain): DemoTaskRow[] {
  const p = c.policeCase;
  if (!p) return [];
  const base = { chainId: c.chainId, org: p.bureauCode, entity: 'PoliceCase', recordId: p.id };
  const tasks = [demoTask({ ...base, step: STEPS.signReceipt, period: PERIODS.signReceipt, startedAt: p.receivedAt, doneAt: p.receiptSignedAt })];
  if (p.receiptSignedAt) tasks.push(demoTask({ ...base, step: STEPS.decideFiling, period: PERIODS.decideFiling, startedAt: p.receivedAt, doneAt: p.filingDecidedAt }));
  for (const r of c.reconsiderations) {
    tasks.push(demoTask({ ...base, step: STEPS.decideReconsideration, period: PERIODS.decideReconsideration, startedAt: r.requestedAt, doneAt: r.decidedAt }));
  }
  // 立案监督: the reasons owed within 7 days of the request's receipt (检察规则 Art. 560), the filing
  // within 15 days of the 通知立案书's (Art. 563), as the inbox opens them.
  const fs = c.filingSupervision;
  if (fs?.police.explanationRequestedAt) {
    tasks.push(demoTask({ ...base, step: STEPS.explainNonFiling, period: NON_FILING_EXPLANATION_PERIOD, startedAt: fs.police.explanationRequestedAt, doneAt: fs.police.nonFilingExplainedAt }));
  }
  if (fs?.police.filingNotifiedAt) {
    tasks.push(demoTask({ ...base, step: STEPS.decideFiling, period: FILING_NOTIFICATION_PERIOD, startedAt: fs.police.filingNotifiedAt, doneAt: fs.plan.filedAt }));
  }
  return tasks;
}

/**
 * Seeds the police database with its slice of the deterministic demo chains: police cases
 * received from transfers, suspects, reconsiderations (复议) and the bureaus' steps; last,
 * each bureau's last serial per kind (受, 立) and year. Only called on an empty database.
 * Returns rows written.
 */
export async function seed(db: Kysely<PoliceDatabase>, options: DemoOptions, progress?: (done: number) => void, documentKey?: CryptoKey): Promise<number> {
  // The assessment counters (0014) are counted once after loading, not row by row.
  return withCountsAfterLoad(db, ASSESSMENT_SOURCES, () => seedRows(db, options, progress, documentKey));
}

async function seedRows(db: Kysely<PoliceDatabase>, options: DemoOptions, progress?: (done: number) => void, documentKey?: CryptoKey): Promise<number> {
  const ref = demoReferenceData(options.seed);
  const rows = await seedChainBatches(options, 'police', async (chains) => {
    // The 起诉意见书 of the chains that reached the court, signed with the bureau's key.
    const sent = await demoOutboxRows(chains, ref, options, documentKey, (d, c) => ({ document: d.prosecutionTransfer, deliveredAt: c.prosecutionCase!.receivedAt }));
    const counts = await Promise.all([
      // A case transferred for prosecution proposed the charges the procuratorate reviewed (起诉意见书).
      // A refused case under filing supervision carries its columns, and the filing made on a 通知立案书.
      bulkInsert(db, 'police_case', collectRows(chains, (c) => c.policeCase && {
        ...c.policeCase, proposedCharges: c.policeCase.transferredForProsecutionAt && c.prosecutionCase ? c.prosecutionCase.charges : null,
        ...(c.filingSupervision?.police ?? NO_POLICE_SUPERVISION), ...c.filingSupervision?.policeFiling,
      })),
      bulkInsert(db, 'handoff_outbox', sent),
      bulkInsert(db, 'suspect', collectRows(chains, (c) => c.suspects)),
      bulkInsert(db, 'reconsideration', collectRows(chains, (c) => c.reconsiderations)),
      bulkInsert(db, 'workflow_task', collectRows(chains, demoTasks)),
    ]);
    return counts.reduce((a, b) => a + b, 0);
  }, progress);
  return rows + await bulkInsert(db, 'document_serial', demoSerials(options.seed, options.cases).last.police);
}
