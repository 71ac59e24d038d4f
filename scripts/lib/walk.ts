// One case driven through the linkage by GraphQL mutations only, each step as the role
// that takes it: `npm run walk` runs it against the running system; the end-to-end test
// runs the same walk against its own stack.
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

export interface WalkResult {
  chainId: string;
  steps: WalkStepResult[];
}

const AGENCY = 'AG-421202-SCJG';
const BUREAU = 'PB-421202';

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
const openStep = (steps: { step: string; title: string; article: string; dueAt: string; doneAt: string | null }[], step: string) => {
  const s = steps.find((x) => x.step === step && !x.doneAt);
  return s ? { title: s.title, dueAt: s.dueAt, article: s.article } : undefined;
};

/** Walks a new case from registration (立案) as far as the linkage goes, printing each step. */
export async function walk(client: WalkClient, log: (step: WalkStepResult) => void = () => undefined): Promise<WalkResult> {
  const steps: WalkStepResult[] = [];
  const record = (step: WalkStepResult) => {
    steps.push(step);
    log(step);
  };

  const agency = await client.as('enforcement', AGENCY, `{ agency(id: "${AGENCY}") { officers { id validUntil } discretionBenchmarks { code violation minFine } } }`);
  const officerIds = agency.agency.officers.filter((o: { validUntil: string }) => new Date(o.validUntil) > new Date()).slice(0, 2).map((o: { id: string }) => o.id);
  const benchmark = agency.agency.discretionBenchmarks.find((b: { violation: string }) => /不合格|伪劣/.test(b.violation)) ?? agency.agency.discretionBenchmarks[0];

  const registered = (await client.as('enforcement', AGENCY, `mutation($input: RegisterCaseInput!) { registerCase(input: $input) { id caseNumber chain { id } ${STEPS_FIELDS} } }`, {
    input: {
      procedure: 'GENERAL', violationCategory: 'SUBSTANDARD_PRODUCTS',
      facts: '当事人在咸安区横沟桥镇销售导体电阻不合格的电线电缆，执法人员查获同批次产品三百卷，销售金额六万元。',
      party: { kind: 'PERSON', name: '王建国', idNumber: residentId('421202', new Date(Date.UTC(1980, 4, 6)), 31) },
      involvedAmount: '60000.00', illegalGains: '12000.00', quantity: '300', quantityUnit: '卷', officerIds,
    },
  })).registerCase;
  const caseId: string = registered.id;
  const chainId: string = registered.chain.id;
  record({ title: '立案', role: 'enforcement', org: AGENCY, number: registered.caseNumber, next: openStep(registered.steps, 'decidePenalty') });

  const decided = (await client.as('enforcement', AGENCY, `mutation($id: ID!, $input: DecidePenaltyInput!) { decidePenalty(caseId: $id, input: $input) { decision { documentNumber } ${STEPS_FIELDS} } }`, {
    id: caseId,
    input: { fineAmount: benchmark.minFine, otherPenalties: ['没收违法所得'], legalBasis: '《中华人民共和国产品质量法》第四十九条', benchmarkCode: benchmark.code },
  })).decidePenalty;
  record({ title: '作出行政处罚决定', role: 'enforcement', org: AGENCY, number: decided.decision.documentNumber, next: openStep(decided.steps, 'publishPenaltyDecision') });

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

  const sent = (await client.as('enforcement', AGENCY, `mutation($id: ID!) { sendTransfer(transferId: $id) { documents { title number } } }`, { id: transferId })).sendTransfer;
  record({ title: `移送公安机关（${sent.documents[0].title}）`, role: 'enforcement', org: AGENCY, number: sent.documents[0].number });

  const arrived = await until(
    () => client.as('police', BUREAU, `query($id: ID!) { caseTransfer(id: $id) { documents { deliveryState } policeCase { id caseNumber ${STEPS_FIELDS} } } }`, { id: transferId }),
    (d) => d.caseTransfer?.policeCase?.id !== undefined,
    '移送书送达公安机关',
  );
  const policeCaseId: string = arrived.caseTransfer.policeCase.id;
  record({ title: '移送书送达，公安机关受案', role: 'police', org: BUREAU, number: arrived.caseTransfer.policeCase.caseNumber, next: openStep(arrived.caseTransfer.policeCase.steps, 'signReceipt') });

  const signed = (await client.as('police', BUREAU, `mutation($id: ID!) { signReceipt(policeCaseId: $id) { ${STEPS_FIELDS} } }`, { id: policeCaseId })).signReceipt;
  record({ title: '签收移送案件', role: 'police', org: BUREAU, next: openStep(signed.steps, 'decideFiling') });

  const filed = (await client.as('police', BUREAU, `mutation($id: ID!) { decideFiling(policeCaseId: $id, file: true, reason: "有犯罪事实，需要追究刑事责任") { filingNumber documents { title nextStep nextStepDueAt nextStepArticle } } }`, { id: policeCaseId })).decideFiling;
  const notice = filed.documents.find((d: { title: string }) => d.title === '立案告知书');
  record({ title: `立案（${notice.title}）`, role: 'police', org: BUREAU, number: filed.filingNumber, next: { title: '移交涉案物品', dueAt: notice.nextStepDueAt, article: notice.nextStepArticle } });

  // 移交涉案物品 (310 Art. 12) once the filing notice has reached the agency, then the
  // investigation and the transfer for prosecution.
  await until(
    () => client.as('enforcement', AGENCY, `query($id: ID!) { caseTransfer(id: $id) { state } }`, { id: transferId }),
    (d) => d.caseTransfer?.state === 'FILED',
    '立案告知书送达行政执法机关',
  );
  const handed = (await client.as('enforcement', AGENCY, `mutation($id: ID!) { handOverSeizedItems(transferId: $id, items: ["不合格电线电缆300卷"]) { documents { title number } } }`, { id: transferId })).handOverSeizedItems;
  record({ title: '移交涉案物品', role: 'enforcement', org: AGENCY, number: handed.documents.at(-1)?.number });
  await client.as('police', BUREAU, `mutation($id: ID!, $input: SuspectInput!) { recordSuspect(policeCaseId: $id, input: $input) { id } }`, {
    id: policeCaseId, input: { kind: 'PERSON', name: '王建国', idNumber: residentId('421202', new Date(Date.UTC(1980, 4, 6)), 31) },
  });
  record({ title: '记录犯罪嫌疑人', role: 'police', org: BUREAU });
  const prosecuted = (await client.as('police', BUREAU, `mutation($id: ID!, $input: ProsecutionTransferInput!) { transferForProsecution(policeCaseId: $id, input: $input) { documents { kind title number nextStep nextStepDueAt nextStepArticle } } }`, {
    id: policeCaseId, input: { proposedCharges: ['销售伪劣产品罪'], facts: '犯罪嫌疑人王建国销售不合格电线电缆，销售金额六万元。' },
  })).transferForProsecution;
  const opinion = prosecuted.documents.find((d: { kind: string }) => d.kind === 'PROSECUTION_TRANSFER');
  record({ title: `移送审查起诉（${opinion.title}）`, role: 'police', org: BUREAU, number: opinion.number, next: { title: '审查起诉决定', dueAt: opinion.nextStepDueAt, article: opinion.nextStepArticle } });

  const PROCURATORATE = 'PP-421202';
  const review = await until(
    () => client.as('procurator', PROCURATORATE, `query($id: ID!) { caseChain(id: $id) { prosecution { id } } }`, { id: chainId }),
    (d) => !!d.caseChain?.prosecution?.id,
    '起诉意见书送达检察院',
  );
  const prosecutionId: string = review.caseChain.prosecution.id;
  const accepted = (await client.as('procurator', PROCURATORATE, `mutation($id: ID!) { acceptForReview(prosecutionCaseId: $id) { caseNumber ${STEPS_FIELDS} } }`, { id: prosecutionId })).acceptForReview;
  record({ title: '受理审查起诉', role: 'procurator', org: PROCURATORATE, number: accepted.caseNumber, next: openStep(accepted.steps, 'decideProsecution') });
  const indicted = (await client.as('procurator', PROCURATORATE, `mutation($id: ID!, $input: IndictInput!) { indict(prosecutionCaseId: $id, input: $input) { documents { kind title number nextStepDueAt nextStepArticle } } }`, {
    id: prosecutionId, input: { charges: ['销售伪劣产品罪'], sentencingRecommendation: '有期徒刑六个月，并处罚金' },
  })).indict;
  const indictment = indicted.documents.find((d: { kind: string }) => d.kind === 'INDICTMENT');
  record({ title: `提起公诉（${indictment.title}）`, role: 'procurator', org: PROCURATORATE, number: indictment.number, next: { title: '一审判决', dueAt: indictment.nextStepDueAt, article: indictment.nextStepArticle } });

  const COURT = 'CO-421202';
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
  record({ title: `一审判决（罚金 ${judged.judgment.fineAmount} 元，折抵行政罚款 ${judged.judgment.fineOffsetAmount} 元）`, role: 'judge', org: COURT });
  // 上诉 within the 10 days of 刑诉法 Art. 230, then the second instance's ruling makes it effective (Art. 259).
  await client.as('judge', COURT, `mutation($id: ID!) { recordAppeal(trialId: $id, by: DEFENDANT) { id } }`, { id: trialId });
  record({ title: '被告人上诉', role: 'judge', org: COURT });
  const effective = (await client.as('judge', COURT, `mutation($id: ID!) { recordEffect(trialId: $id, secondInstanceRuling: "驳回上诉，维持原判") { judgment { effectiveAt } documents { title number } } }`, { id: trialId })).recordEffect;
  record({ title: `二审裁定，判决生效（${effective.documents[0]?.title ?? '刑事判决书'}送达）`, role: 'judge', org: COURT });

  return { chainId, steps };
}
