import { creditCode, residentId, storedDocument, verifyDocument } from '@xianjie/subgraph-kit';
import { DIALECTS, errorOf, type GraphQLResponse, type Stack, startStack, until, twoValidOfficerIds } from './harness';

/**
 * The steps between the enforcement agencies and the police after a transfer arrives
 * (issue 6): forwarding to the bureau with jurisdiction, missing materials, refusal and
 * reconsideration, seized items, suspects, closing the case and the transfer for
 * prosecution — each through GraphQL mutations as the role that takes it, with the signed
 * documents delivered between the subgraphs and the deadlines of the steps that follow.
 */
const AGENCY = 'AG-421202-SCJG';
const OTHER_AGENCY = 'AG-421221-SCJG';
const BUREAU = 'PB-421202';
const OTHER_BUREAU = 'PB-421221';
const CHIBI_BUREAU = 'PB-421281';
const MATERIALS = ['涉嫌犯罪案件移送书', '涉嫌犯罪案件情况的调查报告', '涉案物品清单'];

const CASE_FIELDS = /* GraphQL */ `
  id caseNumber state bureauCode bureauName filingNumber filing { decision reason }
  reconsiderations { requestedAt decidedAt decision reason requestReason }
  forwards { fromBureauCode fromCaseNumber toBureauCode toBureauName reason forwardedAt }
  materialsRequestedAt missingMaterials materialsSuppliedAt suppliedMaterials seizedItems seizedItemsReceivedAt
  suspects { kind name idNumber } investigationNotes closedAt closeReason proposedCharges transferredForProsecutionAt
  steps { step org article dueAt doneAt late }
  documents { id kind title number receiver receiverOrg deliveryState nextStep nextStepDueAt nextStepArticle }`;
const TRANSFER_FIELDS = /* GraphQL */ `
  id state policeBureauCode policeBureauName materials forwardedAt materialsRequestedAt missingMaterials materialsSuppliedAt
  itemsHandedOverAt seizedItems reconsiderationRequestedAt reconsiderationReason reconsiderationDecidedAt policeClosedAt policeCloseReason
  documents { id kind title number receiverOrg deliveryState nextStep nextStepDueAt nextStepArticle }
  administrativeCase { steps { step org article dueAt doneAt late } }`;

const POLICE_CASE = `query PoliceCase($id: ID!) { policeCase(id: $id) { ${CASE_FIELDS} } }`;
const TRANSFER = `query Transfer($id: ID!) { caseTransfer(id: $id) { ${TRANSFER_FIELDS} policeCase { id state } } }`;
const policeStep = (mutation: string, params: string) => /* GraphQL */ `
  mutation Step($id: ID!${params ? `, ${params}` : ''}) { ${mutation} { ${CASE_FIELDS} } }`;
const SIGN = policeStep('signReceipt(policeCaseId: $id)', '');
const DECIDE_FILING = policeStep('decideFiling(policeCaseId: $id, file: $file, reason: $reason)', '$file: Boolean!, $reason: String!');
const FORWARD = policeStep('forwardCase(policeCaseId: $id, toBureauCode: $to, reason: $reason)', '$to: String!, $reason: String!');
const REQUEST_MATERIALS = policeStep('requestMaterials(policeCaseId: $id, missing: $missing)', '$missing: [String!]!');
const DECIDE_RECONSIDERATION = policeStep('decideReconsideration(policeCaseId: $id, file: $file, reason: $reason)', '$file: Boolean!, $reason: String!');
const RECORD_SUSPECT = policeStep('recordSuspect(policeCaseId: $id, input: $input)', '$input: SuspectInput!');
const ADD_NOTE = policeStep('addInvestigationNote(policeCaseId: $id, note: $note)', '$note: String!');
const CLOSE = policeStep('closePoliceCase(policeCaseId: $id, reason: $reason)', '$reason: String!');
const TO_PROSECUTION = policeStep('transferForProsecution(policeCaseId: $id, input: $input)', '$input: ProsecutionTransferInput!');
const agencyStep = (mutation: string, params: string) => /* GraphQL */ `
  mutation Step($id: ID!, ${params}) { ${mutation} { ${TRANSFER_FIELDS} } }`;
const SUPPLY = agencyStep('supplyMaterials(transferId: $id, materials: $materials)', '$materials: [String!]!');
const HAND_OVER = agencyStep('handOverSeizedItems(transferId: $id, items: $items)', '$items: [String!]!');
const REQUEST_RECONSIDERATION = agencyStep('requestReconsideration(transferId: $id, reason: $reason)', '$reason: String!');
const WORK_LIST = (field: string) => /* GraphQL */ `
  query WorkList($first: Int!, $overdueOnly: Boolean) {
    ${field}(first: $first, overdueOnly: $overdueOnly) { totalCount edges { node { step recordId dueAt late } } }
  }`;

