/**
 * The signed hand-offs of the seeded chains that reach the court (核实上游记录, issue 7,
 * item 4): the agency's 涉嫌犯罪案件移送书, the bureau's 起诉意见书 and the procuratorate's 起诉书,
 * as the workflow would have written them, each citing the digest of the one before it.
 * Every seed builds the same documents from the same chain and signs, with its own key, the
 * one its institution sent (its outbox copy, delivered); a receiver's inbox copy would need
 * the sender's key, so seeded chains have none.
 *
 * One seeded chain carries an upstream record changed after it was sent: the agency raised
 * its fine after the 移送书 had gone (the 移送书 carries the fine as it was), which the court's
 * confirmation shows as 已变更 and from which it computes no offsets.
 */
import type { CryptoKey } from 'jose';
import { documentDigest, signDocument, type HandoffDocument } from '../handoff/document';
import { DOCUMENT_TITLES, type DocumentContents, type PenaltyCarried } from '../handoff/kinds';
import { dueDate } from '../time/deadlines';
import type { DemoChain } from './chain';
import { beijingYear } from './office-hours';
import type { DemoReferenceData } from './reference-data';
import { demoSerials } from './serials';

export interface DemoHandoffs {
  caseTransfer: HandoffDocument;
  prosecutionTransfer: HandoffDocument;
  indictment: HandoffDocument;
}

/** The chain whose penalty decision the agency changed after sending the 移送书 (README, 核实上游记录). */
export const CHANGED_PENALTY_CHAIN = 'XJ-0000015';
/** How much the agency raised that fine by, in fen (5,000.00 yuan). */
export const CHANGED_PENALTY_RAISE_FEN = 500_000n;

/** The penalty as the agency's decision stands now: raised on the changed chain, as it was elsewhere. */
export function demoPenaltyNow<T extends { fineFen: string }>(chain: DemoChain, decision: T): T {
  return chain.chainId === CHANGED_PENALTY_CHAIN && chain.criminalTrial ? { ...decision, fineFen: String(BigInt(decision.fineFen) + CHANGED_PENALTY_RAISE_FEN) } : decision;
}

