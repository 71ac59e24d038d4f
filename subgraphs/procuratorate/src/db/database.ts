import type { AuditDatabase, HandoffDatabase, PenaltyCarried, WorkflowDatabase } from '@xianjie/subgraph-kit';
import type { Generated } from 'kysely';

export interface ProsecutionCaseTable extends ProsecutionProgressColumns {
  id: string; chainId: string; policeCaseId: string;
  /** 咸安检刑诉〔2026〕1号: given on acceptance (受理); null while a received case awaits it. */
  caseNumber: string | null;
  /** The originating agency of the chain. */
  agencyId: string;
  procuratorateCode: string; procuratorateName: string; receivedAt: Date;
  decision: 'PENDING' | 'INDICTED' | 'NOT_PROSECUTED'; decidedAt: Date | null; charges: string[];
  reviewOpinion: string | null;
  /** The suspects' names, for masking the texts that name them; null on cases from before they were recorded. */
  suspectNames: string[] | null;
}
/** What the linkage steps add to a prosecution case (0004-workflow); null where the step was not taken. */
export interface ProsecutionProgressColumns {
  /** Arrived through the inbox and not accepted yet (受理, 检察规则 Arts. 156–158). */
  awaitingAcceptance: Generated<boolean>;
  acceptedAt: Generated<Date | null>;
  /** The review period extended by 15 days for a major, complex case (刑事诉讼法 Art. 172). */
  reviewExtendedAt: Generated<Date | null>;
  reviewExtensionReason: Generated<string | null>;
  /** 量刑建议 of the indictment (刑事诉讼法 Art. 176 para. 2). */
  sentencingRecommendation: Generated<string | null>;
  /** 不起诉: the grounds and the paragraph of 刑事诉讼法 Art. 177 applied. */
  nonProsecutionGrounds: Generated<string | null>;
  nonProsecutionArticle: Generated<string | null>;
  /** The court's 刑事判决书 on the indictment, as received (刑事诉讼法 Arts. 202, 259; 0009-judgment-notice). */
  judgmentNumber: Generated<string | null>; judgmentVerdict: Generated<string | null>; judgmentEffectiveAt: Generated<Date | null>;
}
export interface ReverseTransferTable extends ReverseTransferReplyColumns { prosecutionCaseId: string; agencyId: string; sentAt: Date; opinion: string }
/** The agency's reply to the procuratorial opinion (0004-workflow), as its OPINION_REPLY said. */
export interface ReverseTransferReplyColumns {
  reply: Generated<string | null>;
  repliedAt: Generated<Date | null>;
  /** The administrative penalty the agency imposed, if any. */
  replyPenalty: Generated<PenaltyCarried | null>;
}
/** A 建议移送 sent to an agency (检察规则 Art. 557 para. 3), and its answer (0010-supervision). */
export interface TransferSuggestionTable {
  id: string; number: string; chainId: string; caseId: string; agencyId: string; procuratorateCode: string; reason: string;
  sentAt: Date; answerDueAt: Date; answerTransfer: boolean | null; answerReason: string | null; answeredAt: Date | null;
}
/** 立案监督 of a police case's refusal to file (检察规则 Arts. 557–564; 0012-filing-supervision). */
export interface FilingSupervisionTable {
  id: string; chainId: string; policeCaseId: string; bureauCode: string; agencyId: string | null; procuratorateCode: string;
  reason: string; openedAt: Date;
  explanationRequestedAt: Date | null; explanationRequestNumber: string | null; explanation: string | null; explainedAt: Date | null;
  transferId: Generated<string | null>; finding: Generated<'SOUND' | 'NOT_SOUND' | null>; findingReason: Generated<string | null>; reviewedAt: Generated<Date | null>;
  filingNotifiedAt: Generated<Date | null>; filingNoticeNumber: Generated<string | null>; filedAt: Generated<Date | null>; filingNumber: Generated<string | null>;
  correctionNoticedAt: Generated<Date | null>; correctionNumber: Generated<string | null>;
  /** The persons the case names, from the documents received (0015-supervision-names); null until known. */
  personNames: Generated<string[] | null>;
}
export interface ProcuratorateDatabase extends AuditDatabase, HandoffDatabase, WorkflowDatabase {
  prosecutionCase: ProsecutionCaseTable;
  reverseTransfer: ReverseTransferTable;
  transferSuggestion: TransferSuggestionTable;
  filingSupervision: FilingSupervisionTable;
}
