import type { AuditDatabase, HandoffDatabase, WorkflowDatabase } from '@xianjie/subgraph-kit';
import type { Generated } from 'kysely';

export interface PoliceCaseTable extends PoliceCaseProgressColumns {
  id: string; chainId: string; transferId: string; caseNumber: string;
  /** The agency that transferred the case: owed written notice (国务院令第310号 Art. 8). */
  agencyId: string;
  bureauCode: string; bureauName: string; receivedAt: Date;
  filingDecision: 'PENDING' | 'FILED' | 'NOT_FILED'; filingDecidedAt: Date | null; filingReason: string | null;
  investigationNotes: string[]; transferredForProsecutionAt: Date | null;
}
/** What the linkage steps add to a police case (0003-workflow). */
export interface PoliceCaseProgressColumns {
  /** Arrived through the inbox and not signed for yet (签收回执, 国务院令第310号 Art. 7). */
  awaitingReceipt: Generated<boolean>;
  receiptSignedAt: Generated<Date | null>;
  /** The filing number (立案决定书 number), given only when filed. */
  filingNumber: Generated<string | null>;
}
export interface ReconsiderationTable {
  id: string; policeCaseId: string; requestedAt: Date; decidedAt: Date | null;
  decision: 'PENDING' | 'FILED' | 'NOT_FILED'; reason: string | null;
}
export interface SuspectTable { id: string; policeCaseId: string; kind: string; name: string; idNumber: string }
export interface PoliceDatabase extends AuditDatabase, HandoffDatabase, WorkflowDatabase {
  policeCase: PoliceCaseTable;
  reconsideration: ReconsiderationTable;
  suspect: SuspectTable;
}
