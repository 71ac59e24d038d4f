import type { AuditDatabase } from '@xianjie/subgraph-kit';

export interface CriminalTrialTable {
  id: string; chainId: string; prosecutionCaseId: string; caseNumber: string;
  /** The originating agency of the chain. */
  agencyId: string;
  courtCode: string; courtName: string; acceptedAt: Date; defendantName: string;
  verdict: 'GUILTY' | 'NOT_GUILTY' | 'EXEMPT_FROM_PUNISHMENT' | null; charges: string[];
  prisonTermMonths: number | null; fineFen: string | null; fineOffsetFen: string | null; detentionOffsetDays: number | null;
  judgedAt: Date | null; appealed: boolean; effectiveAt: Date | null; deliberationNotes: string | null;
}
export interface CourtDatabase extends AuditDatabase {
  criminalTrial: CriminalTrialTable;
}
