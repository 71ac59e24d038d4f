import type { CryptoKey } from 'jose';
import { sql, type Kysely } from 'kysely';
import {
  bulkInsert, collectRows, demoOutboxRows, NO_TRANSFER_SUPERVISION, demoPenaltyNow, demoReferenceData, demoSerials, demoTask, seedChainBatches,
  type AdministrativeCaseRow, type CaseTransferRow, type DemoChain, type DemoOptions, type DemoTaskRow, type PenaltyDecisionRow,
  type ProcuratorialOpinionRow,
  withCountsAfterLoad,
} from '@xianjie/subgraph-kit';
import { evaluateCases } from './supervision-evaluate';
import type {
  AdministrativeCaseTable, CaseTransferTable, EnforcementDatabase, PenaltyDecisionTable, ProcuratorialOpinionTable, TransferProgressColumns,
} from './db/database';
import { OPINION_REPLY_STEP, owesPublication, PERIODS, PUBLISH_STEP, REPLY_STEPS, STEPS } from './workflow';
import { ASSESSMENT_SOURCES } from './db/migrations/0014-assessment';

// The generator's rows must fit the tables (checked at compile time).
type Fits<T extends U, U> = T;
type SeededProgress = Omit<CaseTransferRow, keyof Omit<CaseTransferTable, keyof TransferProgressColumns>>;
export type SeedRowsFit = [
  Fits<AdministrativeCaseRow, AdministrativeCaseTable>, Fits<PenaltyDecisionRow, PenaltyDecisionTable>,
  Fits<Omit<CaseTransferRow, keyof SeededProgress>, Omit<CaseTransferTable, keyof TransferProgressColumns>>,
  // Every progress column the seed writes is one of the table's.
  Fits<keyof SeededProgress, keyof TransferProgressColumns>,
  Fits<ProcuratorialOpinionRow, ProcuratorialOpinionTable>,
];

/**
 * The agency's steps on a seeded chain, as its workflow would have recorded them: the
 * penalty decision owed from registration (no longer owed once the case is transferred
 * undecided; a penalty imposed with the reply to a procuratorial opinion does not close it),
 * its publication (market regulation), the transfer's approval and sending, the seized items
 * owed after the police filed, and the reply owed on a procuratorial opinion received.
 */
export function demoTasks(c: DemoChain): DemoTaskRow[] {
  const a = c.administrativeCase;
  const d = c.penaltyDecision;
  const t = c.transfer;
  const base = { chainId: c.chainId, org: a.agencyId };
  const onCase = { ...base, entity: 'AdministrativeCase', recordId: a.id };
  const decided = c.timeline.penaltyAtReply ? null : d;
  const tasks = [demoTask({ ...onCase, step: STEPS.decidePenalty, period: PERIODS.decidePenalty, startedAt: a.registeredAt, doneAt: decided?.decidedAt ?? null, cancelled: !decided && !!t })];
  if (d && owesPublication(c.timeline.kind.kind)) {
    tasks.push(demoTask({ ...onCase, step: PUBLISH_STEP, period: PERIODS.publishPenaltyDecision, startedAt: d.decidedAt, doneAt: d.publishedAt }));
  }
  if (!t) return tasks;
  const onTransfer = { ...base, entity: 'CaseTransfer', recordId: t.id };
  tasks.push(demoTask({ ...onTransfer, step: STEPS.decideTransfer, period: PERIODS.decideTransfer, startedAt: t.proposedAt, doneAt: t.approvedAt }));
  if (t.approvedAt) tasks.push(demoTask({ ...onTransfer, step: STEPS.sendTransfer, period: PERIODS.sendTransfer, startedAt: t.approvedAt, doneAt: t.transferredAt }));
  if (t.filingDecision === 'FILED' && t.filingNoticedAt) {
    tasks.push(demoTask({ ...onTransfer, step: REPLY_STEPS.handOverSeizedItems, period: PERIODS.handOverSeizedItems, startedAt: t.filingNoticedAt, doneAt: t.itemsHandedOverAt }));
  }
  // Filed on the procuratorate's 通知立案书 (立案监督): the seized items owed as after any filing (Art. 12).
  const filed = c.filingSupervision?.transferFiling;
  if (filed?.filingNoticedAt) {
    tasks.push(demoTask({ ...onTransfer, step: REPLY_STEPS.handOverSeizedItems, period: PERIODS.handOverSeizedItems, startedAt: filed.filingNoticedAt, doneAt: filed.itemsHandedOverAt }));
  }
  const o = c.procuratorialOpinion;
  if (o) {
    tasks.push(demoTask({ ...onCase, step: OPINION_REPLY_STEP, period: PERIODS.replyToProcuratorialOpinion, startedAt: o.receivedAt, doneAt: o.repliedAt }));
  }
  return tasks;
}

