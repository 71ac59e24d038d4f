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
  /** 补正材料 (公安规定 Art. 180 para. 2): what was asked for and when, and what the agency supplied. */
  materialsRequestedAt: Generated<Date | null>; missingMaterials: Generated<string[] | null>;
  materialsSuppliedAt: Generated<Date | null>; suppliedMaterials: Generated<string[] | null>;
  /** 涉案物品 handed over by the agency after the filing (国务院令第310号 Art. 12). */
  seizedItems: Generated<string[] | null>; seizedItemsReceivedAt: Generated<Date | null>;
  /** 撤案 (公安规定 Arts. 186, 189). */
  closedAt: Generated<Date | null>; closeReason: Generated<string | null>;
  /** The charges proposed in the 起诉意见书 (刑事诉讼法 Art. 162). */
  proposedCharges: Generated<string[] | null>;
  /** The procuratorate's 不起诉决定书, as received (刑事诉讼法 Art. 179; 0009-non-prosecution). */
  notProsecutedAt: Generated<Date | null>; nonProsecutionNumber: Generated<string | null>;
  /** 立案监督: the procuratorate's request to explain a refusal, and the explanation (0012-filing-supervision). */
  supervisionId: Generated<string | null>; explanationRequestedAt: Generated<Date | null>; explanationRequestReason: Generated<string | null>;
  nonFilingExplanation: Generated<string | null>; nonFilingExplainedAt: Generated<Date | null>;
  filingNotifiedAt: Generated<Date | null>; correctionNoticedAt: Generated<Date | null>;
  /** The transfer's party, when a person: texts naming them are masked for the agency and oversight (0015-person-names). */
  partyPersonNames: Generated<string[]>;
}
/** A case forwarded to the bureau that has jurisdiction (国务院令第310号 Art. 7). */
export interface CaseForwardTable {
  id: string; policeCaseId: string; fromBureauCode: string; fromCaseNumber: string;
  toBureauCode: string; toBureauName: string; reason: string; forwardedAt: Date;
}
export interface ReconsiderationTable {
  id: string; policeCaseId: string; requestedAt: Date; decidedAt: Date | null;
  decision: 'PENDING' | 'FILED' | 'NOT_FILED'; reason: string | null;
  /** The agency's grounds for asking (0005-linkage-steps). */
  requestReason: Generated<string | null>;
}
export interface SuspectTable { id: string; policeCaseId: string; kind: string; name: string; idNumber: string }
export interface PoliceDatabase extends AuditDatabase, HandoffDatabase, WorkflowDatabase {
  policeCase: PoliceCaseTable;
  reconsideration: ReconsiderationTable;
  suspect: SuspectTable;
  caseForward: CaseForwardTable;
}
