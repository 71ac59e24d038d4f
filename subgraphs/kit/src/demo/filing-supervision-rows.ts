import { indexedId } from '../graphql/ids';
import type { FilingSupervisionPlan, DemoFilingSupervisionState } from './filing-supervision';
import type { FilingSupervisionSerialKind } from './serials';
import { beijingYear } from './office-hours';
import { demoProcuratorate, type DemoRegion } from './reference-data';
import type { AdministrativeCaseRow, CaseTransferRow, PoliceCaseRow, SuspectRow } from './chain';

/**
 * The rows of a seeded filing supervision case (立案监督, filing-supervision.ts gives the
 * times), in each institution that holds a part, as the workflow would have written them:
 * the procuratorate's case with its numbers (咸安检立监要〔2026〕1号, 通立, 纠违), the bureau's
 * columns on its police case (and, filed on the notice, the filing with its 立字 number), the
 * agency's request on its transfer. The texts name the party as the documents do.
 */

export interface FilingSupervisionRow {
  id: string; chainId: string; policeCaseId: string; bureauCode: string; agencyId: string | null; procuratorateCode: string;
  reason: string; openedAt: Date;
  explanationRequestedAt: Date | null; explanationRequestNumber: string | null; explanation: string | null; explainedAt: Date | null;
  transferId: string | null; finding: 'SOUND' | 'NOT_SOUND' | null; findingReason: string | null; reviewedAt: Date | null;
  filingNotifiedAt: Date | null; filingNoticeNumber: string | null; filedAt: Date | null; filingNumber: string | null;
  correctionNoticedAt: Date | null; correctionNumber: string | null;
  personNames: string[] | null;
}

/** The bureau's supervision columns (police 0012-filing-supervision), and the filing made on the notice. */
export interface PoliceSupervisionColumns {
  supervisionId: string | null; explanationRequestedAt: Date | null; explanationRequestReason: string | null;
  nonFilingExplanation: string | null; nonFilingExplainedAt: Date | null; filingNotifiedAt: Date | null; correctionNoticedAt: Date | null;
}
/** The columns of a police case under no supervision (every seeded row carries them: bulkInsert takes its columns from the first). */
export const NO_POLICE_SUPERVISION: Readonly<PoliceSupervisionColumns> = {
  supervisionId: null, explanationRequestedAt: null, explanationRequestReason: null, nonFilingExplanation: null, nonFilingExplainedAt: null,
  filingNotifiedAt: null, correctionNoticedAt: null,
};
export type PoliceFilingOnNotice = Pick<PoliceCaseRow, 'filingDecision' | 'filingDecidedAt' | 'filingReason' | 'filingNumber'>;

/** The agency's columns (enforcement 0012-filing-supervision), and what the filing on the notice told it. */
export interface TransferSupervisionColumns { filingSupervisionRequestedAt: Date | null; filingSupervisionReason: string | null }
export const NO_TRANSFER_SUPERVISION: Readonly<TransferSupervisionColumns> = { filingSupervisionRequestedAt: null, filingSupervisionReason: null };
export type TransferFilingOnNotice = Pick<CaseTransferRow, 'filingDecision' | 'filingNoticedAt' | 'itemsHandedOverAt' | 'seizedItems'>;

export interface DemoFilingSupervision {
  plan: FilingSupervisionPlan;
  state: DemoFilingSupervisionState;
  row: FilingSupervisionRow;
  police: PoliceSupervisionColumns;
  policeFiling: PoliceFilingOnNotice | null;
  transfer: TransferSupervisionColumns | null;
  transferFiling: TransferFilingOnNotice | null;
}

const dateText = (d: Date) => {
  const b = new Date(d.getTime() + 8 * 3_600_000);
  return `${b.getUTCFullYear()}年${b.getUTCMonth() + 1}月${b.getUTCDate()}日`;
};