/**
 * Seeds the enforcement database with the deterministic demo: agencies, officers, power
 * lists and discretion benchmarks, then every chain's administrative case, penalty decision,
 * transfer, procuratorial opinion received and the agency's steps, in batches; last, each agency's last serial per kind and
 * year, so that numbers given through the workflow continue them. Only called on an empty
 * database. Returns rows written.
 */
export async function seed(db: Kysely<EnforcementDatabase>, options: DemoOptions, progress?: (done: number) => void, documentKey?: CryptoKey): Promise<number> {
  // The assessment counters (0014) are counted once after loading, not row by row.
  return withCountsAfterLoad(db, ASSESSMENT_SOURCES, () => seedRows(db, options, progress, documentKey));
}

/** Special campaigns of 2026 in 咸宁 (demo: examples of the kind the municipal government announces; production defines its own). */
const CAMPAIGNS = [
  { id: 'SC-2026-01', name: '2026年食品药品安全专项整治行动', categories: ['FOOD_SAFETY', 'SUBSTANDARD_PRODUCTS', 'COUNTERFEIT_GOODS', 'ILLEGAL_MEDICAL_PRACTICE'], regions: [], starts: '2026-03-01', ends: '2026-11-30' },
  { id: 'SC-2026-02', name: '2026年生态环境执法专项行动', categories: ['HAZARDOUS_WASTE', 'POLLUTANT_DISCHARGE'], regions: [], starts: '2026-04-01', ends: '2026-10-31' },
  { id: 'SC-2026-03', name: '长江嘉鱼赤壁段禁捕和林地保护专项行动', categories: ['ILLEGAL_FISHING', 'ILLEGAL_LOGGING', 'ILLEGAL_FOREST_LAND_OCCUPATION'], regions: ['421221', '421281'], starts: '2026-01-01', ends: '2026-12-31' },
];

async function seedRows(db: Kysely<EnforcementDatabase>, options: DemoOptions, progress?: (done: number) => void, documentKey?: CryptoKey): Promise<number> {
  const ref = demoReferenceData(options.seed);
  let rows = 0;
  rows += await bulkInsert(db, 'agency', ref.agencies);
  rows += await bulkInsert(db, 'officer', ref.officers);
  rows += await bulkInsert(db, 'power_item', ref.powerItems);
  rows += await bulkInsert(db, 'discretion_benchmark', ref.benchmarks);
  rows += await bulkInsert(db, 'special_campaign', CAMPAIGNS.map((c) => ({ id: c.id, name: c.name, categories: c.categories, regionCodes: c.regions, startsOn: c.starts, endsOn: c.ends })));
  rows += await seedChainBatches(options, 'enforcement', async (chains) => {
    // The 移送书 of the chains that reached the court, signed with the agency's key; one
    // chain's fine was raised after it was sent (CHANGED_PENALTY_CHAIN: the court's confirmation catches it).
    const sent = await demoOutboxRows(chains, ref, options, documentKey, (d, c) => ({ document: d.caseTransfer, deliveredAt: c.policeCase!.receivedAt }));
    const counts = await Promise.all([
      bulkInsert(db, 'administrative_case', collectRows(chains, (c) => c.administrativeCase)),
      bulkInsert(db, 'penalty_decision', collectRows(chains, (c) => c.penaltyDecision && demoPenaltyNow(c, c.penaltyDecision))),
      bulkInsert(db, 'handoff_outbox', sent),
      // The agency's 提请立案监督书, and the filing the procuratorate's notice brought about.
      bulkInsert(db, 'case_transfer', collectRows(chains, (c) => c.transfer && { ...c.transfer, ...(c.filingSupervision?.transfer ?? NO_TRANSFER_SUPERVISION), ...c.filingSupervision?.transferFiling })),
      bulkInsert(db, 'procuratorial_opinion', collectRows(chains, (c) => c.procuratorialOpinion)),
      bulkInsert(db, 'workflow_task', collectRows(chains, demoTasks)),
    ]);
    return counts.reduce((a, b) => a + b, 0);
  }, progress);
  rows += await bulkInsert(db, 'document_serial', demoSerials(options.seed, options.cases).last.enforcement);
  // The 以罚代刑 warnings of the seeded cases, set-based, against the catalogue of the 0010 migration;
  // with the new rows' statistics first (without them, and without autovacuum, PostgreSQL planned
  // the statement over a million cases as if the tables were empty: minutes instead of seconds).
  await sql`analyze administrative_case, penalty_decision, case_transfer`.execute(db);
  await evaluateCases(db);
  return rows;
}
