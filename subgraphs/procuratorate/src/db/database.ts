import type { AuditDatabase } from '@xianjie/subgraph-kit';

export interface ProsecutionCaseTable {
  id: string; chainId: string; policeCaseId: string; caseNumber: string;
  /** The originating agency of the chain. */
  agencyId: string;
  procuratorateCode: string; procuratorateName: string; receivedAt: Date;
  decision: 'PENDING' | 'INDICTED' | 'NOT_PROSECUTED'; decidedAt: Date | null; charges: string[];
  reviewOpinion: string | null;
  /** The suspects' names, for masking the texts that name them; null on cases from before they were recorded. */
  suspectNames: string[] | null;
}
export interface ReverseTransferTable { prosecutionCaseId: string; agencyId: string; sentAt: Date; opinion: string }
export interface ProcuratorateDatabase extends AuditDatabase {
  prosecutionCase: ProsecutionCaseTable;
  reverseTransfer: ReverseTransferTable;
}