/** A refused chain's filing supervision case, from its plan and numbers. */
export function demoFilingSupervision(
  chain: {
    index: number; chainId: string; administrativeCase: AdministrativeCaseRow; transfer: CaseTransferRow; policeCase: PoliceCaseRow; suspects: SuspectRow[];
    agencyName: string; region: DemoRegion;
  },
  plan: FilingSupervisionPlan, serial: Readonly<Partial<Record<FilingSupervisionSerialKind, number>>>,
): DemoFilingSupervision {
  const { administrativeCase: a, transfer: t, policeCase: p } = chain;
  const pp = demoProcuratorate(chain.region.code);
  const id = indexedId('filingSupervision', chain.index);
  const party = a.partyName;
  const refusal = (p.filingReason ?? '').replace(/，依据.*$/, '').replace(/^经审查，/, '');
  const number = (kind: FilingSupervisionSerialKind, at: Date | null) => (at && serial[kind] ? `${pp.short}${kind}〔${beijingYear(at)}〕${serial[kind]}号` : null);

  const agencyReason = `${party}一案涉案数量、金额已达到刑事追诉标准，${p.bureauName}决定不予立案，经复议仍维持原决定。本机关认为公安机关应当立案而不立案，依照国务院令第310号第九条的规定，提请人民检察院依法进行立案监督。`;
  const reason = plan.byAgency ? agencyReason
    : `${chain.agencyName}移送的${party}一案，${t.reason.replace(/。$/, '')}；${p.bureauName}于${dateText(p.filingDecidedAt!)}以“${refusal}”为由决定不予立案。经审查，该案有犯罪事实需要追究刑事责任，不立案理由可能不能成立，依照《人民检察院刑事诉讼规则》第五百五十七条第二款的规定受理立案监督。`;
  const personNamesTold = [...new Set([...p.partyPersonNames, ...chain.suspects.filter((s) => s.kind === 'PERSON').map((s) => s.name)])];
  const agencyNames = a.partyKind === 'PERSON' ? [party] : [];
  const explained = plan.explainedAt !== null;
  const explanation = explained
    ? `本局于${dateText(p.filingDecidedAt!)}对${chain.agencyName}移送的${party}一案决定不予立案。经审查，${refusal}，不符合《中华人民共和国刑事诉讼法》第一百一十二条规定的立案条件。${t.reconsiderationDecidedAt ? '移送机关提请复议后，本局复议维持原决定。' : ''}特此说明。`
    : null;
  const findingReason = plan.sound === null ? null : plan.sound
    ? `经审查，${p.bureauName}说明的不立案理由成立：${refusal}，${party}一案不符合立案条件，依照《人民检察院刑事诉讼规则》第五百六十一条的规定告知${chain.agencyName}。`
    : `经审查，${party}一案涉案数量、金额已达到立案追诉标准，现有证据能够证明有犯罪事实，需要追究刑事责任，${p.bureauName}的不立案理由不能成立，依照《人民检察院刑事诉讼规则》第五百六十三条的规定通知公安机关立案。`;
  const filingNoticeNumber = plan.sound === false ? number('通立', plan.reviewedAt) : null;
  const prefix = p.caseNumber.split('受字〔')[0];
  const filingNumber = plan.filedAt && serial.立 ? `${prefix}立字〔${beijingYear(plan.filedAt)}〕${serial.立}号` : null;

  const row: FilingSupervisionRow = {
    id, chainId: chain.chainId, policeCaseId: p.id, bureauCode: p.bureauCode,
    // The agency is known from its request, or from the police's explanation (which names the transfer).
    agencyId: plan.byAgency || explained ? t.agencyId : null, procuratorateCode: pp.code, reason, openedAt: plan.openedAt,
    explanationRequestedAt: plan.explanationRequestedAt, explanationRequestNumber: number('立监要', plan.explanationRequestedAt),
    explanation, explainedAt: plan.explainedAt, transferId: plan.byAgency || explained ? t.id : null,
    finding: plan.sound === null ? null : plan.sound ? 'SOUND' : 'NOT_SOUND', findingReason, reviewedAt: plan.reviewedAt,
    filingNotifiedAt: plan.sound === false ? plan.reviewedAt : null, filingNoticeNumber,
    filedAt: plan.filedAt, filingNumber, correctionNoticedAt: plan.correctionNoticedAt, correctionNumber: number('纠违', plan.correctionNoticedAt),
    personNames: explained ? [...new Set([...(plan.byAgency ? agencyNames : []), ...personNamesTold])].sort() : plan.byAgency ? agencyNames : null,
  };
  const requested = plan.explanationReceivedAt !== null;
  const police: PoliceSupervisionColumns = {
    supervisionId: requested ? id : null, explanationRequestedAt: plan.explanationReceivedAt, explanationRequestReason: requested ? reason : null,
    nonFilingExplanation: explanation, nonFilingExplainedAt: plan.explainedAt, filingNotifiedAt: plan.notificationReceivedAt,
    correctionNoticedAt: plan.correctionReceivedAt,
  };
  const policeFiling: PoliceFilingOnNotice | null = plan.filedAt && {
    filingDecision: 'FILED', filingDecidedAt: plan.filedAt, filingNumber,
    filingReason: `根据${pp.name}${filingNoticeNumber}通知立案书，经重新审查，${party}一案有犯罪事实，需要追究刑事责任，依据《中华人民共和国刑事诉讼法》第一百一十二条之规定，决定立案侦查。`,
  };
  return {
    plan, state: plan.state, row, police, policeFiling,
    transfer: plan.byAgency ? { filingSupervisionRequestedAt: plan.requestedAt, filingSupervisionReason: agencyReason } : null,
    transferFiling: plan.filingNoticedAt && {
      filingDecision: 'FILED', filingNoticedAt: plan.filingNoticedAt, itemsHandedOverAt: plan.itemsHandedOverAt,
      seizedItems: plan.itemsHandedOverAt ? ['涉案物品清单所列物品', '现场检查笔录', '询问笔录'] : null,
    },
  };
}