const ok = <T>(res: GraphQLResponse<T>): T => {
  expect(res.errors).toBeUndefined();
  return res.data!;
};
type Step = { step: string; org: string; article: string; dueAt: string; doneAt: string | null; late: boolean };
type Doc = { id: string; kind: string; title: string; number: string; receiverOrg: string; deliveryState: string; nextStep: string | null; nextStepDueAt: string | null; nextStepArticle: string | null };
const docOf = (docs: Doc[], kind: string) => docs.filter((d) => d.kind === kind);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(DIALECTS)('the steps between agencies and the police over %s', (dialect) => {
  let stack: Stack;
  let officer: string;
  let head: string;
  let otherOfficer: string;
  let police: string;
  let otherPolice: string;
  let chibiPolice: string;
  let procurator: string;
  let officerIds: string[];
  let benchmark: { code: string; minFine: string };

  const policeCase = (id: string, token = police) => stack.query(POLICE_CASE, { id }, token);
  const transfer = (id: string) => stack.query(TRANSFER, { id }, officer);
  const untilTransfer = (id: string, done: (t: any) => boolean, what: string) =>
    until(() => transfer(id), (res) => !!res.data?.caseTransfer && done(res.data.caseTransfer), what).then((res) => res.data.caseTransfer);
  const untilCase = (id: string, done: (c: any) => boolean, what: string, token = police) =>
    until(() => policeCase(id, token), (res) => !!res.data?.policeCase && done(res.data.policeCase), what).then((res) => res.data.policeCase);
  const workList = async (field: string, token: string, overdueOnly = false) =>
    ok(await stack.query(WORK_LIST(field), { first: 100, overdueOnly }, token))[field].edges.map(
      (e: { node: { recordId: string; step: string; late: boolean } }) => e.node,
    ) as { recordId: string; step: string; late: boolean }[];
  const owes = (items: { recordId: string; step: string }[]) => items.map((i) => `${i.recordId}:${i.step}`);
  const outboxRow = (institution: string, id: string) =>
    stack.subgraphs[institution]!.database.db.selectFrom('handoffOutbox').selectAll().where('id', '=', id).executeTakeFirst();
  const inboxCopies = (institution: string, chainId: string) =>
    stack.subgraphs[institution]!.database.db.selectFrom('handoffInbox').select(['id', 'kind', 'digest']).where('chainId', '=', chainId).execute() as Promise<{ id: string; kind: string; digest: string }[]>;
  const documentOf = (row: Record<string, unknown>) => storedDocument(row.document);

  beforeAll(async () => {
    stack = await startStack(dialect);
    officer = await stack.token('enforcement', AGENCY);
    head = await stack.token('agency-head', AGENCY);
    otherOfficer = await stack.token('enforcement', OTHER_AGENCY);
    police = await stack.token('police', BUREAU);
    otherPolice = await stack.token('police', OTHER_BUREAU);
    chibiPolice = await stack.token('police', CHIBI_BUREAU);
    procurator = await stack.token('procurator', 'PP-421202');
    const agency = ok(await stack.query(
      `{ agency(id: "${AGENCY}") { officers { id validUntil } discretionBenchmarks { code violation minFine } } }`, {}, officer,
    )).agency;
    officerIds = twoValidOfficerIds(agency.officers);
    benchmark = agency.discretionBenchmarks.find((b: { violation: string }) => b.violation.includes('伪劣') || b.violation.includes('不合格')) ?? agency.discretionBenchmarks[0];
  });
  afterAll(() => stack?.stop());

  /** A new case entered, (optionally) decided, and transferred to BUREAU through the agency's own steps; the police case it opens. */
  async function transferred(options: { decide?: boolean } = {}) {
    const registered = ok(await stack.query(/* GraphQL */ `
      mutation Register($input: RegisterCaseInput!) { registerCase(input: $input) { id chain { id } } }`, {
      input: {
        procedure: 'GENERAL', violationCategory: 'SUBSTANDARD_PRODUCTS',
        facts: '当事人于2026年11月在咸安区横沟桥镇销售不合格电线电缆，货值金额六万元。',
        party: { kind: 'PERSON', name: '王建国', idNumber: residentId('421202', new Date(Date.UTC(1980, 4, 6)), 31) },
        involvedAmount: '60000.00', illegalGains: '12000.00', quantity: '300', quantityUnit: '卷', officerIds,
      },
    }, officer)).registerCase;
    let decisionNumber: string | null = null;
    if (options.decide) {
      decisionNumber = ok(await stack.query(/* GraphQL */ `
        mutation Decide($caseId: ID!, $input: DecidePenaltyInput!) { decidePenalty(caseId: $caseId, input: $input) { decision { documentNumber } } }`,
      { caseId: registered.id, input: { fineAmount: benchmark.minFine, otherPenalties: ['没收违法所得'], legalBasis: '《中华人民共和国产品质量法》第四十九条', benchmarkCode: benchmark.code } },
      officer)).decidePenalty.decision.documentNumber;
    }
    const transferId = ok(await stack.query(/* GraphQL */ `
      mutation Propose($caseId: ID!, $input: ProposeTransferInput!) { proposeTransfer(caseId: $caseId, input: $input) { id } }`,
    { caseId: registered.id, input: { policeBureauCode: BUREAU, reason: '销售金额六万元，达到立案追诉标准', materials: MATERIALS } }, officer)).proposeTransfer.id;
    ok(await stack.query(`mutation { decideTransfer(transferId: "${transferId}", approve: true) { id } }`, {}, head));
    ok(await stack.query(`mutation { sendTransfer(transferId: "${transferId}") { id } }`, {}, officer));
    const arrived = await untilTransfer(transferId, (t) => t.policeCase?.state === 'AWAITING_RECEIPT', 'the transfer to reach the police');
    return { caseId: registered.id as string, chainId: registered.chain.id as string, transferId, policeCaseId: arrived.policeCase.id as string, decisionNumber };
  }

  /** …signed for and decided by BUREAU; the agency has the notice. */
  async function decided(file: boolean, options: { decide?: boolean } = {}) {
    const t = await transferred(options);
    ok(await stack.query(SIGN, { id: t.policeCaseId }, police));
    ok(await stack.query(DECIDE_FILING, { id: t.policeCaseId, file, reason: file ? '有犯罪事实，需要追究刑事责任' : '现有证据不足以证明有犯罪事实' }, police));
    await untilTransfer(t.transferId, (x) => x.state === (file ? 'FILED' : 'NOT_FILED'), 'the filing notice to reach the agency');
    return t;
  }

  it('refused, then reconsidered on the agency’s request and filed after all; a late decision is marked late', async () => {
    const { transferId, policeCaseId, chainId } = await decided(false);

    // Nothing to reconsider before the agency asks; only the agency asks, and only its own.
    const early = await stack.query(DECIDE_RECONSIDERATION, { id: policeCaseId, file: true, reason: 'x' }, police);
    expect(errorOf(early)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「不予立案」(NOT_FILED)') });
    const byPolice = await stack.query(REQUEST_RECONSIDERATION, { id: transferId, reason: 'x' }, police);
    expect(errorOf(byPolice)).toEqual({ code: 'FORBIDDEN', message: '只有行政执法人员可以提请复议' });
    const byOtherAgency = await stack.query(REQUEST_RECONSIDERATION, { id: transferId, reason: 'x' }, otherOfficer);
    expect(errorOf(byOtherAgency).code).toBe('NOT_FOUND');

    // 提请复议 (310 Art. 9): the request goes to the bureau, due to be decided within 3 days.
    const reason = '检验报告已认定涉案电缆为不合格产品，销售金额六万元，已达立案追诉标准';
    const requested = ok(await stack.query(REQUEST_RECONSIDERATION, { id: transferId, reason }, officer)).requestReconsideration;
    expect(requested).toMatchObject({ state: 'RECONSIDERATION_REQUESTED', reconsiderationReason: reason, reconsiderationRequestedAt: expect.any(String) });
    const [request] = docOf(requested.documents, 'RECONSIDERATION_REQUEST');
    expect(request).toMatchObject({ title: '提请复议书', receiverOrg: BUREAU, nextStep: 'decideReconsideration', nextStepArticle: '国务院令第310号第九条', number: expect.stringMatching(/^咸安市监提复〔20\d\d〕\d+号$/) });
    expect(new Date(request!.nextStepDueAt!).getTime() - Date.now()).toBeGreaterThan(2 * DAY);
    const twice = await stack.query(REQUEST_RECONSIDERATION, { id: transferId, reason }, officer);
    expect(errorOf(twice)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「已提请复议，待公安机关决定」(RECONSIDERATION_REQUESTED)') });

    // The bureau has it on its work list, with the agency's grounds.
    // The state follows the request, read by a statement of its own beside the steps': wait for both.
    const pending = await untilCase(
      policeCaseId,
      (c) => c.state === 'RECONSIDERATION_PENDING' && c.steps.some((s: Step) => s.step === 'decideReconsideration'),
      'the request and the decision it is owed to reach the police',
    );
    expect(pending.reconsiderations).toEqual([expect.objectContaining({ decision: 'PENDING', decidedAt: null, requestReason: reason })]);
    expect(pending.steps).toEqual(expect.arrayContaining([
      expect.objectContaining({ step: 'decideReconsideration', org: BUREAU, article: '国务院令第310号第九条', doneAt: null, late: false }),
    ]));
    expect(owes(await workList('policeWorkList', police))).toContain(`${policeCaseId}:decideReconsideration`);

    // Past its due time, it is marked late on the work list and among the overdue.
    await stack.subgraphs.police!.database.db.updateTable('workflowTask').set({ dueAt: new Date(Date.now() - HOUR) })
      .where('recordId', '=', policeCaseId).where('step', '=', 'decideReconsideration').execute();
    const overdue = await workList('policeWorkList', police, true);
    expect(overdue).toEqual(expect.arrayContaining([expect.objectContaining({ recordId: policeCaseId, step: 'decideReconsideration', late: true })]));
    expect(overdue.every((i) => i.late)).toBe(true);

    // Only the bureau that refused decides, and only the police.
    expect(errorOf(await stack.query(DECIDE_RECONSIDERATION, { id: policeCaseId, file: true, reason: 'x' }, otherPolice)).code).toBe('NOT_FOUND');
    expect(errorOf(await stack.query(DECIDE_RECONSIDERATION, { id: policeCaseId, file: true, reason: 'x' }, officer))).toEqual({ code: 'FORBIDDEN', message: '只有公安机关可以作出复议决定' });
    expect(errorOf(await stack.query(DECIDE_RECONSIDERATION, { id: policeCaseId, file: true, reason: ' ' }, police)).code).toBe('BAD_USER_INPUT');

    // 复议决定: filed after all, with a filing number; the agency then owes the seized items.
    const decidedCase = ok(await stack.query(DECIDE_RECONSIDERATION, { id: policeCaseId, file: true, reason: '经复议，有犯罪事实，需要追究刑事责任，决定立案' }, police)).decideReconsideration;
    expect(decidedCase).toMatchObject({ state: 'FILED', filingNumber: expect.stringMatching(/^咸安公（经）立字〔20\d\d〕\d+号$/), filing: { decision: 'FILED', reason: expect.stringContaining('经复议') } });
    expect(decidedCase.reconsiderations).toEqual([expect.objectContaining({ decision: 'FILED', decidedAt: expect.any(String), reason: expect.stringContaining('经复议') })]);
    expect(decidedCase.steps.find((s: Step) => s.step === 'decideReconsideration')).toMatchObject({ doneAt: expect.any(String), late: true });
    const [decision] = docOf(decidedCase.documents, 'RECONSIDERATION_DECISION');
    expect(decision).toMatchObject({ title: '复议决定书', nextStep: 'handOverSeizedItems', nextStepArticle: '国务院令第310号第十二条', number: expect.stringMatching(/^咸安公（经）复决字〔20\d\d〕\d+号$/) });
    expect(owes(await workList('policeWorkList', police))).not.toContain(`${policeCaseId}:decideReconsideration`);

    // The decision rests on the request as the police inbox holds it.
    const received = await inboxCopies('police', chainId);
    const sent = documentOf((await outboxRow('police', decision!.id))!);
    expect(sent.upstream).toEqual(expect.arrayContaining(
      received.filter((r) => r.kind === 'RECONSIDERATION_REQUEST' || r.kind === 'CASE_TRANSFER').map((r) => ({ id: r.id, digest: r.digest })),
    ));
    expect(sent.upstream.length).toBe(2);

    const filed = await untilTransfer(transferId, (t) => t.state === 'FILED', 'the reconsideration decision to reach the agency');
    expect(filed.reconsiderationDecidedAt).toEqual(expect.any(String));
    expect(filed.administrativeCase.steps).toEqual(expect.arrayContaining([expect.objectContaining({ step: 'handOverSeizedItems', doneAt: null })]));
    expect(owes(await workList('enforcementWorkList', officer))).toContain(`${transferId}:handOverSeizedItems`);
    const delivered = await untilTransfer(transferId, (t) => docOf(t.documents, 'RECONSIDERATION_REQUEST')[0]?.deliveryState === 'DELIVERED', 'the request to be marked delivered');
    expect(docOf(delivered.documents, 'RECONSIDERATION_REQUEST')).toHaveLength(1);
  });

  it('asks for missing materials after signing for the case, and the agency supplies every one of them', async () => {
    const { transferId, policeCaseId, chainId } = await transferred();
    const missing = ['检验报告', '现场检查笔录'];

    // The bureau may not refuse the case for its materials: it signs first.
    const unsigned = await stack.query(REQUEST_MATERIALS, { id: policeCaseId, missing }, police);
    expect(errorOf(unsigned)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「移送已送达，待签收」(AWAITING_RECEIPT)') });
    ok(await stack.query(SIGN, { id: policeCaseId }, police));
    expect(errorOf(await stack.query(REQUEST_MATERIALS, { id: policeCaseId, missing: [' '] }, police))).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('列明所缺的材料') });
    expect(errorOf(await stack.query(REQUEST_MATERIALS, { id: policeCaseId, missing }, otherPolice)).code).toBe('NOT_FOUND');

    const asked = ok(await stack.query(REQUEST_MATERIALS, { id: policeCaseId, missing }, police)).requestMaterials;
    expect(asked).toMatchObject({ state: 'AWAITING_MATERIALS', missingMaterials: missing, materialsRequestedAt: expect.any(String) });
    // Within 24 hours of receipt, done; the filing decision stays due.
    expect(asked.steps).toEqual(expect.arrayContaining([
      expect.objectContaining({ step: 'requestMaterials', article: '公安机关办理刑事案件程序规定第一百八十条第二款', doneAt: expect.any(String), late: false }),
      expect.objectContaining({ step: 'decideFiling', doneAt: null }),
    ]));
    const requestStep = asked.steps.find((s: Step) => s.step === 'requestMaterials');
    expect(new Date(requestStep.dueAt).getTime() - Date.now()).toBeLessThanOrEqual(24 * HOUR);
    const [notice] = docOf(asked.documents, 'MATERIALS_REQUEST');
    expect(notice).toMatchObject({ title: '补正材料通知书', receiverOrg: AGENCY, nextStep: 'supplyMaterials', nextStepArticle: '公安机关办理刑事案件程序规定第一百八十条第二款' });
    expect(owes(await workList('policeWorkList', police))).toContain(`${policeCaseId}:decideFiling`);

    // The agency owes them within 3 days.
    const requested = await untilTransfer(transferId, (t) => t.state === 'MATERIALS_REQUESTED', 'the request to reach the agency');
    expect(requested.missingMaterials).toEqual(missing);
    const owed = requested.administrativeCase.steps.find((s: Step) => s.step === 'supplyMaterials');
    expect(owed).toMatchObject({ org: AGENCY, doneAt: null, late: false });
    expect(new Date(owed.dueAt).getTime() - Date.now()).toBeGreaterThan(2 * DAY);
    expect(owes(await workList('enforcementWorkList', officer))).toContain(`${transferId}:supplyMaterials`);

    expect(errorOf(await stack.query(SUPPLY, { id: transferId, materials: missing }, police))).toEqual({ code: 'FORBIDDEN', message: '只有行政执法人员可以补正移送材料' });
    const partial = await stack.query(SUPPLY, { id: transferId, materials: ['检验报告'] }, officer);
    expect(errorOf(partial)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('尚缺：现场检查笔录') });
    const supplied = ok(await stack.query(SUPPLY, { id: transferId, materials: missing }, officer)).supplyMaterials;
    expect(supplied).toMatchObject({ state: 'SENT', materialsSuppliedAt: expect.any(String), materials: [...MATERIALS, ...missing] });
    expect(docOf(supplied.documents, 'MATERIALS_SUPPLEMENT')).toEqual([expect.objectContaining({ title: '补正材料移送函', receiverOrg: BUREAU })]);
    expect(supplied.administrativeCase.steps.find((s: Step) => s.step === 'supplyMaterials')).toMatchObject({ doneAt: expect.any(String), late: false });
    expect(errorOf(await stack.query(SUPPLY, { id: transferId, materials: missing }, officer))).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「已移送公安机关」(SENT)') });

    // The bureau has them, and its filing decision rests on them.
    const complete = await untilCase(policeCaseId, (c) => c.state === 'PENDING_FILING', 'the materials to reach the police');
    expect(complete).toMatchObject({ suppliedMaterials: missing, materialsSuppliedAt: expect.any(String) });
    const filed = ok(await stack.query(DECIDE_FILING, { id: policeCaseId, file: true, reason: '材料补正后审查，有犯罪事实' }, police)).decideFiling;
    const received = await inboxCopies('police', chainId);
    const notice2 = documentOf((await outboxRow('police', docOf(filed.documents, 'FILING_NOTICE')[0]!.id))!);
    expect(received.map((r) => r.kind).sort()).toEqual(['CASE_TRANSFER', 'MATERIALS_SUPPLEMENT']);
    expect(notice2.upstream).toEqual(expect.arrayContaining(received.map((r) => ({ id: r.id, digest: r.digest }))));
    expect(notice2.upstream).toHaveLength(2);
  });

  it('forwards a case that is not the bureau’s to the bureau with jurisdiction, which signs for it and decides', async () => {
    const { transferId, policeCaseId } = await transferred();
    const signedHere = ok(await stack.query(SIGN, { id: policeCaseId }, police)).signReceipt;
    const firstNumber = signedHere.caseNumber;

    const reason = '涉案生产窝点位于赤壁市，犯罪地不属于本局管辖';
    expect(errorOf(await stack.query(FORWARD, { id: policeCaseId, to: BUREAU, reason }, police))).toEqual({ code: 'BAD_USER_INPUT', message: '不能转送给本机关' });
    expect(errorOf(await stack.query(FORWARD, { id: policeCaseId, to: 'PB-999999', reason }, police)).code).toBe('BAD_USER_INPUT');
    expect(errorOf(await stack.query(FORWARD, { id: policeCaseId, to: CHIBI_BUREAU, reason }, otherPolice)).code).toBe('NOT_FOUND');
    expect(errorOf(await stack.query(FORWARD, { id: policeCaseId, to: CHIBI_BUREAU, reason }, officer)).code).toBe('FORBIDDEN');

    // 转送 (310 Art. 7): the case moves to 赤壁, with its own number, awaiting its signature.
    const moved = ok(await stack.query(FORWARD, { id: policeCaseId, to: CHIBI_BUREAU, reason }, police)).forwardCase;
    expect(moved).toMatchObject({
      state: 'AWAITING_RECEIPT', bureauCode: CHIBI_BUREAU, bureauName: '赤壁市公安局', caseNumber: expect.stringMatching(/^赤壁公（经）受字〔20\d\d〕\d+号$/),
      forwards: [expect.objectContaining({ fromBureauCode: BUREAU, fromCaseNumber: firstNumber, toBureauCode: CHIBI_BUREAU, toBureauName: '赤壁市公安局', reason })],
    });
    expect(moved.steps).toEqual(expect.arrayContaining([
      expect.objectContaining({ step: 'forwardCase', org: BUREAU, article: '国务院令第310号第七条', doneAt: expect.any(String), late: false }),
      expect.objectContaining({ step: 'signReceipt', org: CHIBI_BUREAU, doneAt: null }),
    ]));
    // The first bureau's filing decision is no longer owed.
    expect(moved.steps.filter((s: Step) => s.step === 'decideFiling')).toEqual([]);
    expect(docOf(moved.documents, 'FORWARD_NOTICE')).toEqual([expect.objectContaining({ title: '移送案件转送告知书', receiverOrg: AGENCY, number: expect.stringMatching(/^咸安公（经）转字/) })]);
    expect(owes(await workList('policeWorkList', police))).not.toContain(`${policeCaseId}:decideFiling`);
    expect(owes(await workList('policeWorkList', chibiPolice))).toContain(`${policeCaseId}:signReceipt`);

    // Now only 赤壁 acts on it; it may not be sent back.
    expect(errorOf(await stack.query(DECIDE_FILING, { id: policeCaseId, file: true, reason: 'x' }, police)).code).toBe('NOT_FOUND');
    const back = await stack.query(FORWARD, { id: policeCaseId, to: BUREAU, reason: '不属于本局管辖' }, chibiPolice);
    expect(errorOf(back)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('公安机关办理刑事案件程序规定第二十二条') });

    // The agency is told: its transfer is now with 赤壁.
    const told = await untilTransfer(transferId, (t) => t.policeBureauCode === CHIBI_BUREAU, 'the forward notice to reach the agency');
    expect(told).toMatchObject({ state: 'SENT', policeBureauName: '赤壁市公安局', forwardedAt: expect.any(String) });

    // 赤壁 signs (its own 回执) and decides within 3 days of its receipt.
    const signed = ok(await stack.query(SIGN, { id: policeCaseId }, chibiPolice)).signReceipt;
    expect(signed.state).toBe('PENDING_FILING');
    const receipts = docOf(signed.documents, 'TRANSFER_RECEIPT');
    expect(receipts.map((d: Doc) => d.id).sort()).toEqual([`TRANSFER_RECEIPT:${transferId}:${BUREAU}`, `TRANSFER_RECEIPT:${transferId}:${CHIBI_BUREAU}`]);
    const filingStep = signed.steps.find((s: Step) => s.step === 'decideFiling');
    expect(filingStep).toMatchObject({ org: CHIBI_BUREAU, doneAt: null });
    expect(new Date(filingStep.dueAt).getTime()).toBeGreaterThan(new Date(moved.forwards[0].forwardedAt).getTime() + 2 * DAY);
    const filed = ok(await stack.query(DECIDE_FILING, { id: policeCaseId, file: true, reason: '有犯罪事实，需要追究刑事责任' }, chibiPolice)).decideFiling;
    expect(filed).toMatchObject({ state: 'FILED', filingNumber: expect.stringMatching(/^赤壁公（经）立字/) });
    await untilTransfer(transferId, (t) => t.state === 'FILED', 'the filing notice of 赤壁 to reach the agency');
    const delivered = await until(
      () => Promise.all(receipts.map((d: Doc) => outboxRow('police', d.id))),
      (rows) => rows.every((r) => r?.state === 'delivered'),
      'both receipts to be delivered',
    );
    expect(delivered.map((r) => r!.attempts)).toEqual([1, 1]);
  });

  it('takes a filed case through the seized items and its suspects to the procuratorate, with the penalty already imposed', async () => {
    const { transferId, policeCaseId, chainId, decisionNumber } = await decided(true, { decide: true });

    // 移交涉案物品 (310 Art. 12): by the agency's officers, once.
    const items = ['不合格电线电缆300卷', '销售台账2本'];
    expect(errorOf(await stack.query(HAND_OVER, { id: transferId, items }, police))).toEqual({ code: 'FORBIDDEN', message: '只有行政执法人员可以移交涉案物品' });
    expect(errorOf(await stack.query(HAND_OVER, { id: transferId, items }, otherOfficer)).code).toBe('NOT_FOUND');
    expect(errorOf(await stack.query(HAND_OVER, { id: transferId, items: [] }, officer)).code).toBe('BAD_USER_INPUT');
    const handed = ok(await stack.query(HAND_OVER, { id: transferId, items }, officer)).handOverSeizedItems;
    expect(handed).toMatchObject({ state: 'ITEMS_HANDED_OVER', seizedItems: items, itemsHandedOverAt: expect.any(String) });
    expect(handed.administrativeCase.steps.find((s: Step) => s.step === 'handOverSeizedItems')).toMatchObject({ doneAt: expect.any(String), late: false });
    expect(docOf(handed.documents, 'SEIZED_ITEMS_HANDOVER')).toEqual([expect.objectContaining({ title: '涉案物品移交清单', receiverOrg: BUREAU })]);
    expect(owes(await workList('enforcementWorkList', officer))).not.toContain(`${transferId}:handOverSeizedItems`);
    expect(errorOf(await stack.query(HAND_OVER, { id: transferId, items }, officer))).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('(ITEMS_HANDED_OVER)') });
    await untilCase(policeCaseId, (c) => c.seizedItemsReceivedAt !== null, 'the items to reach the police');

    // No transfer for prosecution without a suspect.
    const input = { proposedCharges: ['销售伪劣产品罪'], facts: '犯罪嫌疑人王建国、咸宁市某电缆有限公司销售不合格电线电缆，销售金额六万元。' };
    const noSuspect = await stack.query(TO_PROSECUTION, { id: policeCaseId, input }, police);
    expect(errorOf(noSuspect)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('尚未登记犯罪嫌疑人') });

    // 犯罪嫌疑人: identity numbers checked (GB 11643, GB 32100).
    const person = { kind: 'PERSON', name: '王建国', idNumber: residentId('421202', new Date(Date.UTC(1980, 4, 6)), 31) };
    const company = { kind: 'ORGANIZATION', name: '咸宁市某电缆有限公司', idNumber: creditCode('9', '1', '421202', 'MA4K7P2Q') };
    const badPerson = await stack.query(RECORD_SUSPECT, { id: policeCaseId, input: { ...person, idNumber: `${person.idNumber.slice(0, 17)}${person.idNumber[17] === '0' ? '1' : '0'}` } }, police);
    expect(errorOf(badPerson)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('不是有效的公民身份号码') });
    const badCompany = await stack.query(RECORD_SUSPECT, { id: policeCaseId, input: { ...company, idNumber: person.idNumber } }, police);
    expect(errorOf(badCompany)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('不是有效的统一社会信用代码') });
    expect(errorOf(await stack.query(RECORD_SUSPECT, { id: policeCaseId, input: person }, otherPolice)).code).toBe('NOT_FOUND');
    expect(errorOf(await stack.query(RECORD_SUSPECT, { id: policeCaseId, input: person }, officer)).code).toBe('FORBIDDEN');
    ok(await stack.query(RECORD_SUSPECT, { id: policeCaseId, input: person }, police));
    const both = ok(await stack.query(RECORD_SUSPECT, { id: policeCaseId, input: company }, police)).recordSuspect;
    expect(both.suspects).toEqual([person, company]);
    expect(errorOf(await stack.query(RECORD_SUSPECT, { id: policeCaseId, input: person }, police))).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('已经登记') });
    const noted = ok(await stack.query(ADD_NOTE, { id: policeCaseId, note: '已对犯罪嫌疑人王建国依法取保候审' }, police)).addInvestigationNote;
    expect(noted.investigationNotes).toEqual(['已对犯罪嫌疑人王建国依法取保候审']);

    // 起诉意见书 (刑事诉讼法 Art. 162) to the procuratorate of the region; decided within a month (Art. 172).
    expect(errorOf(await stack.query(TO_PROSECUTION, { id: policeCaseId, input }, procurator)).code).toBe('FORBIDDEN');
    expect(errorOf(await stack.query(TO_PROSECUTION, { id: policeCaseId, input: { ...input, proposedCharges: [] } }, police)).code).toBe('BAD_USER_INPUT');
    const sent = ok(await stack.query(TO_PROSECUTION, { id: policeCaseId, input }, police)).transferForProsecution;
    expect(sent).toMatchObject({ state: 'TRANSFERRED_FOR_PROSECUTION', proposedCharges: input.proposedCharges, transferredForProsecutionAt: expect.any(String) });
    const [opinion] = docOf(sent.documents, 'PROSECUTION_TRANSFER');
    expect(opinion).toMatchObject({
      title: '起诉意见书', receiverOrg: 'PP-421202', nextStep: 'decideProsecution', nextStepArticle: '刑事诉讼法第一百七十二条',
      number: expect.stringMatching(/^咸安公（经）诉字〔20\d\d〕\d+号$/),
    });
    const dueIn = new Date(opinion!.nextStepDueAt!).getTime() - Date.now();
    expect(dueIn).toBeGreaterThan(27 * DAY);
    expect(dueIn).toBeLessThan(36 * DAY);

    // The police outbox holds it, signed by the police, with what the procuratorate needs.
    const row = (await outboxRow('police', `PROSECUTION_TRANSFER:${policeCaseId}`))!;
    expect(row).toMatchObject({ receiver: 'procuratorate', kind: 'PROSECUTION_TRANSFER', chainId });
    const document = documentOf(row);
    await expect(verifyDocument({ document, digest: row.digest, signature: row.signature }, { police: stack.documentKeys.police!.publicKey })).resolves.toBeUndefined();
    expect(document).toMatchObject({ sender: 'police', senderOrg: BUREAU, receiver: 'procuratorate', receiverOrg: 'PP-421202', subjectId: policeCaseId });
    expect(document.content).toEqual({
      policeCaseId, policeCaseNumber: sent.caseNumber, filingNumber: sent.filingNumber, bureauCode: BUREAU, bureauName: '咸宁市公安局咸安分局',
      agencyId: AGENCY, transferId, procuratorateCode: 'PP-421202', suspects: [person, company], proposedCharges: input.proposedCharges,
      facts: input.facts,
      penaltyDecision: { documentNumber: decisionNumber, decidedAt: expect.any(String), fineFen: expect.stringMatching(/^[1-9]\d*$/), otherPenalties: ['没收违法所得'] },
    });
    // The penalty is the one the agency's 移送书 carried, as the police inbox holds it.
    const transferCopy = await stack.subgraphs.police!.database.db.selectFrom('handoffInbox').select('document').where('id', '=', `CASE_TRANSFER:${transferId}`).executeTakeFirstOrThrow();
    expect(document.content.penaltyDecision).toEqual(documentOf(transferCopy).content.penaltyDecision);
    const received = await inboxCopies('police', chainId);
    expect(received.map((r) => r.kind).sort()).toEqual(['CASE_TRANSFER', 'SEIZED_ITEMS_HANDOVER']);
    expect([...document.upstream].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      received.map((r) => ({ id: r.id, digest: r.digest })).sort((a, b) => a.id.localeCompare(b.id)),
    );
    // The deliverer takes it to the procuratorate (whose inbox answers for itself).
    const attempted = await until(() => outboxRow('police', row.id), (r) => (r?.attempts ?? 0) >= 1, 'the deliverer to post the 起诉意见书');
    expect(attempted!.attempts).toBeGreaterThanOrEqual(1);

    // Nothing more on a case gone to the procuratorate.
    expect(errorOf(await stack.query(TO_PROSECUTION, { id: policeCaseId, input }, police))).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('(TRANSFERRED_FOR_PROSECUTION)') });
    expect(errorOf(await stack.query(CLOSE, { id: policeCaseId, reason: '没有犯罪事实' }, police)).message).toContain('处于「已移送审查起诉」');
    expect(errorOf(await stack.query(RECORD_SUSPECT, { id: policeCaseId, input: person }, police)).code).toBe('BAD_USER_INPUT');
  });

  it('closes a filed case (撤案) and tells the agency, which then owes no seized items', async () => {
    const { transferId, policeCaseId } = await decided(true);
    expect(owes(await workList('enforcementWorkList', officer))).toContain(`${transferId}:handOverSeizedItems`);
    const reason = '经侦查，涉案电缆经重新鉴定为合格产品，没有犯罪事实';
    expect(errorOf(await stack.query(CLOSE, { id: policeCaseId, reason }, otherPolice)).code).toBe('NOT_FOUND');
    expect(errorOf(await stack.query(CLOSE, { id: policeCaseId, reason }, officer)).code).toBe('FORBIDDEN');
    expect(errorOf(await stack.query(CLOSE, { id: policeCaseId, reason: '' }, police)).code).toBe('BAD_USER_INPUT');

    const closed = ok(await stack.query(CLOSE, { id: policeCaseId, reason }, police)).closePoliceCase;
    expect(closed).toMatchObject({ state: 'CLOSED', closeReason: reason, closedAt: expect.any(String) });
    expect(docOf(closed.documents, 'CASE_CLOSED_NOTICE')).toEqual([
      expect.objectContaining({ title: '撤销案件告知书', receiverOrg: AGENCY, number: expect.stringMatching(/^咸安公（经）撤字〔20\d\d〕\d+号$/) }),
    ]);
    expect(errorOf(await stack.query(CLOSE, { id: policeCaseId, reason }, police))).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「已撤销案件」(CLOSED)') });
    expect(errorOf(await stack.query(TO_PROSECUTION, { id: policeCaseId, input: { proposedCharges: ['x'], facts: 'x' } }, police)).code).toBe('BAD_USER_INPUT');

    const told = await untilTransfer(transferId, (t) => t.state === 'CLOSED', 'the closing notice to reach the agency');
    expect(told).toMatchObject({ policeCloseReason: reason, policeClosedAt: closed.closedAt });
    expect(told.administrativeCase.steps.filter((s: Step) => s.step === 'handOverSeizedItems')).toEqual([]);
    expect(owes(await workList('enforcementWorkList', officer))).not.toContain(`${transferId}:handOverSeizedItems`);
    expect(errorOf(await stack.query(HAND_OVER, { id: transferId, items: ['电缆'] }, officer))).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「公安机关已撤销案件」(CLOSED)') });
  });

  it('decides on filing while materials are awaited, and refuses a reconsideration asked after its 3 days', async () => {
    const { transferId, policeCaseId } = await transferred();
    ok(await stack.query(SIGN, { id: policeCaseId }, police));
    ok(await stack.query(REQUEST_MATERIALS, { id: policeCaseId, missing: ['检验报告'] }, police));
    await untilTransfer(transferId, (t) => t.state === 'MATERIALS_REQUESTED', 'the request to reach the agency');
    expect(owes(await workList('enforcementWorkList', officer))).toContain(`${transferId}:supplyMaterials`);
    // The filing decision is due 3 days from receipt, materials or not (310 Art. 8).
    const refused = ok(await stack.query(DECIDE_FILING, { id: policeCaseId, file: false, reason: '现有证据不足以证明有犯罪事实' }, police)).decideFiling;
    expect(refused.state).toBe('NOT_FILED');
    const notFiled = await untilTransfer(transferId, (t) => t.state === 'NOT_FILED', 'the refusal to reach the agency');
    expect(notFiled.administrativeCase.steps.filter((s: Step) => s.step === 'supplyMaterials')).toEqual([]);
    expect(owes(await workList('enforcementWorkList', officer))).not.toContain(`${transferId}:supplyMaterials`);
    expect(errorOf(await stack.query(SUPPLY, { id: transferId, materials: ['检验报告'] }, officer))).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「公安机关不予立案」(NOT_FILED)') });
    expect(errorOf(await stack.query(HAND_OVER, { id: transferId, items: ['电缆'] }, officer)).code).toBe('BAD_USER_INPUT');

    // The notice arrived ten days ago: the 3 days of 310 Art. 9 are over.
    await stack.subgraphs.enforcement!.database.db.updateTable('caseTransfer').set({ filingNoticedAt: new Date(Date.now() - 10 * DAY) }).where('id', '=', transferId).execute();
    const late = await stack.query(REQUEST_RECONSIDERATION, { id: transferId, reason: '应当立案' }, officer);
    expect(errorOf(late)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/提请复议的期限已于 20\d\d-\d\d-\d\d 届满.*立案监督/) });
    expect((await transfer(transferId)).data.caseTransfer.state).toBe('NOT_FILED');
    // A case refused is not closed, nor sent for prosecution.
    expect(errorOf(await stack.query(CLOSE, { id: policeCaseId, reason: 'x' }, police)).message).toContain('处于「不予立案」(NOT_FILED)');
    expect(errorOf(await stack.query(RECORD_SUSPECT, { id: policeCaseId, input: { kind: 'PERSON', name: '王建国', idNumber: residentId('421202', new Date(Date.UTC(1980, 4, 6)), 31) } }, police)).code).toBe('BAD_USER_INPUT');
  });
});
