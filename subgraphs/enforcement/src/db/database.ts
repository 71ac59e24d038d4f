import type { AuditDatabase, HandoffDatabase, WorkflowDatabase } from '@xianjie/subgraph-kit';
import type { Generated } from 'kysely';

/** The enforcement database, as Kysely sees it (camelCase; snake_case in SQL). Money is integer fen. */
export interface AgencyTable { id: string; name: string; kind: string; regionCode: string; creditCode: string }
export interface OfficerTable { id: string; agencyId: string; name: string; certificateNumber: string; validUntil: Date }
export interface PowerItemTable { id: string; agencyId: string; code: string; name: string; category: string; legalBasis: string; responsibleBody: string }
export interface BenchmarkTable {
  id: string; agencyId: string; code: string; violation: string; legalBasis: string; circumstance: string;
  minFineFen: string; maxFineFen: string;
}
export interface AdministrativeCaseTable {
  id: string; chainId: string; caseNumber: string; agencyId: string; procedure: string; violationCategory: string;
  facts: string; partyKind: string; partyName: string; partyIdNumber: string;
  involvedAmountFen: string; illegalGainsFen: string; quantity: string | null; quantityUnit: string | null;
  registeredAt: Date; officerIds: string[];
}
export interface PenaltyDecisionTable {
  caseId: string; documentNumber: string; decidedAt: Date; fineFen: string; otherPenalties: string[];
  legalBasis: string; benchmarkId: string | null; published: boolean; publishedAt: Date | null;
}
export interface CaseTransferTable extends TransferProgressColumns {
  id: string; caseId: string; chainId: string; agencyId: string; approvedBy: string | null; approvedAt: Date | null;
  transferredAt: Date | null; materials: string[]; policeBureauCode: string; policeBureauName: string;
}
/** What the linkage steps add to a transfer (0004-workflow); null where the step was not taken. */
export interface TransferProgressColumns {
  proposedAt: Generated<Date | null>; proposedBy: Generated<string | null>; reason: Generated<string | null>;
  refusedAt: Generated<Date | null>; refusalReason: Generated<string | null>;
  /** The police's filing decision as its notice said (FILED / NOT_FILED), and when the notice arrived. */
  filingDecision: Generated<string | null>; filingNoticedAt: Generated<Date | null>;
  /** Seized items and materials handed over after filing (310 Art. 12). */
  itemsHandedOverAt: Generated<Date | null>;
  /** The police's later steps and the agency's replies (0006-police-replies). */
  forwardedAt: Generated<Date | null>;
  materialsRequestedAt: Generated<Date | null>; missingMaterials: Generated<string[] | null>; materialsSuppliedAt: Generated<Date | null>;
  seizedItems: Generated<string[] | null>;
  reconsiderationRequestedAt: Generated<Date | null>; reconsiderationReason: Generated<string | null>;
  reconsiderationDecidedAt: Generated<Date | null>; reconsiderationDecision: Generated<string | null>;
  policeClosedAt: Generated<Date | null>; policeCloseReason: Generated<string | null>;
  /** 提请立案监督 (国务院令第310号 Art. 9; 0012-filing-supervision). */
  filingSupervisionRequestedAt: Generated<Date | null>; filingSupervisionReason: Generated<string | null>;
}
/** A procuratorial opinion (检察意见) received after a non-prosecution, and the agency's reply (反向衔接). */
export interface ProcuratorialOpinionTable {
  documentId: string; caseId: string; prosecutionCaseId: string; procuratorateCode: string; opinion: string;
  receivedAt: Date; repliedAt: Date | null; reply: string | null;
  /** The persons the opinion names (its suspects), to mask them in its text; null where not known. */
  suspectNames: string[] | null;
}
/** What a threshold tests that the first case tables did not record (0010-supervision); null where not entered. */
export interface CaseSupervisionColumns {
  /** The kind of conduct where the thresholds differ: 盗伐 / 滥伐, 公益林地 / 商品林地 / 基本农田 / 其他耕地, 假冒注册商标 / 销售假冒注册商标的商品. */
  conduct: Generated<string | null>;
  /** 销售金额, where entered apart from the 涉案金额; 尚未销售的货值金额. */
  salesFen: Generated<string | null>;
  unsoldValueFen: Generated<string | null>;
}
/** The threshold catalogue's versions (a change re-evaluates every case) and its criteria (kit law/thresholds.ts). */
export interface ThresholdCatalogueTable { version: number; changedAt: Date; changedBy: string | null; note: string }
export interface ThresholdCriterionTable {
  id: string; offence: string; criminalArticle: string; categories: string[]; conduct: string | null; presumed: boolean;
  fact: string | null; factLabel: string | null; unit: string | null; figure: string | null;
  priorPenalties: number | null; priorMonths: number | null; text: string; basis: string;
}
/** A 以罚代刑 warning: a case that meets thresholds and was not transferred; with the 建议移送 received and the answer. */
export interface SupervisionWarningTable {
  caseId: string; chainId: string; agencyId: string; criteria: string[]; catalogueVersion: number; raisedAt: Date;
  closedAt: Date | null; closeReason: string | null;
  suggestionDocumentId: string | null; suggestionNumber: string | null; suggestionProcuratorate: string | null; suggestionReason: string | null;
  suggestionReceivedAt: Date | null; answerTransfer: boolean | null; answerReason: string | null; answeredAt: Date | null;
}
export interface EnforcementDatabase extends AuditDatabase, HandoffDatabase, WorkflowDatabase {
  agency: AgencyTable;
  officer: OfficerTable;
  powerItem: PowerItemTable;
  discretionBenchmark: BenchmarkTable;
  administrativeCase: AdministrativeCaseTable & CaseSupervisionColumns;
  penaltyDecision: PenaltyDecisionTable;
  caseTransfer: CaseTransferTable;
  procuratorialOpinion: ProcuratorialOpinionTable;
  thresholdCatalogue: ThresholdCatalogueTable;
  thresholdCriterion: ThresholdCriterionTable;
  supervisionWarning: SupervisionWarningTable;
}
