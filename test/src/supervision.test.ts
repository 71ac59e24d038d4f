import { openTasks, residentId } from '@xianjie/subgraph-kit';
import { DIALECTS, errorOf, startStack, until, type Stack, twoValidOfficerIds } from './harness';

/**
 * Supervision (issue 7, items 1–2): the criminal thresholds as data and the 以罚代刑 warnings
 * they raise (on the seeded demo, on cases entered through the workflow, with prior
 * penalties across agencies, after a catalogue change), the overdue steps across the four
 * institutions, and the 建议移送 round trip (检察规则 Art. 557 para. 3), through the gateway.
 */
const WARNINGS = /* GraphQL */ `
  query Warnings($filter: SupervisionWarningFilter, $first: Int!, $after: String) {
    supervisionWarnings(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node {
        administrativeCase { id violationCategory }
        chain { id } agency { id } due dueSince dueAt article open closeReason catalogueVersion
        criteria { value criterion { id offence criminalArticle basis text } }
      } }
    }
  }`;
const CASE_WARNING = /* GraphQL */ `
  query CaseWarning($id: ID!) {
    administrativeCase(id: $id) {
      id conduct
      supervisionWarning { open closeReason due article criteria { value criterion { id basis } } suggestion { number reason answerDueAt answerTransfer answeredAt } }
    }
  }`;
