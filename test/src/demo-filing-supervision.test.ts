import {
  demoSerials, dueDate, FILING_NOTIFICATION_PERIOD, FILING_SUPERVISION_STATES, generateChain, inOfficeHours, DEMO_NOW,
  NON_FILING_EXPLANATION_PERIOD, type DemoChain,
} from '@xianjie/subgraph-kit';
import { TELL_AGENCY_PERIOD } from '../../subgraphs/procuratorate/src/filing-supervision';
import { DIALECTS, type GraphQLResponse, type Stack, startStack, TEST_DEMO, until } from './harness';

/**
 * The seeded filing supervision cases (立案监督, issue 7 "Done when"): the 120-case demo has one
 * in every state, each in the procuratorate, the bureau and (on its request) the agency as the
 * workflow would have left it, its steps owed with the workflows' own periods and in the work
 * and overdue lists, and a seeded case moves on through the real workflow, its numbers
 * continuing the seeded ones — through the gateway.
 */
const ok = <T>(res: GraphQLResponse<T>): T => {
  expect(res.errors).toBeUndefined();
  return res.data!;
};
const chains: DemoChain[] = Array.from({ length: TEST_DEMO.cases }, (_, i) => generateChain(TEST_DEMO.seed, i + 1, TEST_DEMO.cases));
const supervised = chains.filter((c) => c.filingSupervision);
const inState = (state: string) => supervised.find((c) => c.filingSupervision!.state === state)!;

const FS_FIELDS = /* GraphQL */ `
  id state policeCaseId bureauCode agencyId procuratorateCode reason openedAt explanationRequestedAt explanationRequestNumber explanationDueAt
  explanation explainedAt reasonsSound reviewedAt filingNotifiedAt filingNoticeNumber filingDueAt filedAt filingNumber correctionNoticedAt correctionNumber`;
const SUPERVISION = `query($id: ID!) { filingSupervision(id: $id) { ${FS_FIELDS} } }`;
const POLICE_CASE = /* GraphQL */ `query($id: ID!) { policeCase(id: $id) {
  id state explanationRequestedAt explanationRequestReason nonFilingExplanation nonFilingExplainedAt filingNotifiedAt correctionNoticedAt filingNumber } }`;
