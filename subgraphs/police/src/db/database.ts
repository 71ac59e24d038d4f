import type { AuditDatabase } from '@xianjie/subgraph-kit';

export interface PoliceCaseTable {
  id: string; chainId: string; transferId: string; caseNumber: string;
  /** The agency that transferred the case: owed written notice (国务院令第310号 Art. 8). */
  agencyId: string;
  bureauCode: string; bureauName: string; receivedAt: Date;
  filingDecision: 'PENDING' | 'FILED' | 'NOT_FILED'; filingDecidedAt: Date | null; filingReason: string | null;
  investigationNotes: string[]; transferredForProsecutionAt: Date | null;
}
export interface ReconsiderationTable {
  id: string; policeCaseId: string; requestedAt: Date; decidedAt: Date | null;
  decision: 'PENDING' | 'FILED' | 'NOT_FILED'; reason: string | null;
}
export interface SuspectTable { id: string; policeCaseId: string; kind: string; name: string; idNumber: string }
export interface PoliceDatabase extends AuditDatabase {
  policeCase: PoliceCaseTable;
  reconsideration: ReconsiderationTable;
  suspect: SuspectTable;
}
