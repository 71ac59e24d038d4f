import type { AuditDatabase } from '@xianjie/subgraph-kit';

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
export interface CaseTransferTable {
  id: string; caseId: string; chainId: string; agencyId: string; approvedBy: string | null; approvedAt: Date | null;
  transferredAt: Date | null; materials: string[]; policeBureauCode: string; policeBureauName: string;
}
export interface EnforcementDatabase extends AuditDatabase {
  agency: AgencyTable;
  officer: OfficerTable;
  powerItem: PowerItemTable;
  discretionBenchmark: BenchmarkTable;
  administrativeCase: AdministrativeCaseTable;
  penaltyDecision: PenaltyDecisionTable;
  caseTransfer: CaseTransferTable;
}
