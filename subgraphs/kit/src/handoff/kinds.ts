/**
 * The documents the four institutions hand each other: the contract between their
 * subgraphs. Each kind names its sender and receiver, its title as printed, and what its
 * content carries. A document carries forward what later institutions need of earlier
 * ones (the penalty already imposed, which the court offsets under 行政处罚法 Art. 35), so
 * no institution reads another's database; the digests in `upstream` tie it to the
 * documents it rests on.
 */
import type { StatutoryPeriod } from '../time/deadlines';

/** Money travels as integer fen in a decimal string; times as ISO 8601. */
type Fen = string;
type Instant = string;

/** The administrative penalty already imposed on the party, if any (行政处罚法 Art. 35). */
export interface PenaltyCarried {
  documentNumber: string;
  decidedAt: Instant;
  fineFen: Fen;
  otherPenalties: string[];
  /** Days of administrative detention, offset against a prison term. */
  detentionDays?: number;
}

export interface PersonCarried {
  kind: 'PERSON' | 'ORGANIZATION';
  name: string;
  idNumber: string;
}

export interface DocumentContents {
  /** 涉嫌犯罪案件移送书 — enforcement → police (国务院令第310号 Arts. 5–6). */
  CASE_TRANSFER: {
    transferId: string; agencyId: string; agencyName: string; policeBureauName: string;
    caseId: string; caseNumber: string; violationCategory: string; facts: string; party: PersonCarried;
    involvedAmountFen: Fen; illegalGainsFen: Fen; quantity: string | null; quantityUnit: string | null;
    reason: string | null; materials: string[]; approvedBy: string | null; approvedAt: Instant | null;
    penaltyDecision: PenaltyCarried | null;
  };
  /** 涉嫌犯罪案件移送书回执 — police → enforcement (Art. 7). */
  TRANSFER_RECEIPT: { transferId: string; policeCaseId: string; caseNumber: string; bureauName: string; signedAt: Instant };
  /** 立案告知书 / 不予立案通知书 — police → enforcement (Art. 8; 公安规定 Art. 180). */
  FILING_NOTICE: { transferId: string; policeCaseId: string; decision: 'FILED' | 'NOT_FILED'; reason: string; filingNumber: string | null; decidedAt: Instant };
  /** 移送案件转送告知 — police → enforcement: not this bureau's, forwarded to another (Art. 7). */
  FORWARD_NOTICE: { transferId: string; policeCaseId: string; fromBureau: string; toBureau: string; toBureauName: string; reason: string };
  /** 补正材料通知 — police → enforcement: materials incomplete (公安规定 Art. 180 para. 2). */
  MATERIALS_REQUEST: { transferId: string; policeCaseId: string; missing: string[] };
  /** 补正材料 — enforcement → police: the missing materials supplied. */
  MATERIALS_SUPPLEMENT: { transferId: string; policeCaseId: string; materials: string[] };
  /** 提请复议书 — enforcement → police, after a refusal to file (Art. 9; 公安规定 Art. 181). */
  RECONSIDERATION_REQUEST: { transferId: string; policeCaseId: string; reason: string };
  /** 复议决定书 — police → enforcement (Art. 9). */
  RECONSIDERATION_DECISION: { transferId: string; policeCaseId: string; decision: 'FILED' | 'NOT_FILED'; reason: string; filingNumber: string | null };
  /** 涉案物品移交清单 — enforcement → police, after a filing (Art. 12). */
  SEIZED_ITEMS_HANDOVER: { transferId: string; policeCaseId: string; items: string[] };
  /** 撤销案件告知书 — police → enforcement (公安规定 Art. 189). */
  CASE_CLOSED_NOTICE: { transferId: string; policeCaseId: string; reason: string; closedAt: Instant };
  /** 起诉意见书 — police → procuratorate (刑事诉讼法 Art. 162). */
  PROSECUTION_TRANSFER: {
    policeCaseId: string; policeCaseNumber: string; filingNumber: string | null; bureauCode: string; bureauName: string;
    agencyId: string; transferId: string; procuratorateCode: string; suspects: PersonCarried[]; proposedCharges: string[];
    facts: string; penaltyDecision: PenaltyCarried | null;
  };
  /** 起诉书 — procuratorate → court (刑事诉讼法 Art. 176). */
  INDICTMENT: {
    prosecutionCaseId: string; prosecutionCaseNumber: string; procuratorateCode: string; procuratorateName: string;
    policeCaseId: string; agencyId: string; courtCode: string; defendants: PersonCarried[]; charges: string[];
    facts: string; sentencingRecommendation: string | null; penaltyDecision: PenaltyCarried | null;
  };
  /** 不起诉决定书 — procuratorate → police (刑事诉讼法 Art. 179). */
  NON_PROSECUTION_DECISION: { prosecutionCaseId: string; policeCaseId: string; grounds: string; article: string };
  /** 检察意见书 — procuratorate → enforcement, after a non-prosecution (刑事诉讼法 Art. 177 para. 3; 检察规则 Art. 373). */
  PROCURATORIAL_OPINION: {
    prosecutionCaseId: string; prosecutionCaseNumber: string; caseId: string; transferId: string; agencyId: string; opinion: string;
    /** The persons the opinion names (the suspects not prosecuted), so that the agency can mask them where the identity rule says; null where the procuratorate's record has none. */
    suspectNames: string[] | null;
  };
  /** 检察意见回复 — enforcement → procuratorate: what the agency did, with the penalty imposed (反向衔接). */
  /**
   * The opinion replied to, as the agency's record has it: its number from the signed copy, or
   * null for an opinion recorded before the platform (no copy; the upstream cites it with no digest).
   */
  OPINION_REPLY: {
    prosecutionCaseId: string; caseId: string; reply: string; penaltyDecision: PenaltyCarried | null;
    opinion: { number: string | null; receivedAt: Instant };
  };
  /**
   * 检察意见书（建议移送涉嫌犯罪案件） — procuratorate → enforcement: a case the agency penalised
   * without transferring, to be transferred to the police (检察规则 Art. 557 para. 3; 310 Art. 14).
   */
  TRANSFER_SUGGESTION: { caseId: string; chainId: string; agencyId: string; procuratorateName: string; reason: string };
  /** 建议移送回复函 — enforcement → procuratorate: transferred (the transfer's id), or why not. */
  TRANSFER_SUGGESTION_ANSWER: { caseId: string; suggestionId: string; transfer: boolean; transferId: string | null; reason: string };
  /**
   * 要求说明不立案理由通知书 — procuratorate → police: a refusal to file under filing supervision,
   * to be explained in writing within 7 days (检察规则 Arts. 559–560; 公安规定 Art. 182).
   */
  NON_FILING_EXPLANATION_REQUEST: { supervisionId: string; policeCaseId: string; procuratorateName: string; reason: string };
  /** 不立案理由说明书 — police → procuratorate: the refusal's facts, grounds and reasons (检察规则 Art. 560). */
  NON_FILING_EXPLANATION: {
    supervisionId: string; policeCaseId: string; policeCaseNumber: string; agencyId: string; transferId: string;
    /** The refusal explained, as the bureau decided it. */
    refusedAt: Instant | null; refusalReason: string | null; explanation: string;
    /** The persons the case names (the transfer's party, the suspects): the procuratorate masks them for the agency and oversight. */
    personNames?: string[];
  };
  /**
   * 通知立案书 — procuratorate → police: the reasons found unsound, the case to be filed within
   * 15 days of receipt and the 立案决定书 sent to the procuratorate (检察规则 Arts. 561, 563; 公安规定 Art. 182 para. 2).
   */
  FILING_NOTIFICATION: { supervisionId: string; policeCaseId: string; procuratorateName: string; reason: string };
  /** 立案决定书（副本） — police → procuratorate: the case filed as notified (检察规则 Art. 563; 公安规定 Art. 182). */
  FILING_DECISION_COPY: { supervisionId: string; policeCaseId: string; filingNumber: string; filedAt: Instant };
  /**
   * 不立案理由审查意见通知书 — procuratorate → enforcement: the police's reasons found sound, with
   * their grounds, told to the agency (检察规则 Art. 561 para. 2, within 10 days).
   */
  NON_FILING_REVIEW_NOTICE: { supervisionId: string; policeCaseId: string; transferId: string; agencyId: string; explanation: string; reason: string };
  /** 纠正违法通知书 — procuratorate → police: not filed within the 15 days notified (检察规则 Art. 564). */
  CORRECTION_NOTICE: { supervisionId: string; policeCaseId: string; procuratorateName: string; violation: string };
  /**
   * 提请立案监督书 — enforcement → procuratorate: the reconsideration upheld the refusal, and the
   * agency asks for filing supervision within 3 days of the decision (国务院令第310号 Art. 9; 检察规则 Art. 557).
   */
  FILING_SUPERVISION_REQUEST: {
    transferId: string; policeCaseId: string; bureauCode: string; agencyId: string; reason: string;
    /** The party, when a person: the procuratorate masks the name for oversight. */
    personNames?: string[];
  };
  /** 判决书 — court → procuratorate (and the originating agency) (刑事诉讼法 Arts. 202, 259). */
  JUDGMENT_NOTICE: {
    trialId: string; trialCaseNumber: string; courtCode: string; prosecutionCaseId: string; agencyId: string;
    verdict: 'GUILTY' | 'NOT_GUILTY' | 'EXEMPT_FROM_PUNISHMENT'; charges: string[]; prisonTermMonths: number | null;
    fineFen: Fen | null; fineOffsetFen: Fen | null; detentionOffsetDays: number | null; judgedAt: Instant; effectiveAt: Instant | null;
  };
}