/** The seeded hand-offs of a chain that reached the court, or null. */
export function demoHandoffDocuments(chain: DemoChain, ref: DemoReferenceData, seed: number, cases: number): DemoHandoffs | null {
  const { administrativeCase: a, transfer: t, policeCase: p, prosecutionCase: pr, criminalTrial: trial } = chain;
  if (!trial || !t?.transferredAt || !p?.transferredForProsecutionAt || !pr) return null;
  const serial = demoSerials(seed, cases).serial;
  const agency = ref.agencyById.get(a.agencyId)!;
  const d = chain.penaltyDecision;
  const penalty: PenaltyCarried | null = d && { documentNumber: d.documentNumber, decidedAt: d.decidedAt.toISOString(), fineFen: d.fineFen, otherPenalties: d.otherPenalties };
  const party = { kind: a.partyKind as 'PERSON' | 'ORGANIZATION', name: a.partyName, idNumber: a.partyIdNumber };
  const suspects = chain.suspects.map((s) => ({ kind: s.kind as 'PERSON' | 'ORGANIZATION', name: s.name, idNumber: s.idNumber }));
  const next = (step: string, at: Date, period: Parameters<typeof dueDate>[1]) => {
    const due = dueDate(at, period);
    return { step, dueAt: due.dueAt.toISOString(), article: due.article };
  };

  const transferContent: DocumentContents['CASE_TRANSFER'] = {
    transferId: t.id, agencyId: agency.id, agencyName: agency.name, policeBureauName: t.policeBureauName,
    caseId: a.id, caseNumber: a.caseNumber, violationCategory: a.violationCategory, facts: a.facts, party,
    involvedAmountFen: a.involvedAmountFen, illegalGainsFen: a.illegalGainsFen, quantity: a.quantity, quantityUnit: a.quantityUnit,
    reason: t.reason, materials: t.materials, approvedBy: t.approvedBy, approvedAt: t.approvedAt?.toISOString() ?? null, penaltyDecision: penalty,
  };
  const caseTransfer: HandoffDocument = {
    id: `CASE_TRANSFER:${t.id}`, kind: 'CASE_TRANSFER', title: DOCUMENT_TITLES.CASE_TRANSFER,
    // The agency's prefix, as its case numbers have it (咸安市监立〔2026〕12号 → 咸安市监移〔2026〕n号).
    number: `${a.caseNumber.split('立〔')[0]}移〔${beijingYear(t.transferredAt)}〕${serial.transferDocument[chain.index]}号`,
    sender: 'enforcement', senderOrg: agency.id, receiver: 'police', receiverOrg: t.policeBureauCode,
    chainId: chain.chainId, subjectId: t.id, issuedAt: t.transferredAt.toISOString(), content: { ...transferContent }, upstream: [],
    nextStep: next('decideFiling', t.transferredAt, { count: 3, unit: 'days', article: '国务院令第310号第八条' }),
  };

  const prosecutionContent: DocumentContents['PROSECUTION_TRANSFER'] = {
    policeCaseId: p.id, policeCaseNumber: p.caseNumber, filingNumber: p.filingNumber, bureauCode: p.bureauCode, bureauName: p.bureauName,
    agencyId: agency.id, transferId: t.id, procuratorateCode: pr.procuratorateCode, suspects, proposedCharges: pr.charges,
    facts: a.facts, penaltyDecision: penalty,
  };
  const prosecutionTransfer: HandoffDocument = {
    id: `PROSECUTION_TRANSFER:${p.id}`, kind: 'PROSECUTION_TRANSFER', title: DOCUMENT_TITLES.PROSECUTION_TRANSFER,
    // 咸安公（经）受字〔2026〕3号 → 咸安公（经）诉字〔2026〕n号
    number: `${p.caseNumber.split('受字〔')[0]}诉字〔${beijingYear(p.transferredForProsecutionAt)}〕${serial.prosecutionTransfer[chain.index]}号`,
    sender: 'police', senderOrg: p.bureauCode, receiver: 'procuratorate', receiverOrg: pr.procuratorateCode,
    chainId: chain.chainId, subjectId: p.id, issuedAt: p.transferredForProsecutionAt.toISOString(), content: { ...prosecutionContent },
    upstream: [{ id: caseTransfer.id, digest: documentDigest(caseTransfer) }],
    nextStep: next('decideProsecution', p.transferredForProsecutionAt, { count: 1, unit: 'months', article: '刑事诉讼法第一百七十二条' }),
  };

  const indictedAt = pr.decidedAt ?? trial.receivedAt;
  const indictmentContent: DocumentContents['INDICTMENT'] = {
    prosecutionCaseId: pr.id, prosecutionCaseNumber: pr.caseNumber!, procuratorateCode: pr.procuratorateCode, procuratorateName: pr.procuratorateName,
    policeCaseId: p.id, agencyId: agency.id, courtCode: trial.courtCode, defendants: suspects, charges: pr.charges, facts: a.facts,
    sentencingRecommendation: null, penaltyDecision: penalty,
  };
  const indictment: HandoffDocument = {
    id: `INDICTMENT:${pr.id}`, kind: 'INDICTMENT', title: DOCUMENT_TITLES.INDICTMENT, number: pr.caseNumber!,
    sender: 'procuratorate', senderOrg: pr.procuratorateCode, receiver: 'court', receiverOrg: trial.courtCode,
    chainId: chain.chainId, subjectId: pr.id, issuedAt: indictedAt.toISOString(), content: { ...indictmentContent },
    upstream: [{ id: prosecutionTransfer.id, digest: documentDigest(prosecutionTransfer) }],
    nextStep: next('recordJudgment', indictedAt, { count: 2, unit: 'months', article: '刑事诉讼法第二百零八条' }),
  };
  return { caseTransfer, prosecutionTransfer, indictment };
}

/**
 * The outbox rows of the seeded documents an institution sent, signed with its key (in
 * parallel: WebCrypto signs on libuv's thread pool), each delivered when its receiver recorded it.
 */
export async function demoOutboxRows(
  chains: readonly DemoChain[], ref: DemoReferenceData, options: { seed: number; cases: number }, key: CryptoKey | undefined,
  pick: (documents: DemoHandoffs, chain: DemoChain) => { document: HandoffDocument; deliveredAt: Date },
) {
  if (!key) return [];
  const picked = chains.flatMap((c) => {
    const documents = demoHandoffDocuments(c, ref, options.seed, options.cases);
    return documents ? [pick(documents, c)] : [];
  });
  return Promise.all(picked.map(async ({ document, deliveredAt }) => outboxRow(document, await signDocument(document, key), deliveredAt)));
}

function outboxRow(document: HandoffDocument, signed: { digest: string; signature: string }, deliveredAt: Date) {
  const receiver = document.receiver;
  return {
    id: document.id, receiver, kind: document.kind, chainId: document.chainId, subjectId: document.subjectId,
    document: JSON.stringify(document), digest: signed.digest, signature: signed.signature, createdAt: new Date(document.issuedAt),
    state: 'delivered', attempts: 1, nextAttemptAt: deliveredAt, deliveredAt, lastError: null,
  };
}
