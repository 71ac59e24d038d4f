import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beijingDay, residentId } from '@xianjie/subgraph-kit';
import { DIALECTS, errorOf, type Stack, startStack, until, twoValidOfficerIds } from './harness';

/**
 * The work itself (issue 6): a new case entered and moved through GraphQL mutations only,
 * each step taken as the role that takes it, with the hand-off documents delivered
 * between subgraphs and the statutory deadlines of the steps that follow.
 */
const AGENCY = 'AG-421202-SCJG';
const OTHER_AGENCY = 'AG-421221-SCJG';
const BUREAU = 'PB-421202';

const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterCaseInput!) {
    registerCase(input: $input) {
      id caseNumber state chain { id }
      steps { step title article dueAt doneAt late }
    }
  }`;
const DECIDE = /* GraphQL */ `
  mutation Decide($caseId: ID!, $input: DecidePenaltyInput!) {
    decidePenalty(caseId: $caseId, input: $input) { id state decision { documentNumber fineAmount benchmark { code } } }
  }`;
const PROPOSE = /* GraphQL */ `
  mutation Propose($caseId: ID!, $input: ProposeTransferInput!) {
    proposeTransfer(caseId: $caseId, input: $input) { id state policeBureauName }
  }`;
const APPROVE = /* GraphQL */ `
  mutation Approve($id: ID!, $approve: Boolean!, $reason: String) {
    decideTransfer(transferId: $id, approve: $approve, reason: $reason) { id state approvedAt refusalReason }
  }`;
const SEND = /* GraphQL */ `
  mutation Send($id: ID!) {
    sendTransfer(transferId: $id) { id state transferredAt documents { id kind title number deliveryState receiver receiverOrg } }
  }`;
const TRANSFER = /* GraphQL */ `
  query Transfer($id: ID!) {
    caseTransfer(id: $id) {
      id state
      documents { kind deliveryState deliveredAt attempts lastError }
      policeCase { id caseNumber state filingNumber filing { decision reason } }
      administrativeCase { steps { step title article dueAt doneAt late } }
    }
  }`;
const WORK_LIST = (field: string) => /* GraphQL */ `
  query WorkList($first: Int!) {
    ${field}(first: $first) { totalCount edges { node { step title article recordId dueAt late } } }
  }`;


describe.each(DIALECTS)('the linkage steps over %s', (dialect) => {
  let stack: Stack;
  let officer: string;
  let head: string;
  let otherOfficer: string;
  let police: string;
  let otherPolice: string;
  let officerIds: string[];
  let benchmark: { code: string; minFine: string; maxFine: string };

  beforeAll(async () => {
    stack = await startStack(dialect);
    officer = await stack.token('enforcement', AGENCY);
    head = await stack.token('agency-head', AGENCY);
    otherOfficer = await stack.token('enforcement', OTHER_AGENCY);
    police = await stack.token('police', BUREAU);
    otherPolice = await stack.token('police', 'PB-421221');
    const agency = await stack.query(
      `{ agency(id: "${AGENCY}") { officers { id validUntil } discretionBenchmarks { code violation minFine maxFine } } }`, {}, officer,
    );
    officerIds = twoValidOfficerIds(agency.data.agency.officers);
    benchmark = agency.data.agency.discretionBenchmarks.find((b: { violation: string }) => b.violation.includes('伪劣') || b.violation.includes('不合格')) ??
      agency.data.agency.discretionBenchmarks[0];
  });
  afterAll(() => stack?.stop());

  const caseInput = () => ({
    procedure: 'GENERAL',
    violationCategory: 'SUBSTANDARD_PRODUCTS',
    facts: '当事人于2026年11月在咸安区横沟桥镇销售不合格电线电缆，货值金额六万元。',
    party: { kind: 'PERSON', name: '王建国', idNumber: residentId('421202', new Date(Date.UTC(1980, 4, 6)), 31) },
    involvedAmount: '60000.00',
    illegalGains: '12000.00',
    quantity: '300',
    quantityUnit: '卷',
    officerIds,
  });

  it('numbers a case registered after seeding with the next serial of its agency and year, continuing the seeded numbers', async () => {
    const db = stack.subgraphs.enforcement!.database.db;
    const year = beijingDay(new Date()).slice(0, 4);
    const serialOf = (n: string) => Number(/〔\d{4}〕(\d+)号$/.exec(n)![1]);
    // The agency whose seeded numbers of this year went furthest (document_serial holds where they ended).
    const seeded = await db.selectFrom('administrativeCase').select(['agencyId', 'caseNumber']).where('caseNumber', 'like', `%〔${year}〕%`).execute();
    const last = new Map<string, number>();
    for (const r of seeded) last.set(r.agencyId, Math.max(last.get(r.agencyId) ?? 0, serialOf(r.caseNumber)));
    const [agencyId, lastSerial] = [...last].sort((x, y) => y[1] - x[1])[0] ?? [AGENCY, 0];
    if (year === '2026') expect(lastSerial).toBeGreaterThan(1); // the demo's DEMO_NOW is in 2026
    const token = await stack.token('enforcement', agencyId);
    const agency = await stack.query(`{ agency(id: "${agencyId}") { officers { id validUntil } } }`, {}, token);
    const ids = twoValidOfficerIds(agency.data.agency.officers);
    const registered = await stack.query(REGISTER, { input: { ...caseInput(), officerIds: ids } }, token);
    expect(registered.errors).toBeUndefined();
    expect(serialOf(registered.data.registerCase.caseNumber)).toBe(lastSerial + 1);
  });

  it('takes a new case from registration to the police filing decision, each step by its role, with its documents and deadlines', async () => {
    // 立案 by an officer of the agency.
    const registered = await stack.query(REGISTER, { input: caseInput() }, officer);
    expect(registered.errors).toBeUndefined();
    const created = registered.data.registerCase;
    expect(created.state).toBe('REGISTERED');
    expect(created.caseNumber).toMatch(/^咸安市监立〔20\d\d〕\d+号$/);
    expect(created.chain.id).toMatch(/^XJ-\d{7}$/);
    expect(created.steps).toEqual([
      expect.objectContaining({ step: 'decidePenalty', title: '作出行政处罚决定', article: '行政处罚法第六十条', doneAt: null, late: false }),
    ]);
    // Due in 90 days, counted from the day after registration, to the end of a Beijing day.
    const due = new Date(created.steps[0].dueAt);
    expect(due.getTime() - Date.now()).toBeGreaterThan(89 * 86_400_000);
    expect(due.getUTCHours()).toBe(15); // 23:59:59.999 in Beijing
    const caseId = created.id;

    // Another agency's officer: the case answers exactly as one that does not exist.
    const foreign = await stack.query(DECIDE, { caseId, input: { fineAmount: '10000.00', otherPenalties: [], legalBasis: 'x', benchmarkCode: benchmark.code } }, otherOfficer);
    const missing = await stack.query(DECIDE, { caseId: 'AC-9999999', input: { fineAmount: '10000.00', otherPenalties: [], legalBasis: 'x', benchmarkCode: benchmark.code } }, otherOfficer);
    expect(errorOf(foreign).code).toBe('NOT_FOUND');
    expect(errorOf(foreign).message.replace(caseId, 'X')).toBe(errorOf(missing).message.replace('AC-9999999', 'X'));

    // A fine outside the benchmark is refused with the range and the article.
    const tooHigh = (BigInt(benchmark.maxFine.replace('.', '')) + 100n).toString();
    const outOfRange = await stack.query(
      DECIDE, { caseId, input: { fineAmount: `${tooHigh.slice(0, -2)}.${tooHigh.slice(-2)}`, otherPenalties: [], legalBasis: '《中华人民共和国产品质量法》第四十九条', benchmarkCode: benchmark.code } }, officer,
    );
    expect(errorOf(outOfRange)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/超出裁量基准.*行政处罚法第三十四条/) });

    // 处罚决定 within the benchmark.
    const decided = await stack.query(
      DECIDE, { caseId, input: { fineAmount: benchmark.minFine, otherPenalties: ['没收违法所得'], legalBasis: '《中华人民共和国产品质量法》第四十九条', benchmarkCode: benchmark.code } }, officer,
    );
    expect(decided.errors).toBeUndefined();
    expect(decided.data.decidePenalty).toMatchObject({ state: 'DECIDED', decision: { fineAmount: benchmark.minFine, benchmark: { code: benchmark.code } } });
    expect(decided.data.decidePenalty.decision.documentNumber).toMatch(/^咸安市监罚决〔20\d\d〕\d+号$/);

    // Deciding twice is refused, naming the state the case is in.
    const again = await stack.query(
      DECIDE, { caseId, input: { fineAmount: benchmark.minFine, otherPenalties: [], legalBasis: 'x', benchmarkCode: benchmark.code } }, officer,
    );
    expect(errorOf(again)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「已作出处罚决定」(DECIDED)') });

    // 移送: proposed by the officers with the materials of 310 Art. 6 …
    const incomplete = await stack.query(PROPOSE, { caseId, input: { policeBureauCode: BUREAU, reason: '货值金额超过五万元', materials: ['涉嫌犯罪案件移送书'] } }, officer);
    expect(errorOf(incomplete)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('移送材料缺少：涉嫌犯罪案件情况的调查报告、涉案物品清单') });
    const proposed = await stack.query(PROPOSE, {
      caseId,
      input: { policeBureauCode: BUREAU, reason: '销售金额六万元，达到生产、销售伪劣产品罪的立案追诉标准', materials: ['涉嫌犯罪案件移送书', '涉嫌犯罪案件情况的调查报告', '涉案物品清单', '检验报告'] },
    }, officer);
    expect(proposed.errors).toBeUndefined();
    expect(proposed.data.proposeTransfer).toMatchObject({ state: 'PROPOSED', policeBureauName: '咸宁市公安局咸安分局' });
    const transferId = proposed.data.proposeTransfer.id;

    // … approved only by the head of agency …
    const byOfficer = await stack.query(APPROVE, { id: transferId, approve: true }, officer);
    expect(errorOf(byOfficer)).toEqual({ code: 'FORBIDDEN', message: '只有行政执法机关负责人可以审批移送' });
    const approved = await stack.query(APPROVE, { id: transferId, approve: true }, head);
    expect(approved.errors).toBeUndefined();
    expect(approved.data.decideTransfer.state).toBe('APPROVED');

    // … and sent: a signed 移送书 delivered to the police, who open a case awaiting receipt.
    const sent = await stack.query(SEND, { id: transferId }, officer);
    expect(sent.errors).toBeUndefined();
    expect(sent.data.sendTransfer).toMatchObject({ state: 'SENT' });
    expect(sent.data.sendTransfer.documents).toEqual([
      expect.objectContaining({ kind: 'CASE_TRANSFER', title: '涉嫌犯罪案件移送书', receiver: 'police', receiverOrg: BUREAU, number: expect.stringMatching(/^咸安市监移〔20\d\d〕\d+号$/) }),
    ]);
    const delivered = await until(
      () => stack.query(TRANSFER, { id: transferId }, officer),
      // Delivered: the police have opened the case, and the sender has marked its document so.
      (res) => res.data?.caseTransfer?.policeCase?.state === 'AWAITING_RECEIPT' && res.data.caseTransfer.documents[0]?.deliveryState === 'DELIVERED',
      'the transfer to reach the police',
    );
    expect(delivered.data.caseTransfer.documents).toEqual([expect.objectContaining({ kind: 'CASE_TRANSFER', deliveryState: 'DELIVERED', attempts: 1, lastError: null })]);
    const policeCaseId = delivered.data.caseTransfer.policeCase.id;
    expect(delivered.data.caseTransfer.policeCase.caseNumber).toMatch(/^咸安公（经）受字〔20\d\d〕\d+号$/);

    // The bureau's work list has it, due within 24 hours; another bureau may not touch it.
    const work = await stack.query(WORK_LIST('policeWorkList'), { first: 100 }, police);
    expect(work.data.policeWorkList.edges.map((e: { node: { recordId: string; step: string } }) => `${e.node.recordId}:${e.node.step}`)).toContain(`${policeCaseId}:signReceipt`);
    const dues = work.data.policeWorkList.edges.map((e: { node: { dueAt: string } }) => e.node.dueAt);
    expect([...dues].sort()).toEqual(dues); // soonest due first
    const foreignBureau = await stack.query(`mutation { signReceipt(policeCaseId: "${policeCaseId}") { id } }`, {}, otherPolice);
    expect(errorOf(foreignBureau).code).toBe('NOT_FOUND');

    // 签收, then 立案: the filing notice goes back to the agency, which then owes the seized items.
    const signed = await stack.query(`mutation { signReceipt(policeCaseId: "${policeCaseId}") { state steps { step article doneAt } } }`, {}, police);
    expect(signed.errors).toBeUndefined();
    expect(signed.data.signReceipt.state).toBe('PENDING_FILING');
    expect(signed.data.signReceipt.steps).toEqual(expect.arrayContaining([
      expect.objectContaining({ step: 'signReceipt', doneAt: expect.any(String) }),
      expect.objectContaining({ step: 'decideFiling', article: '国务院令第310号第八条', doneAt: null }),
    ]));
    const filed = await stack.query(
      `mutation { decideFiling(policeCaseId: "${policeCaseId}", file: true, reason: "有犯罪事实，需要追究刑事责任") { state filingNumber documents { kind title nextStep nextStepArticle } } }`,
      {}, police,
    );
    expect(filed.errors).toBeUndefined();
    expect(filed.data.decideFiling).toMatchObject({ state: 'FILED', filingNumber: expect.stringMatching(/^咸安公（经）立字〔20\d\d〕\d+号$/) });
    expect(filed.data.decideFiling.documents).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'FILING_NOTICE', title: '立案告知书', nextStep: 'handOverSeizedItems', nextStepArticle: '国务院令第310号第十二条' }),
    ]));
    const noticed = await until(
      () => stack.query(TRANSFER, { id: transferId }, officer),
      (res) => res.data?.caseTransfer?.state === 'FILED',
      'the filing notice to reach the agency',
    );
    expect(noticed.data.caseTransfer.administrativeCase.steps.map((s: { step: string; doneAt: string | null }) => [s.step, s.doneAt !== null])).toEqual(
      expect.arrayContaining([
        ['decidePenalty', true], ['decideTransfer', true], ['sendTransfer', true], ['publishPenaltyDecision', false], ['handOverSeizedItems', false],
      ]),
    );
    const agencyWork = await stack.query(WORK_LIST('enforcementWorkList'), { first: 100 }, officer);
    expect(agencyWork.data.enforcementWorkList.edges.map((e: { node: { recordId: string; step: string } }) => `${e.node.recordId}:${e.node.step}`)).toEqual(
      expect.arrayContaining([`${transferId}:handOverSeizedItems`, `${caseId}:publishPenaltyDecision`]),
    );
  });

  it('records a refusal to transfer with its reason, and asks for the reason', async () => {
    const created = await stack.query(REGISTER, { input: caseInput() }, officer);
    const caseId = created.data.registerCase.id;
    const proposed = await stack.query(PROPOSE, {
      caseId, input: { policeBureauCode: BUREAU, reason: '涉嫌犯罪', materials: ['涉嫌犯罪案件移送书', '涉嫌犯罪案件情况的调查报告', '涉案物品清单'] },
    }, officer);
    const transferId = proposed.data.proposeTransfer.id;
    const noReason = await stack.query(APPROVE, { id: transferId, approve: false }, head);
    expect(errorOf(noReason)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('不予批准的理由') });
    const refused = await stack.query(APPROVE, { id: transferId, approve: false, reason: '货值金额计算有误，未达追诉标准' }, head);
    expect(refused.data.decideTransfer).toMatchObject({ state: 'REFUSED', refusalReason: '货值金额计算有误，未达追诉标准' });
    const send = await stack.query(SEND, { id: transferId }, officer);
    expect(errorOf(send)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('处于「负责人不批准移送」(REFUSED)') });
  });

  it('refuses a party whose ID number fails its check digit, and officers who are not the agency’s', async () => {
    const badId = await stack.query(REGISTER, { input: { ...caseInput(), party: { kind: 'PERSON', name: '王建国', idNumber: '421202198005060310' } } }, officer);
    expect(errorOf(badId)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('不是有效的公民身份号码') });
    const oneOfficer = await stack.query(REGISTER, { input: { ...caseInput(), officerIds: officerIds.slice(0, 1) } }, officer);
    expect(errorOf(oneOfficer)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('行政处罚法第四十二条') });
    const foreignOfficers = await stack.query(REGISTER, { input: caseInput() }, otherOfficer);
    expect(errorOf(foreignOfficers)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('不是本机关的执法人员') });
    const asPublic = await stack.query(REGISTER, { input: caseInput() });
    expect(errorOf(asPublic).code).toBe('FORBIDDEN');
  });
});

describe.each(DIALECTS)('a hand-off to a subgraph that is down, over %s', (dialect) => {
  let stack: Stack;
  let dir: string | undefined;
  beforeAll(async () => {
    dir = dialect === 'pglite' ? mkdtempSync(path.join(tmpdir(), 'xianjie-handoff-')) : undefined;
    stack = await startStack(dialect, undefined, { pgliteDir: dir });
  });
  afterAll(async () => {
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('arrives once after the receiver restarts, however often it is sent', async () => {
    const officer = await stack.token('enforcement', AGENCY);
    const head = await stack.token('agency-head', AGENCY);
    const agency = await stack.query(`{ agency(id: "${AGENCY}") { officers { id validUntil } } }`, {}, officer);
    const officerIds = twoValidOfficerIds(agency.data.agency.officers);
    const created = await stack.query(REGISTER, {
      input: {
        procedure: 'GENERAL', violationCategory: 'SUBSTANDARD_PRODUCTS', facts: '销售不合格电线电缆。',
        party: { kind: 'PERSON', name: '李四', idNumber: residentId('421202', new Date(Date.UTC(1975, 1, 2)), 17) },
        involvedAmount: '80000.00', illegalGains: '9000.00', officerIds,
      },
    }, officer);
    const proposed = await stack.query(PROPOSE, {
      caseId: created.data.registerCase.id,
      input: { policeBureauCode: BUREAU, reason: '涉嫌犯罪', materials: ['涉嫌犯罪案件移送书', '涉嫌犯罪案件情况的调查报告', '涉案物品清单'] },
    }, officer);
    const transferId = proposed.data.proposeTransfer.id;
    await stack.query(APPROVE, { id: transferId, approve: true }, head);

    await stack.kill('police');
    const sent = await stack.query(SEND, { id: transferId }, officer);
    expect(sent.data.sendTransfer.state).toBe('SENT');
    const enforcement = stack.subgraphs.enforcement!;
    await enforcement.deliverer.deliverDue();
    const waiting = await stack.query(TRANSFER, { id: transferId }, officer);
    expect(waiting.data.caseTransfer.documents).toEqual([expect.objectContaining({ deliveryState: 'PENDING', attempts: expect.any(Number), lastError: expect.any(String) })]);
    expect(waiting.data.caseTransfer.documents[0].attempts).toBeGreaterThanOrEqual(1);

    await stack.revive('police');
    // The deliverer retries after its backoff; bring the retry forward rather than wait for it.
    await enforcement.database.db.updateTable('handoffOutbox').set({ nextAttemptAt: new Date(0) }).where('state', '=', 'pending').execute();
    let delivered;
    for (let i = 0; i < 100; i++) {
      delivered = await stack.query(TRANSFER, { id: transferId }, officer);
      if (delivered.data.caseTransfer.documents[0].deliveryState === 'DELIVERED') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(delivered!.data.caseTransfer.documents[0]).toMatchObject({ deliveryState: 'DELIVERED', lastError: null });
    expect(delivered!.data.caseTransfer.policeCase.state).toBe('AWAITING_RECEIPT');

    // Sent again (as if the sender died before it marked the delivery): still one case.
    await enforcement.database.db.updateTable('handoffOutbox').set({ state: 'pending', nextAttemptAt: new Date(0) }).execute();
    await enforcement.deliverer.deliverDue();
    const police = stack.subgraphs.police!.database.db;
    const count = async (table: 'policeCase' | 'handoffInbox', column: 'transferId' | 'chainId', value: string) =>
      (await police.selectFrom(table).select(police.fn.countAll().as('n')).where(column, '=', value).executeTakeFirstOrThrow()).n;
    expect(Number(await count('policeCase', 'transferId', transferId))).toBe(1);
    expect(Number(await count('handoffInbox', 'chainId', created.data.registerCase.chain.id))).toBe(1);
  });
});