export type DocumentKind = keyof DocumentContents;

/** Printed titles, as the receiver's people read them. */
export const DOCUMENT_TITLES: Record<DocumentKind, string> = {
  CASE_TRANSFER: '涉嫌犯罪案件移送书',
  TRANSFER_RECEIPT: '涉嫌犯罪案件移送书回执',
  FILING_NOTICE: '立案告知书',
  FORWARD_NOTICE: '移送案件转送告知书',
  MATERIALS_REQUEST: '补正材料通知书',
  MATERIALS_SUPPLEMENT: '补正材料移送函',
  RECONSIDERATION_REQUEST: '提请复议书',
  RECONSIDERATION_DECISION: '复议决定书',
  SEIZED_ITEMS_HANDOVER: '涉案物品移交清单',
  CASE_CLOSED_NOTICE: '撤销案件告知书',
  PROSECUTION_TRANSFER: '起诉意见书',
  INDICTMENT: '起诉书',
  NON_PROSECUTION_DECISION: '不起诉决定书',
  PROCURATORIAL_OPINION: '检察意见书',
  OPINION_REPLY: '检察意见回复函',
  JUDGMENT_NOTICE: '刑事判决书',
  TRANSFER_SUGGESTION: '检察意见书（建议移送涉嫌犯罪案件）',
  TRANSFER_SUGGESTION_ANSWER: '建议移送涉嫌犯罪案件回复函',
  NON_FILING_EXPLANATION_REQUEST: '要求说明不立案理由通知书',
  NON_FILING_EXPLANATION: '不立案理由说明书',
  FILING_NOTIFICATION: '通知立案书',
  FILING_DECISION_COPY: '立案决定书（副本）',
  NON_FILING_REVIEW_NOTICE: '不立案理由审查意见通知书',
  CORRECTION_NOTICE: '纠正违法通知书',
  FILING_SUPERVISION_REQUEST: '提请立案监督书',
};