const TRANSFER = `query($id: ID!) { caseTransfer(id: $id) { id state filingSupervisionRequestedAt } }`;
const WORK_LIST = (field: string) => `query { ${field}(first: 100) { edges { node { step recordId dueAt article late } } } }`;
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe.each(DIALECTS)('the seeded filing supervision cases over %s', (dialect) => {
  let stack: Stack;
  const tokens = new Map<string, string>();
  const token = async (role: Parameters<Stack['token']>[0], org: string) => {
    const key = `${role}|${org}`;
    if (!tokens.has(key)) tokens.set(key, await stack.token(role, org));
    return tokens.get(key)!;
  };

  beforeAll(async () => {
    stack = await startStack(dialect);
  });
  afterAll(() => stack?.stop());

  it('are in every state, some on the agency’s request, in office hours after the refusal and none after DEMO_NOW', () => {
    expect(new Set(supervised.map((c) => c.filingSupervision!.state))).toEqual(new Set(FILING_SUPERVISION_STATES));
    expect(supervised.some((c) => c.filingSupervision!.plan.byAgency)).toBe(true);
    expect(supervised.some((c) => !c.filingSupervision!.plan.byAgency)).toBe(true);
    for (const c of supervised) {
      const { plan } = c.filingSupervision!;
      const floor = plan.byAgency ? c.timeline.reconsiderationDecidedAt! : c.timeline.filingDecidedAt!;
      const times = [plan.requestedAt, plan.openedAt, plan.explanationRequestedAt, plan.explanationReceivedAt, plan.explainedAt, plan.explanationArrivedAt,
        plan.reviewedAt, plan.notificationReceivedAt, plan.filedAt, plan.filingNoticedAt, plan.itemsHandedOverAt, plan.correctionNoticedAt, plan.correctionReceivedAt]
        .filter((t): t is Date => t !== null);
      for (const t of times) {
        expect([c.chainId, t.toISOString(), inOfficeHours(t.getTime()), t > floor, t <= DEMO_NOW]).toEqual([c.chainId, t.toISOString(), true, true, true]);
      }
    }
  });

  it('are held by each institution as the workflow would have left them', async () => {
    for (const c of supervised) {
      const fs = c.filingSupervision!;
      const procurator = await token('procurator', fs.row.procuratorateCode);
      const seen = ok(await stack.query(SUPERVISION, { id: fs.row.id }, procurator)).filingSupervision;
      expect(seen).toMatchObject({
        id: fs.row.id, state: fs.state, policeCaseId: c.policeCase!.id, procuratorateCode: fs.row.procuratorateCode,
        explanationRequestNumber: fs.row.explanationRequestNumber, filingNoticeNumber: fs.row.filingNoticeNumber, correctionNumber: fs.row.correctionNumber,
        // The deadlines the procuratorate shows are the workflow's: 7 days to explain (Art. 560), 15 to file (Art. 563).
        explanationDueAt: iso(fs.row.explanationRequestedAt && dueDate(fs.row.explanationRequestedAt, NON_FILING_EXPLANATION_PERIOD).dueAt),
        filingDueAt: iso(fs.row.filingNotifiedAt && dueDate(fs.row.filingNotifiedAt, FILING_NOTIFICATION_PERIOD).dueAt),
      });
      if (fs.row.explanationRequestNumber) expect(fs.row.explanationRequestNumber).toMatch(/^(咸|咸安|嘉|隽|崇|通|赤)检立监要〔\d{4}〕[1-9]\d*号$/);
      const police = await token('police', c.policeCase!.bureauCode);
      const policeCase = ok(await stack.query(POLICE_CASE, { id: c.policeCase!.id }, police)).policeCase;
      const expectedPoliceState = fs.state === 'FILED' ? 'FILED' : fs.police.filingNotifiedAt ? 'FILING_NOTIFIED'
        : fs.police.explanationRequestedAt && !fs.police.nonFilingExplainedAt ? 'EXPLANATION_REQUESTED' : 'NOT_FILED';
      expect(policeCase).toMatchObject({
        state: expectedPoliceState, explanationRequestedAt: iso(fs.police.explanationRequestedAt), nonFilingExplainedAt: iso(fs.police.nonFilingExplainedAt),
        filingNotifiedAt: iso(fs.police.filingNotifiedAt), correctionNoticedAt: iso(fs.police.correctionNoticedAt),
      });
      if (fs.state === 'FILED') expect(policeCase.filingNumber).toMatch(/^.+公（(经|食药环)）立字〔\d{4}〕[1-9]\d*号$/);
      const officer = await token('enforcement', c.transfer!.agencyId);
      const transfer = ok(await stack.query(TRANSFER, { id: c.transfer!.id }, officer)).caseTransfer;
      expect(transfer.filingSupervisionRequestedAt).toBe(iso(fs.plan.requestedAt));
      if (fs.plan.byAgency && fs.state !== 'FILED') expect(transfer.state).toBe('FILING_SUPERVISION_REQUESTED');
    }
  });

  it('name their parties to oversight masked, or not at all while the names are unknown', async () => {
    const oversight = await token('oversight', 'LA-421200');
    const people = supervised.filter((c) => c.administrativeCase.partyKind === 'PERSON');
    expect(people.length).toBeGreaterThan(0);
    for (const c of people) {
      const fs = c.filingSupervision!;
      const res = await stack.query(SUPERVISION, { id: fs.row.id }, oversight);
      expect(JSON.stringify(res.data)).not.toContain(c.administrativeCase.partyName);
      if (fs.row.personNames) {
        expect(res.errors).toBeUndefined();
        expect(res.data.filingSupervision.reason).toContain(`${c.administrativeCase.partyName[0]}*`);
      } else {
        // Withheld (not masked) while the case records no names.
        expect(res.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toContainEqual(['FORBIDDEN', 'filingSupervision.reason']);
      }
    }
  });

  it('owe their steps with the workflows’ periods, in the work lists and the overdue lists', async () => {
    const periods: Record<string, Parameters<typeof dueDate>[1]> = {
      reviewNonFilingExplanation: TELL_AGENCY_PERIOD, sendCorrectionNotice: FILING_NOTIFICATION_PERIOD, explainNonFiling: NON_FILING_EXPLANATION_PERIOD,
    };
    const procuratorate = await stack.subgraphs.procuratorate!.database.db.selectFrom('workflowTask').selectAll().where('entity', '=', 'FilingSupervision').execute();
    const police = await stack.subgraphs.police!.database.db.selectFrom('workflowTask').selectAll().where('step', '=', 'explainNonFiling').execute();
    expect(procuratorate.length).toBeGreaterThan(0);
    expect(police.length).toBeGreaterThan(0);
    for (const t of [...procuratorate, ...police]) {
      expect([t.recordId, t.step, t.dueAt.toISOString()]).toEqual([t.recordId, t.step, dueDate(t.startedAt, periods[t.step]!).dueAt.toISOString()]);
    }
    // The case whose reasons await review is in its procuratorate's work list.
    const explained = inState('EXPLAINED').filingSupervision!.row;
    const list = ok(await stack.query(WORK_LIST('procuratorateWorkList'), {}, await token('procurator', explained.procuratorateCode))).procuratorateWorkList;
    expect(list.edges.map((e: any) => [e.node.step, e.node.recordId])).toContainEqual(['reviewNonFilingExplanation', explained.id]);
    // The overdue ones are in the overdue list (网上监督).
    const now = Date.now();
    const overdue = procuratorate.filter((t) => !t.doneAt && !t.cancelled && t.dueAt.getTime() < now);
    expect(overdue.length).toBeGreaterThan(0);
    const oversight = await token('procurator', 'PP-421200');
    const steps = ok(await stack.query(`query { overdueSteps(org: "*") { procuratorateSteps(first: 100) { edges { node { step recordId } } } } }`, {}, oversight))
      .overdueSteps.procuratorateSteps.edges.map((e: any) => [e.node.step, e.node.recordId]);
    for (const t of overdue) expect(steps).toContainEqual([t.step, t.recordId]);
  });

  it('move on through the real workflow, numbers continuing the seeded ones', async () => {
    const last = (institution: 'procuratorate' | 'police', unit: string, kind: string) =>
      demoSerials(TEST_DEMO.seed, TEST_DEMO.cases).last[institution].find((r) => r.unit === unit && r.kind === kind && r.year === new Date(Date.now() + 8 * 3_600_000).getUTCFullYear())?.last ?? 0;
    // A seeded case whose reasons are asked: the bureau explains, the procuratorate receives and reviews them.
    const c = inState('EXPLANATION_REQUESTED');
    const fs = c.filingSupervision!.row;
    const police = await token('police', fs.bureauCode);
    const procurator = await token('procurator', fs.procuratorateCode);
    ok(await stack.query(`mutation($id: ID!, $e: String!) { explainNonFiling(policeCaseId: $id, explanation: $e) { id } }`,
      { id: fs.policeCaseId, e: '经审查，现有证据不足以证明有犯罪事实，不符合立案条件。' }, police));
    await until(() => stack.query(SUPERVISION, { id: fs.id }, procurator), (res) => res.data?.filingSupervision?.state === 'EXPLAINED', 'the reasons to reach the procuratorate');
    const notified = ok(await stack.query(`mutation($id: ID!) { reviewNonFilingExplanation(supervisionId: $id, sound: false, reason: "涉案金额已达到立案追诉标准，不立案理由不能成立") { ${FS_FIELDS} } }`,
      { id: fs.id }, procurator)).reviewNonFilingExplanation;
    const short = fs.explanationRequestNumber!.split('立监要')[0];
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    // The procuratorate has seeded 通立 numbers this year: the new one follows them.
    expect(last('procuratorate', fs.procuratorateCode, '通立')).toBeGreaterThan(0);
    expect(notified).toMatchObject({ state: 'FILING_NOTIFIED', filingNoticeNumber: `${short}通立〔${year}〕${last('procuratorate', fs.procuratorateCode, '通立') + 1}号` });
    // The bureau files as notified, its 立字 number after the seeded ones (those on notices included).
    await until(() => stack.query(POLICE_CASE, { id: fs.policeCaseId }, police), (res) => res.data?.policeCase?.state === 'FILING_NOTIFIED', 'the notice to reach the police');
    const filed = ok(await stack.query(`mutation($id: ID!) { decideFiling(policeCaseId: $id, file: true, reason: "依通知立案书立案侦查") { state filingNumber } }`, { id: fs.policeCaseId }, police)).decideFiling;
    expect(filed.state).toBe('FILED');
    expect(filed.filingNumber).toMatch(new RegExp(`立字〔${year}〕${last('police', fs.bureauCode, '立') + 1}号$`));
    await until(() => stack.query(SUPERVISION, { id: fs.id }, procurator), (res) => res.data?.filingSupervision?.state === 'FILED', 'the filing to reach the procuratorate');

    // A seeded case only opened: the request to explain gets the next 立监要 number of its procuratorate.
    const opened = inState('OPENED').filingSupervision!.row;
    const other = await token('procurator', opened.procuratorateCode);
    const requested = ok(await stack.query(`mutation($id: ID!) { requestNonFilingExplanation(supervisionId: $id) { state explanationRequestNumber } }`, { id: opened.id }, other))
      .requestNonFilingExplanation;
    await until(async () => stack.query(POLICE_CASE, { id: opened.policeCaseId }, await token('police', opened.bureauCode)),
      (res) => res.data?.policeCase?.state === 'EXPLANATION_REQUESTED', 'the request to reach the police');
    const seeded = last('procuratorate', opened.procuratorateCode, '立监要');
    expect(requested).toEqual({ state: 'EXPLANATION_REQUESTED', explanationRequestNumber: expect.stringMatching(new RegExp(`立监要〔${year}〕${seeded + 1}号$`)) });

    // A case opened now, by a procuratorate with seeded 立监要 numbers this year, on a refusal not yet supervised: the next one.
    const refused = chains.find((r) => r.policeCase?.filingDecision === 'NOT_FILED' && !r.filingSupervision && r.index > 6
      && last('procuratorate', r.policeCase.bureauCode.replace(/^PB-/, 'PP-'), '立监要') > 0)!;
    expect(refused).toBeDefined();
    const pp = refused.policeCase!.bureauCode.replace(/^PB-/, 'PP-');
    const own = await token('procurator', pp);
    const opened2 = ok(await stack.query(`mutation($input: OpenFilingSupervisionInput!) { openFilingSupervision(input: $input) { id } }`,
      { input: { policeCaseId: refused.policeCase!.id, bureauCode: refused.policeCase!.bureauCode, reason: '涉案金额已达到立案追诉标准，公安机关不立案理由可能不能成立' } }, own)).openFilingSupervision;
    const asked = ok(await stack.query(`mutation($id: ID!) { requestNonFilingExplanation(supervisionId: $id) { explanationRequestNumber } }`, { id: opened2.id }, own))
      .requestNonFilingExplanation;
    expect(asked.explanationRequestNumber).toMatch(new RegExp(`立监要〔${year}〕${last('procuratorate', pp, '立监要') + 1}号$`));
    await until(async () => stack.query(POLICE_CASE, { id: refused.policeCase!.id }, await token('police', refused.policeCase!.bureauCode)),
      (res) => res.data?.policeCase?.state === 'EXPLANATION_REQUESTED', 'the request to reach the police');
  });
});
