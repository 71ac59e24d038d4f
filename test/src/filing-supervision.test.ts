import { residentId, storedDocument } from '@xianjie/subgraph-kit';
import { DIALECTS, errorOf, type GraphQLResponse, type Stack, startStack, until, twoValidOfficerIds } from './harness';

/**
 * 立案监督 (issue 7, item 3; 检察规则 Arts. 557–564): the procuratorate opens a supervision case
 * on a police refusal to file, asks the police to explain it (7 days, Art. 560; 公安规定 Art.
 * 182), reviews their reasons (sound: the agency is told; not sound: 通知立案书, 15 days,
 * Art. 563), the police file, or a 纠正违法通知书 follows the 15 days (Art. 564) — each step a mutation of its own institution, allowed only
 * to its role and from its state, each hand-off a signed document delivered once, each owed
 * step in the work list with its due time and article — through the gateway.
 */
const AGENCY = 'AG-421202-SCJG';
const OTHER_AGENCY = 'AG-421221-SCJG';
const BUREAU = 'PB-421202';
const OTHER_BUREAU = 'PB-421221';
const PROCURATORATE = 'PP-421202';
const MATERIALS = ['涉嫌犯罪案件移送书', '涉嫌犯罪案件情况的调查报告', '涉案物品清单'];

const SUPERVISION_FIELDS = /* GraphQL */ `
  id state chain { id } policeCaseId bureauCode agencyId procuratorateCode reason openedAt
  explanationRequestedAt explanationRequestNumber explanationDueAt explanation explainedAt
  reasonsSound findingReason reviewedAt filingNotifiedAt filingNoticeNumber filingDueAt filedAt filingNumber correctionNoticedAt correctionNumber
  steps { step org article dueAt doneAt late }
  documents { id kind title number receiverOrg deliveryState nextStep nextStepDueAt nextStepArticle }
  receivedDocuments { id kind title number }`;
const OPEN = /* GraphQL */ `
  mutation Open($input: OpenFilingSupervisionInput!) { openFilingSupervision(input: $input) { ${SUPERVISION_FIELDS} } }`;
const REQUEST = /* GraphQL */ `
  mutation Request($id: ID!) { requestNonFilingExplanation(supervisionId: $id) { ${SUPERVISION_FIELDS} } }`;
const REVIEW = /* GraphQL */ `
  mutation Review($id: ID!, $sound: Boolean!, $reason: String!) { reviewNonFilingExplanation(supervisionId: $id, sound: $sound, reason: $reason) { ${SUPERVISION_FIELDS} } }`;
const CORRECT = /* GraphQL */ `
  mutation Correct($id: ID!, $violation: String!) { sendCorrectionNotice(supervisionId: $id, violation: $violation) { ${SUPERVISION_FIELDS} } }`;
const DECIDE_FILING = /* GraphQL */ `
  mutation DecideFiling($id: ID!, $file: Boolean!, $reason: String!) { decideFiling(policeCaseId: $id, file: $file, reason: $reason) { id state filingNumber } }`;
const SUPERVISION = /* GraphQL */ `query Supervision($id: ID!) { filingSupervision(id: $id) { ${SUPERVISION_FIELDS} } }`;
const CHAIN = /* GraphQL */ `
  query Chain($id: ID!) { caseChain(id: $id) { policeCase { id state } filingSupervision { id state agencyId policeCaseId } } }`;
const POLICE_CASE_FIELDS = /* GraphQL */ `
  id state explanationRequestedAt explanationRequestReason nonFilingExplanation nonFilingExplainedAt filingNotifiedAt correctionNoticedAt filingNumber
  steps { step org article dueAt doneAt late }
  documents { id kind title number receiverOrg deliveryState nextStep }`;
const POLICE_CASE = `query PoliceCase($id: ID!) { policeCase(id: $id) { ${POLICE_CASE_FIELDS} } }`;
const EXPLAIN = /* GraphQL */ `
  mutation Explain($id: ID!, $explanation: String!) { explainNonFiling(policeCaseId: $id, explanation: $explanation) { ${POLICE_CASE_FIELDS} } }`;
const WORK_LIST = (field: string) => /* GraphQL */ `
  query WorkList($first: Int!) { ${field}(first: $first) { edges { node { step recordId dueAt article late } } } }`;

const ok = <T>(res: GraphQLResponse<T>): T => {
  expect(res.errors).toBeUndefined();
  return res.data!;
};
const DAY = 24 * 3_600_000;