const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterCaseInput!) { registerCase(input: $input) { id chain { id } } }`;
const DECIDE = /* GraphQL */ `
  mutation Decide($caseId: ID!, $input: DecidePenaltyInput!) { decidePenalty(caseId: $caseId, input: $input) { id } }`;
const PROPOSE = /* GraphQL */ `
  mutation Propose($caseId: ID!, $input: ProposeTransferInput!) { proposeTransfer(caseId: $caseId, input: $input) { id } }`;
const DECIDE_TRANSFER = /* GraphQL */ `
  mutation DecideTransfer($id: ID!, $approve: Boolean!, $reason: String) { decideTransfer(transferId: $id, approve: $approve, reason: $reason) { id state } }`;
const UPDATE_CRITERION = /* GraphQL */ `
  mutation Update($id: ID!, $figure: String!, $note: String!) {
    updateThresholdCriterion(id: $id, figure: $figure, note: $note) { version criteria { id figure } }
  }`;
const OVERDUE = /* GraphQL */ `
  query Overdue($org: String) {
    overdueSteps(org: $org) {
      scope
      enforcementSteps(first: 50) { totalCount edges { node { step title org article startedAt dueAt late chain { id } } } }
      policeSteps(first: 50) { totalCount edges { node { step org article dueAt late chain { id } } } }
      procuratorateSteps(first: 50) { totalCount edges { node { step org article dueAt late chain { id } } } }
      courtSteps(first: 50) { totalCount edges { node { step org article dueAt late chain { id } } } }
    }
  }`;
const SUGGEST = /* GraphQL */ `
  mutation Suggest($input: SuggestTransferInput!) {
    suggestTransfer(input: $input) { id number chain { id } answerDueAt answerTransfer answeredAt document { kind title receiverOrg nextStep nextStepArticle } }
  }`;
const ANSWER = /* GraphQL */ `
  mutation Answer($caseId: ID!, $input: AnswerTransferSuggestionInput!) {
    answerTransferSuggestion(caseId: $caseId, input: $input) { open closeReason suggestion { answerTransfer answerReason answeredAt } }
  }`;

const MATERIALS = ['涉嫌犯罪案件移送书', '涉嫌犯罪案件情况的调查报告', '涉案物品清单'];
const nodes = (res: { data?: any }) => res.data.supervisionWarnings.edges.map((e: any) => e.node);

describe.each(DIALECTS)('supervision over %s', (dialect) => {
  let stack: Stack;
  let procurator: string;
  let oversight: string;
  const officers = new Map<string, { token: string; officerIds: string[]; benchmarks: { code: string; violation: string; minFine: string }[] }>();

  /** An agency's officer token, two valid officers and its benchmarks. */
  async function agency(id: string) {
    if (!officers.has(id)) {
      const token = await stack.token('enforcement', id);
      const res = await stack.query(`{ agency(id: "${id}") { officers { id validUntil } discretionBenchmarks { code violation minFine } } }`, {}, token);
      officers.set(id, {
        token,
        officerIds: twoValidOfficerIds(res.data.agency.officers),
        benchmarks: res.data.agency.discretionBenchmarks,
      });
    }
    return officers.get(id)!;
  }

  async function register(agencyId: string, input: Record<string, unknown>) {
    const a = await agency(agencyId);
    const res = await stack.query(REGISTER, { input: { procedure: 'GENERAL', illegalGains: '1000.00', officerIds: a.officerIds, ...input } }, a.token);
    expect(res.errors).toBeUndefined();
    return res.data.registerCase.id as string;
  }

  async function decide(agencyId: string, caseId: string, violation: string) {
    const a = await agency(agencyId);
    const benchmark = a.benchmarks.find((b) => b.violation.includes(violation))!;
    const res = await stack.query(DECIDE, { caseId, input: { fineAmount: benchmark.minFine, otherPenalties: [], legalBasis: '依法', benchmarkCode: benchmark.code } }, a.token);
    expect(res.errors).toBeUndefined();
  }

  const warningOf = async (caseId: string, token = procurator) => (await stack.query(CASE_WARNING, { id: caseId }, token)).data.administrativeCase;

  beforeAll(async () => {
    stack = await startStack(dialect, { seed: 421200, cases: 400 });
    procurator = await stack.token('procurator', 'PP-421202');
    oversight = await stack.token('oversight', 'LA-421200');
  });
  afterAll(() => stack?.stop());

  it('finds 以罚代刑 warnings of several criteria in the seeded demo, each with its article, for procurators and oversight; an agency its own; others refused', async () => {
    const all = await stack.query(WARNINGS, { first: 100 }, procurator);
    expect(all.errors).toBeUndefined();
    const list = nodes(all);
    expect(all.data.supervisionWarnings.totalCount).toBe(list.length);
    expect(list.length).toBeGreaterThanOrEqual(5);
    const criteria = new Set(list.flatMap((w: any) => w.criteria.map((c: any) => c.criterion.id)));
    expect(criteria.size).toBeGreaterThanOrEqual(3);
    for (const w of list) {
      expect(w.open).toBe(true);
      expect(w.due).toBe('将涉嫌犯罪案件移送公安机关');
      expect(w.article).toContain('国务院令第310号第三条');
      expect(w.chain.id).toMatch(/^XJ-\d{7}$/);
      expect(w.criteria.length).toBeGreaterThan(0);
      for (const c of w.criteria) {
        expect(c.criterion.criminalArticle).toMatch(/^刑法第/);
        expect(c.criterion.basis).toMatch(/第.+条/);
      }
    }
    // Each warned case is untransferred in the agencies' database and meets its criterion by its own figures.
    const db = stack.subgraphs.enforcement!.database.db;
    const transferred = await db.selectFrom('caseTransfer').select('caseId').where('caseId', 'in', list.map((w: any) => w.administrativeCase.id)).execute();
    expect(transferred).toEqual([]);
    const sales = list.find((w: any) => w.criteria.some((c: any) => c.criterion.id === 'SUBSTANDARD-SALES' || c.criterion.id === 'TRADEMARK-SALES'));
    if (sales) expect(Number(sales.criteria[0].value.replace('元', ''))).toBeGreaterThanOrEqual(50000);

    // Oversight sees the same list; an agency only its own; the public, the police and a judge are refused.
    expect((await stack.query(WARNINGS, { first: 100 }, oversight)).data.supervisionWarnings.totalCount).toBe(list.length);
    const agencyId = list[0].agency.id;
    const own = await stack.query(WARNINGS, { first: 100 }, (await agency(agencyId)).token);
    expect(nodes(own).length).toBeGreaterThan(0);
    expect(nodes(own).every((w: any) => w.agency.id === agencyId)).toBe(true);
    expect(own.data.supervisionWarnings.totalCount).toBe(list.filter((w: any) => w.agency.id === agencyId).length);
    const otherAgency = list.find((w: any) => w.agency.id !== agencyId)!.agency.id;
    expect(errorOf(await stack.query(WARNINGS, { first: 10, filter: { agencyId: otherAgency } }, (await agency(agencyId)).token)).code).toBe('FORBIDDEN');
    expect(errorOf(await stack.query(WARNINGS, { first: 10 })).code).toBe('FORBIDDEN');
    expect(errorOf(await stack.query(WARNINGS, { first: 10 }, await stack.token('police', 'PB-421202'))).code).toBe('FORBIDDEN');
    expect(errorOf(await stack.query(WARNINGS, { first: 10 }, await stack.token('judge', 'CO-421202'))).code).toBe('FORBIDDEN');
    // The head of agency (whose token carries the officers' role) sees what its officers see.
    const head = await stack.query(WARNINGS, { first: 100 }, await stack.token('agency-head', agencyId));
    expect(head.data.supervisionWarnings.totalCount).toBe(own.data.supervisionWarnings.totalCount);
    expect(nodes(head).length).toBe(nodes(own).length);

    // Pages follow each other without overlap.
    const first = await stack.query(WARNINGS, { first: 2 }, procurator);
    const next = await stack.query(WARNINGS, { first: 2, after: first.data.supervisionWarnings.pageInfo.endCursor }, procurator);
    expect([...nodes(first), ...nodes(next)].map((w: any) => w.administrativeCase.id)).toEqual(list.slice(0, 4).map((w: any) => w.administrativeCase.id));
  });

  it('raises a warning on a case registered above a threshold, by the kind of conduct, and closes it when the case is transferred', async () => {
    const AGENCY = 'AG-421202-SCJG';
    const party = { kind: 'PERSON', name: '赵立新', idNumber: residentId('421202', new Date(Date.UTC(1979, 2, 3)), 41) };
    const above = await register(AGENCY, {
      violationCategory: 'SUBSTANDARD_PRODUCTS', facts: '当事人销售不合格电线电缆，销售金额六万元。', party, involvedAmount: '60000.00', quantity: '300', quantityUnit: '卷',
    });
    const below = await register(AGENCY, {
      violationCategory: 'SUBSTANDARD_PRODUCTS', facts: '当事人销售不合格插座，销售金额四千元。', party: { ...party, idNumber: residentId('421202', new Date(Date.UTC(1979, 2, 3)), 43) },
      involvedAmount: '4000.00', quantity: '80', quantityUnit: '个',
    });
    expect((await warningOf(below)).supervisionWarning).toBeNull();
    const warned = await warningOf(above);
    expect(warned.supervisionWarning).toMatchObject({
      open: true, due: '将涉嫌犯罪案件移送公安机关',
      criteria: [{ value: '60000.00元', criterion: { id: 'SUBSTANDARD-SALES', basis: expect.stringContaining('刑法第一百四十条') } }],
    });
    // In the lists of procurators and of the agency.
    const listed = nodes(await stack.query(WARNINGS, { first: 5 }, procurator)).map((w: any) => w.administrativeCase.id);
    expect(listed[0]).toBe(above);
    expect(nodes(await stack.query(WARNINGS, { first: 5 }, (await agency(AGENCY)).token)).map((w: any) => w.administrativeCase.id)).toContain(above);

    // 盗伐 and 滥伐 have their own bars (森林资源解释 Arts. 4, 6): 8 m³ is 盗伐's crime, not 滥伐's.
    const FORESTRY = 'AG-421202-LY';
    const logging = (conduct: string, sequence: number) => register(FORESTRY, {
      violationCategory: 'ILLEGAL_LOGGING', conduct, facts: `当事人${conduct}杉木八立方米。`, involvedAmount: '9600.00', quantity: '8.00', quantityUnit: '立方米',
      party: { kind: 'PERSON', name: '钱有福', idNumber: residentId('421202', new Date(Date.UTC(1970, 1, 1)), sequence) },
    });
    const theft = await logging('盗伐', 51);
    const abuse = await logging('滥伐', 53);
    expect((await warningOf(theft)).supervisionWarning.criteria.map((c: any) => c.criterion.id)).toEqual(['LOGGING-THEFT-VOLUME']);
    expect((await warningOf(abuse)).supervisionWarning).toBeNull();
    const badConduct = await stack.query(REGISTER, { input: {
      procedure: 'GENERAL', violationCategory: 'ILLEGAL_LOGGING', conduct: '砍伐', facts: 'x', involvedAmount: '1.00', illegalGains: '0.00',
      party: { kind: 'PERSON', name: '钱有福', idNumber: residentId('421202', new Date(Date.UTC(1970, 1, 1)), 51) }, officerIds: (await agency(FORESTRY)).officerIds,
    } }, (await agency(FORESTRY)).token);
    expect(errorOf(badConduct)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/本类案件可填：(盗伐、滥伐|滥伐、盗伐)/) });
    // Amended to 滥伐: no longer met.
    const amended = await stack.query(`mutation($id: ID!) { amendCase(id: $id, input: { conduct: "滥伐" }) { id } }`, { id: theft }, (await agency(FORESTRY)).token);
    expect(amended.errors).toBeUndefined();
    expect((await warningOf(theft)).supervisionWarning).toMatchObject({ open: false, closeReason: 'NO_LONGER_MET' });

    // Transferred (proposed to the head): closed; the head refuses: open again.
    const a = await agency(AGENCY);
    await decide(AGENCY, above, '不符合');
    const proposed = await stack.query(PROPOSE, { caseId: above, input: { policeBureauCode: 'PB-421202', reason: '销售金额六万元，达到立案追诉标准', materials: MATERIALS } }, a.token);
    expect(proposed.errors).toBeUndefined();
    expect((await warningOf(above)).supervisionWarning).toMatchObject({ open: false, closeReason: 'TRANSFERRED' });
    expect(nodes(await stack.query(WARNINGS, { first: 100 }, procurator)).map((w: any) => w.administrativeCase.id)).not.toContain(above);
    const refused = await stack.query(DECIDE_TRANSFER, { id: proposed.data.proposeTransfer.id, approve: false, reason: '证据不足' }, await stack.token('agency-head', AGENCY));
    expect(refused.errors).toBeUndefined();
    expect((await warningOf(above)).supervisionWarning).toMatchObject({ open: true, closeReason: null });
  });

  it('counts prior administrative penalties of the same party across agencies (二年内受过二次以上行政处罚)', async () => {
    const party = (sequence: number) => ({ kind: 'PERSON', name: '孙德胜', idNumber: residentId('421221', new Date(Date.UTC(1966, 6, 6)), sequence) });
    const occupy = (agencyId: string, sequence: number, mu: string) => register(agencyId, {
      violationCategory: 'ILLEGAL_FOREST_LAND_OCCUPATION', facts: `当事人擅自占用林地${mu}亩建房。`, involvedAmount: '20000.00', quantity: mu, quantityUnit: '亩', party: party(sequence),
    });
    // Two penalties, by the forestry bureau of 咸安 and the natural resources bureau of 嘉鱼.
    const first = await occupy('AG-421202-LY', 61, '1.0');
    await decide('AG-421202-LY', first, '林地');
    const second = await occupy('AG-421221-ZRZY', 61, '1.5');
    await decide('AG-421221-ZRZY', second, '占用土地');
    // Again, 3 亩 (half of 公益林地's 5): a warning under Art. 1 para. 2 (四); another party with the same 3 亩 none.
    const again = await occupy('AG-421202-LY', 61, '3.0');
    const stranger = await occupy('AG-421202-LY', 63, '3.0');
    expect((await warningOf(again)).supervisionWarning).toMatchObject({
      open: true, criteria: [{ value: '3.0亩；此前2年内受过行政处罚2次', criterion: { id: 'LAND-PUBLIC-FOREST-PRIOR', basis: expect.stringContaining('第一条第二款第（四）项') } }],
    });
    expect((await warningOf(stranger)).supervisionWarning).toBeNull();
    // The earlier cases themselves had no prior penalties when registered.
    expect((await warningOf(second)).supervisionWarning).toBeNull();
  });

  it('measures every case again when the catalogue changes', async () => {
    const AGENCY = 'AG-421202-SCJG';
    const caseId = await register(AGENCY, {
      violationCategory: 'SUBSTANDARD_PRODUCTS', facts: '当事人销售不合格灯具，销售金额六万五千元。', involvedAmount: '65000.00', quantity: '900', quantityUnit: '件',
      party: { kind: 'ORGANIZATION', name: '咸宁市明亮灯具有限公司', idNumber: '91421202MA4F0N2X1Q' },
    }).catch(async () => register(AGENCY, {
      violationCategory: 'SUBSTANDARD_PRODUCTS', facts: '当事人销售不合格灯具，销售金额六万五千元。', involvedAmount: '65000.00', quantity: '900', quantityUnit: '件',
      party: { kind: 'PERSON', name: '周明亮', idNumber: residentId('421202', new Date(Date.UTC(1988, 8, 8)), 71) },
    }));
    expect((await warningOf(caseId)).supervisionWarning.open).toBe(true);
    const before = (await stack.query(WARNINGS, { first: 1 }, procurator)).data.supervisionWarnings.totalCount;
    // An agency may not change the catalogue.
    expect(errorOf(await stack.query(UPDATE_CRITERION, { id: 'SUBSTANDARD-SALES', figure: '70000', note: 'x' }, (await agency(AGENCY)).token)).code).toBe('FORBIDDEN');
    const raised = await stack.query(UPDATE_CRITERION, { id: 'SUBSTANDARD-SALES', figure: '70000', note: '测试：提高标准' }, oversight);
    expect(raised.errors).toBeUndefined();
    expect(raised.data.updateThresholdCriterion.version).toBe(2);
    expect(raised.data.updateThresholdCriterion.criteria.find((k: any) => k.id === 'SUBSTANDARD-SALES').figure).toBe('70000.00');
    expect((await warningOf(caseId)).supervisionWarning).toMatchObject({ open: false, closeReason: 'NO_LONGER_MET' });
    expect((await stack.query(WARNINGS, { first: 1 }, procurator)).data.supervisionWarnings.totalCount).toBeLessThan(before);
    // Back to the interpretation's figure: open again, measured against version 3.
    const restored = await stack.query(UPDATE_CRITERION, { id: 'SUBSTANDARD-SALES', figure: '50000', note: '恢复' }, oversight);
    expect(restored.data.updateThresholdCriterion.version).toBe(3);
    expect((await warningOf(caseId)).supervisionWarning.open).toBe(true);
    expect((await stack.query(WARNINGS, { first: 1 }, procurator)).data.supervisionWarnings.totalCount).toBe(before);
    const listed = nodes(await stack.query(WARNINGS, { first: 100 }, procurator)).find((w: any) => w.administrativeCase.id === caseId);
    expect(listed.catalogueVersion).toBe(3);
  });

  it('lists overdue steps across the four institutions for procurators and oversight, an agency its own, with article and chain', async () => {
    const long = new Date(Date.now() - 400 * 86_400_000);
    const chain = 'XJ-0000002';
    const period = { count: 3, unit: 'days', article: '国务院令第310号第八条' } as const;
    const owe = (name: string, org: string, step: string, chainId = chain) => openTasks(stack.subgraphs[name]!.database.db, [{
      chainId, entity: 'Test', recordId: `${name}-overdue`, step, title: step, org, startedAt: long, period,
    }]);
    // The agency's step on one of its own chains (a chain is as visible as its case).
    const own = await stack.subgraphs.enforcement!.database.db.selectFrom('administrativeCase').select('chainId').where('agencyId', '=', 'AG-421202-SCJG').orderBy('id').executeTakeFirstOrThrow();
    await owe('enforcement', 'AG-421202-SCJG', 'sendTransfer', own.chainId);
    await owe('police', 'PB-421202', 'decideFiling');
    await owe('procuratorate', 'PP-421202', 'decideProsecution');
    await owe('court', 'CO-421202', 'recordJudgment');
    for (const token of [procurator, oversight]) {
      const res = await stack.query(OVERDUE, {}, token);
      expect(res.errors).toBeUndefined();
      const o = res.data.overdueSteps;
      expect(o.scope).toBe('*');
      for (const [field, step] of [['enforcementSteps', 'sendTransfer'], ['policeSteps', 'decideFiling'], ['procuratorateSteps', 'decideProsecution'], ['courtSteps', 'recordJudgment']]) {
        expect(o[field!].totalCount).toBeGreaterThanOrEqual(1);
        expect(o[field!].edges.every((e: any) => e.node.late && new Date(e.node.dueAt) < new Date())).toBe(true);
        expect(o[field!].edges.find((e: any) => e.node.step === step).node).toMatchObject({ article: '国务院令第310号第八条', chain: { id: field === 'enforcementSteps' ? own.chainId : chain } });
      }
    }
    // One unit's, for procurators.
    const one = await stack.query(OVERDUE, { org: 'PB-421202' }, procurator);
    expect(one.data.overdueSteps.policeSteps.edges.every((e: any) => e.node.org === 'PB-421202')).toBe(true);
    expect(one.data.overdueSteps.enforcementSteps.totalCount).toBe(0);
    // An agency: its own steps; the other institutions' refused; another unit's refused; the public refused.
    const officer = (await agency('AG-421202-SCJG')).token;
    const mine = await stack.query(OVERDUE, {}, officer);
    expect(mine.data.overdueSteps.scope).toBe('AG-421202-SCJG');
    expect(mine.data.overdueSteps.enforcementSteps.edges.map((e: any) => e.node.org)).toEqual(expect.arrayContaining(['AG-421202-SCJG']));
    expect(mine.data.overdueSteps.enforcementSteps.edges.every((e: any) => e.node.org === 'AG-421202-SCJG')).toBe(true);
    expect(mine.data.overdueSteps.policeSteps).toBeNull();
    expect(mine.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(errorOf(await stack.query(OVERDUE, { org: 'AG-421221-SCJG' }, officer)).code).toBe('FORBIDDEN');
    expect(errorOf(await stack.query(OVERDUE, {})).code).toBe('FORBIDDEN');
  });

  it('turns a warning into a 建议移送 the agency receives and answers; the answer closes the warning and reaches the procuratorate', async () => {
    const open = nodes(await stack.query(WARNINGS, { first: 100 }, procurator));
    const warning = open.find((w: any) => w.agency.id !== 'AG-421202-SCJG')!;
    const caseId = warning.administrativeCase.id;
    const agencyId = warning.agency.id;
    const criterion = warning.criteria[0].criterion;
    // Only a procurator sends one.
    const input = { caseId, agencyId, reason: `${criterion.text}，已达${criterion.offence}立案追诉标准（${criterion.basis}），建议依法移送公安机关` };
    expect(errorOf(await stack.query(SUGGEST, { input }, oversight)).code).toBe('FORBIDDEN');
    const sent = await stack.query(SUGGEST, { input }, procurator);
    expect(sent.errors).toBeUndefined();
    expect(sent.data.suggestTransfer).toMatchObject({
      number: expect.stringMatching(/^咸安检行建〔20\d\d〕\d+号$/), chain: { id: warning.chain.id }, answerTransfer: null,
      document: { kind: 'TRANSFER_SUGGESTION', title: '检察意见书（建议移送涉嫌犯罪案件）', receiverOrg: agencyId, nextStep: 'answerTransferSuggestion' },
    });
    // Not twice while the first is unanswered.
    expect(errorOf(await stack.query(SUGGEST, { input }, procurator))).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining(`（${sent.data.suggestTransfer.number}），行政执法机关尚未回复`) });
    // Delivered to the agency: the warning now owes the answer, due in two months, in its work list.
    const officer = (await agency(agencyId)).token;
    const received = await until(() => warningOf(caseId, officer), (c) => !!c.supervisionWarning.suggestion, 'the 建议移送 delivered');
    expect(received.supervisionWarning).toMatchObject({
      open: true, due: expect.stringContaining('回复人民检察院的建议移送'), article: expect.stringContaining('第五百五十七条第三款'),
      suggestion: { number: sent.data.suggestTransfer.number, reason: input.reason, answerTransfer: null },
    });
    const work = await stack.query('{ enforcementWorkList(first: 100) { edges { node { step recordId article } } } }', {}, officer);
    expect(work.data.enforcementWorkList.edges.map((e: any) => e.node)).toContainEqual(expect.objectContaining({ step: 'answerTransferSuggestion', recordId: caseId }));
    // Another agency cannot answer it; an answer of 移送 without a transfer is refused.
    const other = (await agency('AG-421202-SCJG')).token;
    expect(errorOf(await stack.query(ANSWER, { caseId, input: { transfer: false, reason: 'x' } }, other)).code).toBe('NOT_FOUND');
    expect(errorOf(await stack.query(ANSWER, { caseId, input: { transfer: true, reason: '已移送' } }, officer))).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('尚未提出移送') });
    const answered = await stack.query(ANSWER, { caseId, input: { transfer: false, reason: '经复核，涉案金额系多次违法累计，已另案处理' } }, officer);
    expect(answered.errors).toBeUndefined();
    expect(answered.data.answerTransferSuggestion).toMatchObject({ open: false, closeReason: 'ANSWERED', suggestion: { answerTransfer: false } });
    expect(nodes(await stack.query(WARNINGS, { first: 100 }, procurator)).map((w: any) => w.administrativeCase.id)).not.toContain(caseId);
    // The answer reaches the procuratorate.
    const back = await until(
      () => stack.query(`query($id: ID!) { transferSuggestions(caseId: $id) { answerTransfer answerReason answeredAt } }`, { id: caseId }, procurator),
      (r) => !!r.data?.transferSuggestions?.[0]?.answeredAt, 'the answer delivered',
    );
    expect(back.data.transferSuggestions[0]).toMatchObject({ answerTransfer: false, answerReason: '经复核，涉案金额系多次违法累计，已另案处理' });
    // Answered once.
    expect(errorOf(await stack.query(ANSWER, { caseId, input: { transfer: false, reason: 'again' } }, officer)).code).toBe('BAD_USER_INPUT');
  });
});
