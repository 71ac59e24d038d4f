// A new case driven through the linkage by GraphQL mutations only, each step as the role
// that takes it: `npm run walk` runs it against the running system; the end-to-end test
// (test/src/end-to-end.test.ts) runs the same walks against its own stack. Two paths:
// to an effective judgment, and from a non-prosecution back to an administrative penalty
// (反向衔接).
import { residentId } from '@xianjie/subgraph-kit';

export interface WalkClient {
  /** Sends an operation as a role of a unit; returns data or throws with the errors. */
  as(role: string, org: string | null, query: string, variables?: Record<string, unknown>): Promise<any>;
}

export interface WalkStepResult {
  title: string;
  role: string;
  org: string | null;
  /** The number of what the step produced (case, decision, transfer, document …). */
  number?: string;
  /** The step it opened next, with its due time and article. */
  next?: { title: string; dueAt: string; article: string };
}

/** Where a walk ends: an effective judgment, or a non-prosecution answered by an administrative penalty. */
export type WalkPath = 'judgment' | 'non-prosecution';

export interface WalkResult {
  path: WalkPath;
  chainId: string;
  /** The records of the chain, one per institution. */
  ids: { caseId: string; transferId: string; policeCaseId: string; prosecutionId: string; trialId?: string };
  steps: WalkStepResult[];
}

export const WALK_UNITS = { agency: 'AG-421202-SCJG', bureau: 'PB-421202', procuratorate: 'PP-421202', court: 'CO-421202' } as const;
const { agency: AGENCY, bureau: BUREAU, procuratorate: PROCURATORATE, court: COURT } = WALK_UNITS;

/** The party of every walk (a person, so the public sees the name masked). */
export const WALK_PARTY = { kind: 'PERSON', name: '王建国', idNumber: residentId('421202', new Date(Date.UTC(1980, 4, 6)), 31) } as const;