describe.each(DIALECTS)('filing supervision over %s', (dialect) => {
  let stack: Stack;
  let officer: string;
  let head: string;
  let otherOfficer: string;
  let police: string;
  let otherPolice: string;
  let procurator: string;
  let otherProcurator: string;
  let officerIds: string[];

  const supervision = (id: string, token = procurator) => stack.query(SUPERVISION, { id }, token);
  const untilSupervision = (id: string, done: (s: any) => boolean, what: string) =>
    until(() => supervision(id), (res) => !!res.data?.filingSupervision && done(res.data.filingSupervision), what).then((res) => res.data.filingSupervision);
  const untilPoliceCase = (id: string, done: (c: any) => boolean, what: string) =>
    until(() => stack.query(POLICE_CASE, { id }, police), (res) => !!res.data?.policeCase && done(res.data.policeCase), what).then((res) => res.data.policeCase);
  const workList = async (field: string, token: string) =>
    ok(await stack.query(WORK_LIST(field), { first: 100 }, token))[field].edges.map((e: { node: any }) => e.node) as { step: string; recordId: string; dueAt: string; article: string }[];
  const inboxRows = (institution: string, id: string) =>
    stack.subgraphs[institution]!.database.db.selectFrom('handoffInbox').select(['id', 'digest']).where('id', '=', id).execute();

  beforeAll(async () => {
    stack = await startStack(dialect);
    officer = await stack.token('enforcement', AGENCY);
    head = await stack.token('agency-head', AGENCY);
    otherOfficer = await stack.token('enforcement', OTHER_AGENCY);
    police = await stack.token('police', BUREAU);
    otherPolice = await stack.token('police', OTHER_BUREAU);
    procurator = await stack.token('procurator', PROCURATORATE);
    otherProcurator = await stack.token('procurator', 'PP-421221');
    const agency = ok(await stack.query(`{ agency(id: "${AGENCY}") { officers { id validUntil } } }`, {}, officer)).agency;
    officerIds = twoValidOfficerIds(agency.officers);
  });
  afterAll(() => stack?.stop());

  /** A new case transferred by AGENCY to BUREAU, signed for and decided (refused unless `file`). */
  async function decided(file = false) {
    const registered = ok(await stack.query(/* GraphQL */ `
      mutation Register($input: RegisterCaseInput!) { registerCase(input: $input) { id chain { id } } }`, {
      input: {
        procedure: 'GENERAL', violationCategory: 'SUBSTANDARD_PRODUCTS',
        facts: '当事人于2026年11月在咸安区横沟桥镇销售不合格电线电缆，货值金额六万元。',
        party: { kind: 'PERSON', name: '王建国', idNumber: residentId('421202', new Date(Date.UTC(1980, 4, 6)), 31) },
        involvedAmount: '60000.00', illegalGains: '12000.00', quantity: '300', quantityUnit: '卷', officerIds,
      },
    }, officer)).registerCase;
    const transferId = ok(await stack.query(/* GraphQL */ `
      mutation Propose($caseId: ID!, $input: ProposeTransferInput!) { proposeTransfer(caseId: $caseId, input: $input) { id } }`,
    { caseId: registered.id, input: { policeBureauCode: BUREAU, reason: '销售金额六万元，达到立案追诉标准', materials: MATERIALS } }, officer)).proposeTransfer.id;
    ok(await stack.query(`mutation { decideTransfer(transferId: "${transferId}", approve: true) { id } }`, {}, head));
    ok(await stack.query(`mutation { sendTransfer(transferId: "${transferId}") { id } }`, {}, officer));
    const policeCaseId = transferId.replace(/^TR-/, 'PC-');
    await until(() => stack.query(POLICE_CASE, { id: policeCaseId }, police), (res) => res.data?.policeCase?.state === 'AWAITING_RECEIPT', 'the transfer to reach the police');
    ok(await stack.query(`mutation { signReceipt(policeCaseId: "${policeCaseId}") { id } }`, {}, police));
    ok(await stack.query(`mutation($r: String!) { decideFiling(policeCaseId: "${policeCaseId}", file: ${file}, reason: $r) { id } }`,
      { r: file ? '有犯罪事实，需要追究刑事责任' : '现有证据不足以证明有犯罪事实' }, police));
    return { chainId: registered.chain.id as string, transferId: transferId as string, policeCaseId };
  }

  /** A refused case under supervision whose reasons the procuratorate has received. */
  async function explained() {
    const t = await decided(false);
    const opened = ok(await stack.query(OPEN, { input: { policeCaseId: t.policeCaseId, bureauCode: BUREAU, reason: '销售金额六万元，达到立案追诉标准' } }, procurator)).openFilingSupervision;
    ok(await stack.query(REQUEST, { id: opened.id }, procurator));
    await untilPoliceCase(t.policeCaseId, (c) => c.state === 'EXPLANATION_REQUESTED', 'the request to reach the police');
    ok(await stack.query(EXPLAIN, { id: t.policeCaseId, explanation: '现有证据不足以证明销售金额达到五万元' }, police));
    await untilSupervision(opened.id, (x) => x.state === 'EXPLAINED', 'the reasons to reach the procuratorate');
    return { ...t, id: opened.id as string };
  }

  it('opens a supervision case on a refusal, asks the police to explain it within 7 days and receives their reasons', async () => {
    const { chainId, policeCaseId, transferId } = await decided(false);
    const input = { policeCaseId, bureauCode: BUREAU, reason: '检验报告已认定涉案电缆为不合格产品，销售金额六万元，达到立案追诉标准' };

    // Only a procurator opens it, and as a procuratorate of the city.
    expect(errorOf(await stack.query(OPEN, { input }, officer))).toEqual({ code: 'FORBIDDEN', message: '只有检察官可以受理立案监督' });
    expect(errorOf(await stack.query(OPEN, { input }, police))).toEqual({ code: 'FORBIDDEN', message: '只有检察官可以受理立案监督' });
    expect(errorOf(await stack.query(OPEN, { input: { ...input, bureauCode: 'PB-999999' } }, procurator)).code).toBe('BAD_USER_INPUT');
    const opened = ok(await stack.query(OPEN, { input }, procurator)).openFilingSupervision;
    const id = opened.id as string;
    expect(opened).toMatchObject({
      id: policeCaseId.replace(/^PC-/, 'FS-'), state: 'OPENED', chain: { id: chainId }, policeCaseId, bureauCode: BUREAU,
      procuratorateCode: PROCURATORATE, agencyId: null, explanationRequestedAt: null, documents: [],
    });
    // One supervision case per police case.
    expect(errorOf(await stack.query(OPEN, { input }, procurator))).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining(`已有立案监督案件 ${id}`) });

    // The police owe nothing yet: explaining is refused, naming the state.
    expect(errorOf(await stack.query(EXPLAIN, { id: policeCaseId, explanation: '证据不足' }, police)))
      .toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「不予立案」(NOT_FILED)，不能说明不立案理由') });

    // 要求说明不立案理由: only a procurator of the procuratorate that opened it.
    expect(errorOf(await stack.query(REQUEST, { id }, police))).toEqual({ code: 'FORBIDDEN', message: '只有检察官可以要求公安机关说明不立案理由' });
    expect(errorOf(await stack.query(REQUEST, { id }, otherProcurator)).code).toBe('NOT_FOUND');
    const requested = ok(await stack.query(REQUEST, { id }, procurator)).requestNonFilingExplanation;
    expect(requested.state).toBe('EXPLANATION_REQUESTED');
    expect(requested.explanationRequestNumber).toMatch(/^咸安检立监要〔20\d\d〕\d+号$/);
    const due = new Date(requested.explanationDueAt).getTime() - new Date(requested.explanationRequestedAt).getTime();
    expect(due).toBeGreaterThanOrEqual(6 * DAY);
    expect(due).toBeLessThan(15 * DAY);
    const [notice] = requested.documents;
    expect(notice).toMatchObject({
      kind: 'NON_FILING_EXPLANATION_REQUEST', title: '要求说明不立案理由通知书', number: requested.explanationRequestNumber, receiverOrg: BUREAU,
      nextStep: 'explainNonFiling', nextStepArticle: '人民检察院刑事诉讼规则第五百六十条；公安机关办理刑事案件程序规定第一百八十二条',
    });
    expect(errorOf(await stack.query(REQUEST, { id }, procurator)))
      .toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「已要求公安机关说明不立案理由，待回复」(EXPLANATION_REQUESTED)') });

    // The police receive it: the case shows the request, and the explanation is owed in 7 days.
    const asked = await untilPoliceCase(policeCaseId, (c) => c.state === 'EXPLANATION_REQUESTED', 'the request to reach the police');
    expect(asked).toMatchObject({ explanationRequestReason: input.reason });
    const owed = asked.steps.find((s: { step: string }) => s.step === 'explainNonFiling');
    expect(owed).toMatchObject({ org: BUREAU, doneAt: null, late: false, article: notice.nextStepArticle, dueAt: notice.nextStepDueAt });
    expect((await workList('policeWorkList', police)).find((t) => t.recordId === policeCaseId && t.step === 'explainNonFiling'))
      .toMatchObject({ dueAt: notice.nextStepDueAt, article: notice.nextStepArticle });

    // Delivered once: sent again, the police keep one copy and the request as first received.
    await stack.subgraphs.procuratorate!.database.db.updateTable('handoffOutbox').set({ state: 'pending', nextAttemptAt: new Date(0), deliveredAt: null }).where('id', '=', notice.id).execute();
    await until(() => supervision(id), (res) => res.data?.filingSupervision?.documents?.[0]?.deliveryState === 'DELIVERED', 'the request to be delivered again');
    expect(await inboxRows('police', notice.id)).toHaveLength(1);
    expect((await stack.query(POLICE_CASE, { id: policeCaseId }, police)).data.policeCase.explanationRequestedAt).toBe(asked.explanationRequestedAt);

    // Only the bureau that has the case explains, and with its reasons.
    expect(errorOf(await stack.query(EXPLAIN, { id: policeCaseId, explanation: '证据不足' }, procurator))).toEqual({ code: 'FORBIDDEN', message: '只有公安机关可以说明不立案理由' });
    expect(errorOf(await stack.query(EXPLAIN, { id: policeCaseId, explanation: '证据不足' }, otherPolice)).code).toBe('NOT_FOUND');
    expect(errorOf(await stack.query(EXPLAIN, { id: policeCaseId, explanation: '  ' }, police)).code).toBe('BAD_USER_INPUT');
    // Before the police's reasons come, the procuratorate does not know whom the case names: oversight is not shown its reason.
    const oversight = await stack.token('oversight', 'LA-421200');
    const unnamed = await supervision(id, oversight);
    expect(unnamed.data.filingSupervision).toMatchObject({ id, reason: null });
    expect(unnamed.errors?.map((e) => e.path?.join('.'))).toEqual(['filingSupervision.reason']);
    const explanation = '经审查，王建国销售的涉案电缆检验样本与扣押物品不一致，现有证据不足以证明销售金额达到五万元';
    const explained = ok(await stack.query(EXPLAIN, { id: policeCaseId, explanation }, police)).explainNonFiling;
    expect(explained).toMatchObject({ state: 'NOT_FILED', nonFilingExplanation: explanation, nonFilingExplainedAt: expect.any(String) });
    expect(explained.steps.find((s: { step: string }) => s.step === 'explainNonFiling')).toMatchObject({ doneAt: expect.any(String), late: false });
    expect(explained.documents.find((d: { kind: string }) => d.kind === 'NON_FILING_EXPLANATION'))
      .toMatchObject({ title: '不立案理由说明书', receiverOrg: PROCURATORATE, number: expect.stringMatching(/^咸安公（经）不立说字〔20\d\d〕\d+号$/) });
    expect((await workList('policeWorkList', police)).some((t) => t.recordId === policeCaseId && t.step === 'explainNonFiling')).toBe(false);
    expect(errorOf(await stack.query(EXPLAIN, { id: policeCaseId, explanation }, police)).message).toContain('处于「不予立案」(NOT_FILED)');

    // The procuratorate records the reasons on its case; the agency whose case it is now sees it, another agency does not.
    const received = await untilSupervision(id, (s) => s.state === 'EXPLAINED', 'the reasons to reach the procuratorate');
    expect(received).toMatchObject({ explanation, agencyId: AGENCY, receivedDocuments: [expect.objectContaining({ kind: 'NON_FILING_EXPLANATION', title: '不立案理由说明书' })] });
    // The 说明书 names the persons of the case: the agency and oversight read the reasons with them masked (王*).
    for (const token of [officer, oversight]) {
      const masked = await supervision(id, token);
      expect(masked.errors ?? []).toEqual([]);
      expect(masked.data.filingSupervision).toMatchObject({ explanation: explanation.replace('王建国', '王*'), reason: input.reason });
      expect(JSON.stringify(masked.data)).not.toContain('王建国');
    }
    const sent = await stack.subgraphs.police!.database.db.selectFrom('handoffOutbox').select('document').where('id', '=', `NON_FILING_EXPLANATION:${id}`).executeTakeFirstOrThrow();
    const document = storedDocument(sent.document);
    expect(document.upstream).toEqual([{ id: notice.id, digest: (await inboxRows('police', notice.id))[0]!.digest }]);
    expect(await inboxRows('procuratorate', `NON_FILING_EXPLANATION:${id}`)).toHaveLength(1);
    const chain = ok(await stack.query(CHAIN, { id: chainId }, officer)).caseChain;
    expect(chain.filingSupervision).toEqual({ id, state: 'EXPLAINED', agencyId: AGENCY, policeCaseId });
    expect(chain.policeCase).toEqual({ id: policeCaseId, state: 'NOT_FILED' });
    expect((await supervision(id, otherOfficer)).data?.filingSupervision ?? null).toBeNull();
    expect((await supervision(id, police)).data.filingSupervision.state).toBe('EXPLAINED');
    // The review is owed in the procuratorate's work list (Art. 561 para. 2: 10 days).
    expect((await workList('procuratorateWorkList', procurator)).find((t) => t.recordId === id && t.step === 'reviewNonFilingExplanation'))
      .toMatchObject({ article: '人民检察院刑事诉讼规则第五百六十一条第二款' });

    // 审查: not sound — only a procurator, only once the reasons came, with a reason.
    expect(errorOf(await stack.query(REVIEW, { id, sound: false, reason: '理由不能成立' }, police))).toEqual({ code: 'FORBIDDEN', message: '只有检察官可以审查不立案理由' });
    expect(errorOf(await stack.query(REVIEW, { id, sound: false, reason: ' ' }, procurator)).code).toBe('BAD_USER_INPUT');
    const reason = '检验报告与扣押物品的同一性已由扣押清单和照片证明，销售金额六万元，不立案理由不能成立';
    const notified = ok(await stack.query(REVIEW, { id, sound: false, reason }, procurator)).reviewNonFilingExplanation;
    expect(notified).toMatchObject({ state: 'FILING_NOTIFIED', reasonsSound: false, findingReason: reason, filingNoticeNumber: expect.stringMatching(/^咸安检通立〔20\d\d〕\d+号$/) });
    const filingNotice = notified.documents.find((d: { kind: string }) => d.kind === 'FILING_NOTIFICATION');
    expect(filingNotice).toMatchObject({
      title: '通知立案书', receiverOrg: BUREAU, nextStep: 'decideFiling', nextStepDueAt: notified.filingDueAt,
      nextStepArticle: '人民检察院刑事诉讼规则第五百六十三条；公安机关办理刑事案件程序规定第一百八十二条第二款',
    });
    expect(errorOf(await stack.query(REVIEW, { id, sound: true, reason }, procurator)))
      .toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「不立案理由不能成立，已通知公安机关立案」(FILING_NOTIFIED)，不能审查不立案理由') });
    // Escalation is refused before the 15 days pass.
    expect(errorOf(await stack.query(CORRECT, { id, violation: '逾期不立案' }, procurator))).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('期限至 20') });
    const owedHere = (await workList('procuratorateWorkList', procurator)).filter((t) => t.recordId === id).map((t) => t.step);
    expect(owedHere).toEqual(['sendCorrectionNotice']);

    // The police must file within 15 days of receipt: owed in their work list; refusing again is refused.
    const toFile = await untilPoliceCase(policeCaseId, (c) => c.state === 'FILING_NOTIFIED', 'the 通知立案书 to reach the police');
    const filingOwed = toFile.steps.filter((s: { step: string; doneAt: string | null }) => s.step === 'decideFiling' && !s.doneAt);
    expect(filingOwed).toEqual([expect.objectContaining({ org: BUREAU, article: filingNotice.nextStepArticle, dueAt: filingNotice.nextStepDueAt })]);
    expect((await workList('policeWorkList', police)).some((t) => t.recordId === policeCaseId && t.step === 'decideFiling')).toBe(true);
    expect(errorOf(await stack.query(DECIDE_FILING, { id: policeCaseId, file: false, reason: '仍不立案' }, police)))
      .toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('应当在收到通知立案书后十五日以内立案') });
    const filed = ok(await stack.query(DECIDE_FILING, { id: policeCaseId, file: true, reason: '根据人民检察院通知立案书立案' }, police)).decideFiling;
    expect(filed).toMatchObject({ state: 'FILED', filingNumber: expect.stringMatching(/^咸安公（经）立字〔20\d\d〕\d+号$/) });
    expect((await workList('policeWorkList', police)).some((t) => t.recordId === policeCaseId && t.step === 'decideFiling')).toBe(false);

    // The copy of the 立案决定书 closes the supervision and what it still owed; the agency is told it was filed.
    const closed = await untilSupervision(id, (x) => x.state === 'FILED', 'the 立案决定书 to reach the procuratorate');
    expect(closed).toMatchObject({ filingNumber: filed.filingNumber, filedAt: expect.any(String) });
    expect(closed.receivedDocuments.map((d: { kind: string }) => d.kind).sort()).toEqual(['FILING_DECISION_COPY', 'NON_FILING_EXPLANATION']);
    expect((await workList('procuratorateWorkList', procurator)).some((t) => t.recordId === id)).toBe(false);
    expect(await inboxRows('procuratorate', `FILING_DECISION_COPY:${id}`)).toHaveLength(1);
    await until(() => stack.query(`query($id: ID!) { caseTransfer(id: $id) { state } }`, { id: transferId }, officer),
      (res) => res.data?.caseTransfer?.state === 'FILED', 'the filing notice to reach the agency');
    expect(await inboxRows('enforcement', `FILING_NOTICE:${policeCaseId}:${id}`)).toHaveLength(1);
  });

  it('the agency’s request after a reconsideration that upheld the refusal starts it: the whole path to the filing', async () => {
    const { chainId, transferId, policeCaseId } = await decided(false);
    const REQUEST_SUPERVISION = `mutation($id: ID!, $reason: String!) { requestFilingSupervision(transferId: $id, reason: $reason) { id state filingSupervisionRequestedAt documents { id kind title number receiverOrg nextStep } } }`;
    const reason = '复议决定仍不予立案，但检验报告证明涉案电缆为不合格产品，销售金额六万元，达到立案追诉标准';
    // Only after a reconsideration, only by the agency's officers.
    await until(() => stack.query(`query($id: ID!) { caseTransfer(id: $id) { state } }`, { id: transferId }, officer), (res) => res.data?.caseTransfer?.state === 'NOT_FILED', 'the refusal to reach the agency');
    expect(errorOf(await stack.query(REQUEST_SUPERVISION, { id: transferId, reason }, officer)))
      .toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「公安机关不予立案」(NOT_FILED)，不能提请立案监督') });
    ok(await stack.query(`mutation($id: ID!) { requestReconsideration(transferId: $id, reason: "应当立案") { id } }`, { id: transferId }, officer));
    await untilPoliceCase(policeCaseId, (c) => c.state === 'RECONSIDERATION_PENDING', 'the request to reach the police');
    ok(await stack.query(`mutation($id: ID!) { decideReconsideration(policeCaseId: $id, file: false, reason: "维持不予立案决定") { id } }`, { id: policeCaseId }, police));
    await until(() => stack.query(`query($id: ID!) { caseTransfer(id: $id) { state } }`, { id: transferId }, officer), (res) => res.data?.caseTransfer?.state === 'RECONSIDERATION_NOT_FILED', 'the decision to reach the agency');
    expect(errorOf(await stack.query(REQUEST_SUPERVISION, { id: transferId, reason }, police))).toEqual({ code: 'FORBIDDEN', message: '只有行政执法人员可以提请立案监督' });
    expect(errorOf(await stack.query(REQUEST_SUPERVISION, { id: transferId, reason }, otherOfficer)).code).toBe('NOT_FOUND');
    const requested = ok(await stack.query(REQUEST_SUPERVISION, { id: transferId, reason }, officer)).requestFilingSupervision;
    expect(requested.state).toBe('FILING_SUPERVISION_REQUESTED');
    expect(requested.documents.find((d: { kind: string }) => d.kind === 'FILING_SUPERVISION_REQUEST')).toMatchObject({ title: '提请立案监督书', receiverOrg: PROCURATORATE });
    expect(errorOf(await stack.query(REQUEST_SUPERVISION, { id: transferId, reason }, officer)).message).toContain('(FILING_SUPERVISION_REQUESTED)');

    // The procuratorate opens the case on it, the agency named; then the steps as before, to the filing.
    const id = policeCaseId.replace(/^PC-/, 'FS-');
    const opened = await untilSupervision(id, (x) => x.state === 'OPENED', 'the request to reach the procuratorate');
    expect(opened).toMatchObject({ chain: { id: chainId }, policeCaseId, bureauCode: BUREAU, agencyId: AGENCY, reason, receivedDocuments: [expect.objectContaining({ kind: 'FILING_SUPERVISION_REQUEST' })] });
    expect(ok(await stack.query(SUPERVISION, { id }, officer)).filingSupervision.state).toBe('OPENED');
    expect(await inboxRows('procuratorate', `FILING_SUPERVISION_REQUEST:${transferId}`)).toHaveLength(1);
    expect(errorOf(await stack.query(OPEN, { input: { policeCaseId, bureauCode: BUREAU, reason } }, procurator)).message).toContain(`已有立案监督案件 ${id}`);
    ok(await stack.query(REQUEST, { id }, procurator));
    await untilPoliceCase(policeCaseId, (c) => c.state === 'EXPLANATION_REQUESTED', 'the request to reach the police');
    ok(await stack.query(EXPLAIN, { id: policeCaseId, explanation: '复议维持原决定的理由' }, police));
    await untilSupervision(id, (x) => x.state === 'EXPLAINED', 'the reasons to reach the procuratorate');
    ok(await stack.query(REVIEW, { id, sound: false, reason: '不立案理由不能成立' }, procurator));
    await untilPoliceCase(policeCaseId, (c) => c.state === 'FILING_NOTIFIED', 'the 通知立案书 to reach the police');
    ok(await stack.query(DECIDE_FILING, { id: policeCaseId, file: true, reason: '根据人民检察院通知立案书立案' }, police));
    await untilSupervision(id, (x) => x.state === 'FILED', 'the 立案决定书 to reach the procuratorate');
    await until(() => stack.query(`query($id: ID!) { caseTransfer(id: $id) { state } }`, { id: transferId }, officer), (res) => res.data?.caseTransfer?.state === 'FILED', 'the filing notice to reach the agency');
  });

  it('refuses the agency’s request after the 3 days of 310 Art. 9', async () => {
    const { transferId, policeCaseId } = await decided(false);
    await until(() => stack.query(`query($id: ID!) { caseTransfer(id: $id) { state } }`, { id: transferId }, officer), (res) => res.data?.caseTransfer?.state === 'NOT_FILED', 'the refusal to reach the agency');
    ok(await stack.query(`mutation($id: ID!) { requestReconsideration(transferId: $id, reason: "应当立案") { id } }`, { id: transferId }, officer));
    await untilPoliceCase(policeCaseId, (c) => c.state === 'RECONSIDERATION_PENDING', 'the request to reach the police');
    ok(await stack.query(`mutation($id: ID!) { decideReconsideration(policeCaseId: $id, file: false, reason: "维持") { id } }`, { id: policeCaseId }, police));
    await until(() => stack.query(`query($id: ID!) { caseTransfer(id: $id) { state } }`, { id: transferId }, officer), (res) => res.data?.caseTransfer?.state === 'RECONSIDERATION_NOT_FILED', 'the decision to reach the agency');
    await stack.subgraphs.enforcement!.database.db.updateTable('caseTransfer').set({ reconsiderationDecidedAt: new Date(Date.now() - 10 * DAY) }).where('id', '=', transferId).execute();
    const late = await stack.query(`mutation($id: ID!) { requestFilingSupervision(transferId: $id, reason: "应当立案") { id } }`, { id: transferId }, officer);
    expect(errorOf(late)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/提请立案监督的期限已于 20\d\d-\d\d-\d\d 届满/) });
  });

  it('finds the reasons sound: the agency is told, the case closes, nothing more is owed', async () => {
    const { id, transferId } = await explained();
    const reason = '经审查，现有证据确实不足以证明销售金额达到追诉标准，公安机关不立案理由成立';
    const sound = ok(await stack.query(REVIEW, { id, sound: true, reason }, procurator)).reviewNonFilingExplanation;
    expect(sound).toMatchObject({ state: 'REASONS_SOUND', reasonsSound: true, filingNotifiedAt: null });
    expect(sound.documents.find((d: { kind: string }) => d.kind === 'NON_FILING_REVIEW_NOTICE'))
      .toMatchObject({ title: '不立案理由审查意见通知书', receiverOrg: AGENCY, nextStep: null, number: expect.stringMatching(/^咸安检立监告〔20\d\d〕\d+号$/) });
    expect((await workList('procuratorateWorkList', procurator)).some((t) => t.recordId === id)).toBe(false);
    await until(() => inboxRows('enforcement', `NON_FILING_REVIEW_NOTICE:${id}`), (rows) => rows.length === 1, 'the notice to reach the agency');
    const received = ok(await stack.query(`query($id: ID!) { caseTransfer(id: $id) { state receivedDocuments { kind title } } }`, { id: transferId }, officer)).caseTransfer;
    expect(received.state).toBe('NOT_FILED');
    expect(received.receivedDocuments).toEqual(expect.arrayContaining([{ kind: 'NON_FILING_REVIEW_NOTICE', title: '不立案理由审查意见通知书' }]));
    expect(errorOf(await stack.query(CORRECT, { id, violation: 'x' }, procurator)).message).toContain('处于「不立案理由成立，已告知行政执法机关」(REASONS_SOUND)');
  });

  it('escalates with a 纠正违法通知书 once the 15 days pass unfiled; the police can still file', async () => {
    const { id, policeCaseId } = await explained();
    ok(await stack.query(REVIEW, { id, sound: false, reason: '不立案理由不能成立' }, procurator));
    await untilPoliceCase(policeCaseId, (c) => c.state === 'FILING_NOTIFIED', 'the 通知立案书 to reach the police');
    // The notice went out twenty days ago, and the police received it then.
    const past = new Date(Date.now() - 20 * DAY);
    await stack.subgraphs.procuratorate!.database.db.updateTable('filingSupervision').set({ filingNotifiedAt: past }).where('id', '=', id).execute();
    await stack.subgraphs.procuratorate!.database.db.updateTable('workflowTask').set({ dueAt: new Date(Date.now() - 5 * DAY) }).where('recordId', '=', id).where('step', '=', 'sendCorrectionNotice').execute();
    await stack.subgraphs.police!.database.db.updateTable('workflowTask').set({ dueAt: new Date(Date.now() - 5 * DAY) })
      .where('recordId', '=', policeCaseId).where('step', '=', 'decideFiling').where('doneAt', 'is', null).execute();
    expect((await workList('procuratorateWorkList', procurator)).find((t) => t.recordId === id)).toMatchObject({ step: 'sendCorrectionNotice', late: true });
    expect(errorOf(await stack.query(CORRECT, { id, violation: 'x' }, police))).toEqual({ code: 'FORBIDDEN', message: '只有检察官可以发出纠正违法通知书' });
    const violation = '公安机关收到通知立案书后十五日以内未立案，违反刑事诉讼法第一百一十三条';
    const escalated = ok(await stack.query(CORRECT, { id, violation }, procurator)).sendCorrectionNotice;
    expect(escalated).toMatchObject({ state: 'CORRECTION_NOTIFIED', correctionNumber: expect.stringMatching(/^咸安检纠违〔20\d\d〕\d+号$/) });
    expect(escalated.documents.find((d: { kind: string }) => d.kind === 'CORRECTION_NOTICE')).toMatchObject({ title: '纠正违法通知书', receiverOrg: BUREAU });
    expect(escalated.steps.find((s: { step: string }) => s.step === 'sendCorrectionNotice')).toMatchObject({ doneAt: expect.any(String), late: true });
    expect(errorOf(await stack.query(CORRECT, { id, violation }, procurator)).message).toContain('(CORRECTION_NOTIFIED)');
    const corrected = await untilPoliceCase(policeCaseId, (c) => !!c.correctionNoticedAt, 'the 纠正违法通知书 to reach the police');
    expect(corrected.state).toBe('FILING_NOTIFIED');
    expect(corrected.steps.find((s: { step: string; doneAt: string | null }) => s.step === 'decideFiling' && !s.doneAt)).toMatchObject({ late: true });
    ok(await stack.query(DECIDE_FILING, { id: policeCaseId, file: true, reason: '根据人民检察院纠正违法通知书立案' }, police));
    await untilSupervision(id, (x) => x.state === 'FILED', 'the 立案决定书 to reach the procuratorate');
  });

  it('a request about a case the bureau filed is refused by the police and stays undelivered', async () => {
    const { policeCaseId } = await decided(true);
    const opened = ok(await stack.query(OPEN, { input: { policeCaseId, bureauCode: BUREAU, reason: '应当立案' } }, procurator)).openFilingSupervision;
    ok(await stack.query(REQUEST, { id: opened.id }, procurator));
    const rejected = await until(() => supervision(opened.id), (res) => res.data?.filingSupervision?.documents?.[0]?.deliveryState === 'REJECTED', 'the police to refuse the request');
    expect(rejected.data.filingSupervision.state).toBe('EXPLANATION_REQUESTED');
    expect((await stack.query(POLICE_CASE, { id: policeCaseId }, police)).data.policeCase).toMatchObject({ state: 'FILED', explanationRequestedAt: null });
  });
});