/** A document's content, typed by its kind. */
export function contentOf<K extends DocumentKind>(_kind: K, content: Record<string, unknown>): DocumentContents[K] {
  return content as unknown as DocumentContents[K];
}

/**
 * The agency's reply to a 检察意见 is due two months from receipt (反向衔接): counted by the
 * procuratorate that sends it and by the agency that owes it, the same way.
 */
export const OPINION_REPLY_PERIOD: StatutoryPeriod = {
  count: 2, unit: 'months', article: '最高人民检察院《关于推进行政执法与刑事司法衔接工作的规定》（2021年）',
};

/**
 * 刑事诉讼法 Art. 230: an appeal or protest against a first-instance judgment within 10 days,
 * from the day after it is received (taken as the day it is pronounced); unappealed, the
 * judgment takes effect when the period ends (Art. 259). The court counts it; the demo
 * generator dates seeded judgments' effect by it.
 */
export const APPEAL_PERIOD: StatutoryPeriod = { count: 10, unit: 'days', article: '刑事诉讼法第二百三十条' };

/**
 * The agency answers a 建议移送 (检察规则 Art. 557 para. 3, itself a 检察意见) within the
 * same two months as any 检察意见; Art. 557 sets no period of its own.
 */
export const TRANSFER_SUGGESTION_ANSWER_PERIOD: StatutoryPeriod = OPINION_REPLY_PERIOD;

/**
 * 立案监督: the police explain a refusal to file within 7 days of receiving the procuratorate's
 * request (检察规则 Art. 560; 公安规定 Art. 182), counted by both the same way.
 */
export const NON_FILING_EXPLANATION_PERIOD: StatutoryPeriod = {
  count: 7, unit: 'days', article: '人民检察院刑事诉讼规则第五百六十条；公安机关办理刑事案件程序规定第一百八十二条',
};

/** 通知立案: the police file within 15 days of receiving the 通知立案书 (检察规则 Art. 563; 公安规定 Art. 182 para. 2). */
export const FILING_NOTIFICATION_PERIOD: StatutoryPeriod = {
  count: 15, unit: 'days', article: '人民检察院刑事诉讼规则第五百六十三条；公安机关办理刑事案件程序规定第一百八十二条第二款',
};