/** Polls until `done` holds (a document delivered between institutions), or throws. */
async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`等待超时：${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const STEPS_FIELDS = 'steps { step title article dueAt doneAt }';
type Step = { step: string; title: string; article: string; dueAt: string; doneAt: string | null };
const openStep = (steps: Step[] | null | undefined, step: string) => {
  const s = steps?.find((x) => x.step === step && !x.doneAt);
  return s ? { title: s.title, dueAt: s.dueAt, article: s.article } : undefined;
};
type Doc = { kind: string; title: string; number: string; nextStepDueAt: string | null; nextStepArticle: string | null };
const DOCUMENT_FIELDS = 'documents { kind title number nextStepDueAt nextStepArticle }';
const documentOf = (documents: Doc[], kind: string) => {
  const d = documents.find((x) => x.kind === kind);
  if (!d) throw new Error(`没有生成${kind}文书`);
  return d;
};
const nextOf = (d: Doc, title: string) => (d.nextStepDueAt ? { title, dueAt: d.nextStepDueAt, article: d.nextStepArticle! } : undefined);

/**
 * Walks a new case from registration (立案) to the end of `path`, printing each step.
 * Both paths share the way to the procuratorate: the agency transfers the case, the police
 * sign for it, file it and transfer it for prosecution, the procuratorate accepts it.
 */
export async function walk(
  client: WalkClient, log: (step: WalkStepResult) => void = () => undefined, path: WalkPath = 'judgment',
  /** `penalty: false`: the case is transferred before any penalty is decided (it can then still be amended). */
  options: { penalty?: boolean } = {},
): Promise<WalkResult> {
  const steps: WalkStepResult[] = [];
  const record = (step: WalkStepResult) => {
    steps.push(step);
    log(step);
  };
  const judgment = path === 'judgment';

  const agency = await client.as('enforcement', AGENCY, `{ agency(id: "${AGENCY}") { officers { id validUntil } discretionBenchmarks { code violation minFine } } }`);
  const officerIds = agency.agency.officers.filter((o: { validUntil: string }) => new Date(o.validUntil) > new Date()).slice(0, 2).map((o: { id: string }) => o.id);
  const benchmark = agency.agency.discretionBenchmarks.find((b: { violation: string }) => /不合格|伪劣/.test(b.violation)) ?? agency.agency.discretionBenchmarks[0];
  const penalty = { fineAmount: benchmark.minFine, otherPenalties: ['没收违法所得'], legalBasis: '《中华人民共和国产品质量法》第四十九条', benchmarkCode: benchmark.code };

  const registered = (await client.as('enforcement', AGENCY, `mutation($input: RegisterCaseInput!) { registerCase(input: $input) { id caseNumber chain { id } ${STEPS_FIELDS} } }`, {
    input: {
      procedure: 'GENERAL', violationCategory: 'SUBSTANDARD_PRODUCTS',
      facts: '当事人在咸安区横沟桥镇销售导体电阻不合格的电线电缆，执法人员查获同批次产品三百卷，销售金额六万元。',
      party: WALK_PARTY, involvedAmount: '60000.00', illegalGains: '12000.00', quantity: '300', quantityUnit: '卷', officerIds,
    },
  })).registerCase;
  const caseId: string = registered.id;
  const chainId: string = registered.chain.id;
  record({ title: '立案', role: 'enforcement', org: AGENCY, number: registered.caseNumber, next: openStep(registered.steps, 'decidePenalty') });

  const publish = async () => {
    const published = (await client.as('enforcement', AGENCY, `mutation($id: ID!) { publishPenaltyDecision(caseId: $id) { documentNumber publishedAt } }`, { id: caseId })).publishPenaltyDecision;
    record({ title: '公示行政处罚决定（行政处罚法第四十八条）', role: 'enforcement', org: AGENCY, number: published.documentNumber });
  };
  if (judgment && options.penalty !== false) {
    // The penalty is decided before the transfer, so the court offsets the fine (行政处罚法 Art. 35).
    const decided = (await client.as('enforcement', AGENCY, `mutation($id: ID!, $input: DecidePenaltyInput!) { decidePenalty(caseId: $id, input: $input) { decision { documentNumber } ${STEPS_FIELDS} } }`, { id: caseId, input: penalty })).decidePenalty;
    record({ title: '作出行政处罚决定', role: 'enforcement', org: AGENCY, number: decided.decision.documentNumber, next: openStep(decided.steps, 'publishPenaltyDecision') });
    await publish();
  }

  const proposed = (await client.as('enforcement', AGENCY, `mutation($id: ID!, $input: ProposeTransferInput!) { proposeTransfer(caseId: $id, input: $input) { id administrativeCase { ${STEPS_FIELDS} } } }`, {
    id: caseId,
    input: {
      policeBureauCode: BUREAU, reason: '销售金额六万元，达到生产、销售伪劣产品罪的立案追诉标准（刑法第一百四十条）',
      materials: ['涉嫌犯罪案件移送书', '涉嫌犯罪案件情况的调查报告', '涉案物品清单', '有关检验报告或者鉴定结论'],
    },
  })).proposeTransfer;
  const transferId: string = proposed.id;
  record({ title: '提出移送', role: 'enforcement', org: AGENCY, number: transferId, next: openStep(proposed.administrativeCase.steps, 'decideTransfer') });

  const approved = (await client.as('agency-head', AGENCY, `mutation($id: ID!) { decideTransfer(transferId: $id, approve: true) { administrativeCase { ${STEPS_FIELDS} } } }`, { id: transferId })).decideTransfer;
  record({ title: '负责人批准移送', role: 'agency-head', org: AGENCY, next: openStep(approved.administrativeCase.steps, 'sendTransfer') });

  const sent = (await client.as('enforcement', AGENCY, `mutation($id: ID!) { sendTransfer(transferId: $id) { ${DOCUMENT_FIELDS} } }`, { id: transferId })).sendTransfer;
  const transferDocument = documentOf(sent.documents, 'CASE_TRANSFER');
  record({ title: `移送公安机关（${transferDocument.title}）`, role: 'enforcement', org: AGENCY, number: transferDocument.number, next: nextOf(transferDocument, '公安机关作出立案决定') });

  const arrived = await until(
    () => client.as('police', BUREAU, `query($id: ID!) { caseTransfer(id: $id) { policeCase { id caseNumber ${STEPS_FIELDS} } } }`, { id: transferId }),
    (d) => d.caseTransfer?.policeCase?.id !== undefined,
    '移送书送达公安机关',
  );
  const policeCaseId: string = arrived.caseTransfer.policeCase.id;
  record({ title: '移送书送达，公安机关受案', role: 'police', org: BUREAU, number: arrived.caseTransfer.policeCase.caseNumber, next: openStep(arrived.caseTransfer.policeCase.steps, 'signReceipt') });

  const signed = (await client.as('police', BUREAU, `mutation($id: ID!) { signReceipt(policeCaseId: $id) { ${STEPS_FIELDS} ${DOCUMENT_FIELDS} } }`, { id: policeCaseId })).signReceipt;
  record({ title: '签收移送案件（涉嫌犯罪案件移送书回执）', role: 'police', org: BUREAU, number: documentOf(signed.documents, 'TRANSFER_RECEIPT').number, next: openStep(signed.steps, 'decideFiling') });

  const filed = (await client.as('police', BUREAU, `mutation($id: ID!) { decideFiling(policeCaseId: $id, file: true, reason: "有犯罪事实，需要追究刑事责任") { filingNumber ${DOCUMENT_FIELDS} } }`, { id: policeCaseId })).decideFiling;
  const notice = documentOf(filed.documents, 'FILING_NOTICE');
  record({ title: `立案（${notice.title}）`, role: 'police', org: BUREAU, number: filed.filingNumber, next: nextOf(notice, '移交涉案物品') });

  // 移交涉案物品 (310 Art. 12) once the filing notice has reached the agency, then the
  // investigation and the transfer for prosecution.
  await until(
    () => client.as('enforcement', AGENCY, `query($id: ID!) { caseTransfer(id: $id) { state } }`, { id: transferId }),
    (d) => d.caseTransfer?.state === 'FILED',
    '立案告知书送达行政执法机关',
  );
  const handed = (await client.as('enforcement', AGENCY, `mutation($id: ID!) { handOverSeizedItems(transferId: $id, items: ["不合格电线电缆300卷"]) { ${DOCUMENT_FIELDS} } }`, { id: transferId })).handOverSeizedItems;
  record({ title: '移交涉案物品（涉案物品移交清单）', role: 'enforcement', org: AGENCY, number: documentOf(handed.documents, 'SEIZED_ITEMS_HANDOVER').number });
  await until(
    () => client.as('police', BUREAU, `query($id: ID!) { caseTransfer(id: $id) { policeCase { seizedItemsReceivedAt } } }`, { id: transferId }),
    (d) => !!d.caseTransfer?.policeCase?.seizedItemsReceivedAt,
    '涉案物品移交清单送达公安机关',
  );
  await client.as('police', BUREAU, `mutation($id: ID!, $input: SuspectInput!) { recordSuspect(policeCaseId: $id, input: $input) { id } }`, { id: policeCaseId, input: WALK_PARTY });
  record({ title: '登记犯罪嫌疑人', role: 'police', org: BUREAU });
  const prosecuted = (await client.as('police', BUREAU, `mutation($id: ID!, $input: ProsecutionTransferInput!) { transferForProsecution(policeCaseId: $id, input: $input) { ${DOCUMENT_FIELDS} } }`, {
    id: policeCaseId, input: { proposedCharges: ['销售伪劣产品罪'], facts: '犯罪嫌疑人王建国销售不合格电线电缆，销售金额六万元。' },
  })).transferForProsecution;
  const opinion = documentOf(prosecuted.documents, 'PROSECUTION_TRANSFER');
  record({ title: `移送审查起诉（${opinion.title}）`, role: 'police', org: BUREAU, number: opinion.number, next: nextOf(opinion, '审查起诉决定') });

  const review = await until(
    () => client.as('procurator', PROCURATORATE, `query($id: ID!) { caseChain(id: $id) { prosecution { id } } }`, { id: chainId }),
    (d) => !!d.caseChain?.prosecution?.id,
    '起诉意见书送达检察院',
  );
  const prosecutionId: string = review.caseChain.prosecution.id;
  const accepted = (await client.as('procurator', PROCURATORATE, `mutation($id: ID!) { acceptForReview(prosecutionCaseId: $id) { caseNumber ${STEPS_FIELDS} } }`, { id: prosecutionId })).acceptForReview;
  record({ title: '受理审查起诉', role: 'procurator', org: PROCURATORATE, number: accepted.caseNumber, next: openStep(accepted.steps, 'decideProsecution') });

  const ids = { caseId, transferId, policeCaseId, prosecutionId };
  if (!judgment) {
    await notProsecuted();
    return { path, chainId, ids, steps };
  }

  const indicted = (await client.as('procurator', PROCURATORATE, `mutation($id: ID!, $input: IndictInput!) { indict(prosecutionCaseId: $id, input: $input) { ${DOCUMENT_FIELDS} } }`, {
    id: prosecutionId, input: { charges: ['销售伪劣产品罪'], sentencingRecommendation: '有期徒刑六个月，并处罚金' },
  })).indict;
  const indictment = documentOf(indicted.documents, 'INDICTMENT');
  record({ title: `提起公诉（${indictment.title}）`, role: 'procurator', org: PROCURATORATE, number: indictment.number, next: nextOf(indictment, '一审判决') });

  const trialArrived = await until(
    () => client.as('judge', COURT, `query($id: ID!) { caseChain(id: $id) { trial { id } } }`, { id: chainId }),
    (d) => !!d.caseChain?.trial?.id,
    '起诉书送达法院',
  );
  const trialId: string = trialArrived.caseChain.trial.id;
  const acceptedTrial = (await client.as('judge', COURT, `mutation($id: ID!) { acceptIndictment(trialId: $id) { caseNumber ${STEPS_FIELDS} } }`, { id: trialId })).acceptIndictment;
  record({ title: '受理公诉案件', role: 'judge', org: COURT, number: acceptedTrial.caseNumber, next: openStep(acceptedTrial.steps, 'recordJudgment') });
  const judged = (await client.as('judge', COURT, `mutation($id: ID!, $input: RecordJudgmentInput!) { recordJudgment(trialId: $id, input: $input) { judgment { fineAmount fineOffsetAmount } ${STEPS_FIELDS} } }`, {
    id: trialId, input: { verdict: 'GUILTY', charges: ['销售伪劣产品罪'], prisonTermMonths: 6, fineAmount: '80000.00' },
  })).recordJudgment;
  record({ title: `一审判决（罚金 ${judged.judgment.fineAmount} 元，折抵行政罚款 ${judged.judgment.fineOffsetAmount} 元）`, role: 'judge', org: COURT, next: openStep(judged.steps, 'recordAppeal') });
  // 上诉 within the 10 days of 刑诉法 Art. 230, then the second instance's ruling makes it effective (Art. 259).
  const appealed = (await client.as('judge', COURT, `mutation($id: ID!) { recordAppeal(trialId: $id, by: DEFENDANT) { ${STEPS_FIELDS} } }`, { id: trialId })).recordAppeal;
  record({ title: '被告人上诉', role: 'judge', org: COURT, next: openStep(appealed.steps, 'recordEffect') });
  const effective = (await client.as('judge', COURT, `mutation($id: ID!) { recordEffect(trialId: $id, secondInstanceRuling: "驳回上诉，维持原判") { judgment { effectiveAt } ${DOCUMENT_FIELDS} } }`, { id: trialId })).recordEffect;
  record({ title: `二审裁定，判决生效（${documentOf(effective.documents, 'JUDGMENT_NOTICE').title}送达检察院、行政执法机关）`, role: 'judge', org: COURT, number: documentOf(effective.documents, 'JUDGMENT_NOTICE').number });
  const noted = await until(
    () => client.as('procurator', PROCURATORATE, `query($id: ID!) { prosecutionCase(id: $id) { state judgmentNumber } }`, { id: prosecutionId }),
    (d) => d.prosecutionCase?.state === 'JUDGMENT_EFFECTIVE',
    '刑事判决书送达检察院',
  );
  record({ title: '刑事判决书送达，检察院登记判决生效', role: 'procurator', org: PROCURATORATE, number: noted.prosecutionCase.judgmentNumber });
  return { path, chainId, ids: { ...ids, trialId }, steps };

  /** 不起诉 (刑事诉讼法 Art. 177 para. 2), the 检察意见 to the agency, and its reply with the penalty imposed. */
  async function notProsecuted() {
    const decided = (await client.as('procurator', PROCURATORATE, `mutation($id: ID!, $input: NotProsecuteInput!) { notProsecute(prosecutionCaseId: $id, input: $input) { ${DOCUMENT_FIELDS} } }`, {
      id: prosecutionId, input: { grounds: '犯罪情节轻微，积极退赔，依照刑法规定不需要判处刑罚', article: 'ART_177_2' },
    })).notProsecute;
    const decision = documentOf(decided.documents, 'NON_PROSECUTION_DECISION');
    record({ title: `不起诉（${decision.title}送达公安机关）`, role: 'procurator', org: PROCURATORATE, number: decision.number });
    const sentOpinion = (await client.as('procurator', PROCURATORATE, `mutation($id: ID!) { sendProcuratorialOpinion(prosecutionCaseId: $id, opinion: "建议对王建国销售不合格产品的行为依法给予行政处罚") { ${DOCUMENT_FIELDS} } }`, { id: prosecutionId })).sendProcuratorialOpinion;
    const opinionDocument = documentOf(sentOpinion.documents, 'PROCURATORIAL_OPINION');
    record({ title: `提出检察意见（${opinionDocument.title}）`, role: 'procurator', org: PROCURATORATE, number: opinionDocument.number, next: nextOf(opinionDocument, '回复检察意见') });
    const marked = await until(
      () => client.as('police', BUREAU, `query($id: ID!) { policeCase(id: $id) { state nonProsecutionNumber } }`, { id: policeCaseId }),
      (d) => d.policeCase?.state === 'NOT_PROSECUTED',
      '不起诉决定书送达公安机关',
    );
    record({ title: '不起诉决定书送达，公安机关案件登记不起诉', role: 'police', org: BUREAU, number: marked.policeCase.nonProsecutionNumber });
    await until(
      () => client.as('enforcement', AGENCY, `query($id: ID!) { administrativeCase(id: $id) { procuratorialOpinions { receivedAt } } }`, { id: caseId }),
      (d) => (d.administrativeCase?.procuratorialOpinions?.length ?? 0) > 0,
      '检察意见书送达行政执法机关',
    );
    const replied = (await client.as('enforcement', AGENCY, `mutation($id: ID!, $input: ReplyToProcuratorialOpinionInput!) { replyToProcuratorialOpinion(caseId: $id, input: $input) { decision { documentNumber } procuratorialOpinions { replyDocument { title number } } ${STEPS_FIELDS} } }`, {
      id: caseId, input: { reply: '已依法对当事人作出行政处罚', penalty },
    })).replyToProcuratorialOpinion;
    record({
      title: `回复检察意见并作出行政处罚决定 ${replied.decision.documentNumber}（${replied.procuratorialOpinions[0].replyDocument.title}）`, role: 'enforcement', org: AGENCY,
      number: replied.procuratorialOpinions[0].replyDocument.number, next: openStep(replied.steps, 'publishPenaltyDecision'),
    });
    await publish();
    await until(
      () => client.as('procurator', PROCURATORATE, `query($id: ID!) { prosecutionCase(id: $id) { state } }`, { id: prosecutionId }),
      (d) => d.prosecutionCase?.state === 'OPINION_REPLIED',
      '检察意见回复函送达检察院',
    );
    record({ title: '检察意见回复函送达检察院', role: 'procurator', org: PROCURATORATE });
  }
}
