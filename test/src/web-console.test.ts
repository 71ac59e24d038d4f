// The web console in a real browser (headless chromium) against the real system: the four
// subgraphs and the gateway over PGlite, the gateway in development (dev sign-in, IDE).
// One case is walked through the whole linkage first (scripts/lib/walk.ts), so its chain
// has steps, deadlines and delivered documents in every stage.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { walk, type WalkResult } from '../../scripts/lib/walk';
import { SCREENSHOTS, webStack } from './web/browser';
import { CHANGED_PENALTY_CHAIN } from '@xianjie/subgraph-kit';
import { beijingTime, JUDGED_CHAIN, judgedChain, yuan, type JudgedChain } from './web/expected';
import { ChainPage, SearchPage, SignInPage, WorkListPage } from './web/pages';

const web = webStack('development');
let walked: WalkResult;
/** A second case walked the same way (two chains of the same party). */
let walkedAgain: WalkResult;
/** Two cases only registered (the walk stopped after 立案): the agency owes their penalty decisions. */
let registered: string[];
/** The demo chain judged and effective, as the API gives it. */
let judged: JudgedChain;
const DAY = 86_400_000;

/** Text matched literally inside a regular expression. */
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Thrown from the walk's log to stop it after a step. */
class StopWalk extends Error {}

beforeAll(async () => {
  const client = {
    as: async (role: string, org: string | null, query: string, variables?: Record<string, unknown>) => {
      const response = await web.stack.query(query, variables, await web.stack.token(role as never, org ?? undefined));
      if (response.errors?.length) throw new Error(response.errors.map((e) => e.message).join('; '));
      return response.data;
    },
  };
  walked = await walk(client);
  walkedAgain = await walk(client);
  registered = [];
  for (let i = 0; i < 2; i++) {
    let caseNumber = '';
    await walk(client, (step) => {
      caseNumber = step.number!;
      throw new StopWalk();
    }).catch((error) => {
      if (!(error instanceof StopWalk)) throw error;
    });
    const found = await client.as('enforcement', 'AG-421202-SCJG', 'query($n: String!) { administrativeCase(caseNumber: $n) { chain { id } } }', { n: caseNumber });
    registered.push(found.administrativeCase.chain.id);
  }
  judged = await judgedChain(web.stack);
});

/** A new browser profile signed in as a role of an organisation through the development sign-in. */
async function signedIn(role: string, org?: string): Promise<Page> {
  const page = await (await web.context()).newPage();
  await (await new SignInPage(page).open()).asDeveloper(role, org);
  return page;
}

const caseNumberOfTrial = () => walked.steps.find((s) => s.title === '受理公诉案件')!.number!;

describe('a procurator follows a chain end to end', () => {
  let page: Page;
  beforeAll(async () => {
    page = await signedIn('检察官', 'PP-421202');
  });
  afterAll(() => page.context().close());

  test('finds the chain by the court case number however its brackets are typed, by chain id and by the party, through caseSearch', async () => {
    const search = new SearchPage(page);
    await search.screenshot('search');
    const number = caseNumberOfTrial(); // （2026）鄂1202刑初1号
    const byCourtNumber = await search.find(number);
    expect(await byCourtNumber.getByRole('link').allInnerTexts()).toEqual([`衔接案件 ${walked.chainId}`]);
    expect(await byCourtNumber.innerText()).toContain(`刑事审判案件 ${number}`);
    const typedOtherwise = await search.find(number.replace('（', '(').replace('）', ')'));
    expect(await typedOtherwise.getByRole('link').allInnerTexts()).toEqual([`衔接案件 ${walked.chainId}`]);
    const byId = await search.find(walked.chainId);
    expect(await byId.getByRole('link').allInnerTexts()).toEqual([`衔接案件 ${walked.chainId}`]);
    const byName = await search.find('王建国');
    expect(await byName.getByRole('link').allInnerTexts()).toEqual(expect.arrayContaining([`衔接案件 ${walked.chainId}`, `衔接案件 ${walkedAgain.chainId}`]));
    await search.screenshot('search-party');
    const unknown = await search.find('XJ-9999999');
    await unknown.getByText('未找到与“XJ-9999999”相符的案件。').waitFor();
    await (await search.find(number)).getByRole('link').click();
    await new ChainPage(page).loaded(walked.chainId);
  });

  test('the chain shows four stages, each step with its deadline and each document with its delivery state; nothing restricted', async () => {
    const chain = await new ChainPage(page).open(walked.chainId);
    const stages = await chain.stages();
    expect(stages).toHaveLength(4);
    expect(stages.map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['1 行政执法', '2 公安立案侦查', '3 检察审查起诉', '4 法院审判']);
    expect(stages[0]).toContain('涉案物品已移交');
    expect(stages[1]).toContain('已移送审查起诉');
    expect(stages[2]).toContain('已提起公诉');
    expect(stages[3]).toContain('判决已生效');
    // Steps: due, done and the article, in Beijing time.
    const steps = chain.steps('行政执法');
    await steps.getByRole('row', { name: /作出行政处罚决定/ }).getByText('按期完成').waitFor();
    const publish = await steps.getByRole('row', { name: /公示行政处罚决定/ }).innerText();
    expect(publish).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);
    expect(publish).toContain('按期完成');
    expect(publish).toContain('市场监督管理行政处罚信息公示规定第九条');
    // Hand-off documents and their delivery states.
    await chain.documents('行政执法').getByRole('row', { name: /涉嫌犯罪案件移送书/ }).getByText('已送达').waitFor();
    await chain.documents('公安立案侦查').getByRole('row', { name: /起诉意见书/ }).waitFor();
    await chain.documents('法院审判').getByRole('row', { name: /刑事判决书/ }).first().waitFor();
    // A procurator may see everything this view asks: no restricted mark, names in full.
    expect(await chain.restrictedMarks().count()).toBe(0);
    expect(await chain.fact('行政执法', '当事人').innerText()).toContain('王建国');
    expect(await chain.fact('公安立案侦查', '侦查记录').innerText()).not.toBe('');
    await chain.screenshot('chain-procurator');
  });

  test('a demo chain: money in yuan with separators, times in Beijing time, time to first render measured', async () => {
    const chain = await new ChainPage(page).load(JUDGED_CHAIN);
    const judgment = await chain.fact('法院审判', '判决').innerText();
    // The seeded judgment as the API gives it (amounts in yuan, instants in UTC), as a person must read it.
    const { fineAmount, fineOffsetAmount, judgedAt, effectiveAt } = judged.trial.judgment;
    expect(judgment).toContain(`罚金 ${yuan(fineAmount)}`);
    expect(judgment).toContain(`折抵行政罚款 ${yuan(fineOffsetAmount)}`);
    expect(judgment).toContain(`${beijingTime(judgedAt)} 宣判`);
    expect(judgment).toContain(`${beijingTime(effectiveAt)} 生效`);
    expect(await chain.fact('法院审判', '案号').innerText()).toBe(judged.trial.caseNumber);
    const timing = await chain.firstRender();
    console.log(`[web] chain view ${JUDGED_CHAIN} (${120} demo cases): first render ${timing.sinceNavigation} ms after navigation, ${timing.sinceRequest} ms after its request`);
    expect(timing.sinceNavigation).toBeGreaterThan(0);
  });
});

describe('a judge confirms the upstream records of a trial (核实上游记录)', () => {
  test('a seeded judged chain confirms everywhere; the demo chain whose fine was raised after sending shows it 已变更 and no offset', async () => {
    const page = await signedIn('法官', 'CO-421202');
    const chain = await new ChainPage(page).open(JUDGED_CHAIN);
    const confirmed = await chain.confirmationRows(await chain.confirmUpstream());
    expect(confirmed.map((row) => [row[0], row[3], row[4]])).toEqual([
      ['起诉书', '验证通过', '已核实'], ['起诉意见书', '验证通过', '已核实'], ['涉嫌犯罪案件移送书', '验证通过', '已核实'], ['行政处罚决定书', '验证通过', '已核实'],
    ]);
    expect(await chain.stage('法院审判').getByText(/^折抵（行政处罚法第三十五条）：罚款折抵罚金 /).count()).toBe(1);
    await chain.open(CHANGED_PENALTY_CHAIN);
    const changed = await chain.confirmationRows(await chain.confirmUpstream());
    expect(changed.map((row) => row[4])).toEqual(['已核实', '已核实', '已核实', '已变更']);
    expect(changed[3]![5]).toBe('行政处罚决定书送达后，行政执法机关修改了行政处罚决定（文号、罚款、其他处罚）：与送达时不一致');
    await chain.stage('法院审判').getByText(/^折抵（行政处罚法第三十五条）：行政处罚决定已变更/).waitFor();
    await chain.screenshot('chain-confirmation-judge');
    // The police do not confirm upstream records: no such control for them.
    const police = await new ChainPage(await signedIn('公安机关', 'PB-421202')).open(JUDGED_CHAIN);
    expect(await police.stage('法院审判').getByRole('button', { name: '核实上游记录' }).count()).toBe(0);
  });
});

describe('roles that may not see everything', () => {
  test('oversight sees restricted marks for ID numbers, notes and the review opinion, and names masked', async () => {
    const page = await signedIn('法制监督（法制办）');
    // It may not search persons: the institutions refuse, and the console says so.
    const byName = await new SearchPage(page).find('王建国');
    await byName.getByText(/^您的角色无权在.*按人员检索，相应结果未显示。$/).waitFor();
    const chain = await new ChainPage(page).open(walked.chainId);
    expect(await chain.fact('行政执法', '证件号码').innerText()).toBe('无权查看');
    expect(await chain.fact('公安立案侦查', '侦查记录').innerText()).toBe('无权查看');
    expect(await chain.fact('检察审查起诉', '审查意见').innerText()).toBe('无权查看');
    expect(await chain.fact('公安立案侦查', '犯罪嫌疑人').innerText()).toContain('证件号码 无权查看');
    expect(await chain.fact('行政执法', '当事人').innerText()).toMatch(/^王\*/);
    expect(await chain.fact('法院审判', '被告人').innerText()).toMatch(/^王\*/);
    expect(await chain.restrictedMarks().count()).toBeGreaterThanOrEqual(4);
    await chain.screenshot('chain-oversight');
    await page.context().close();
  });

  test('the agency that transferred the case sees its party in full but the suspects without ID numbers; another agency sees only what is published', async () => {
    const page = await signedIn('行政执法人员', 'AG-421202-SCJG');
    const chain = await new ChainPage(page).open(walked.chainId);
    expect(await chain.fact('行政执法', '当事人').innerText()).toContain('王建国');
    expect(await chain.fact('行政执法', '证件号码').innerText()).toMatch(/^\d{17}[\dX]$/);
    expect(await chain.fact('公安立案侦查', '侦查记录').innerText()).toBe('无权查看');
    expect(await chain.fact('公安立案侦查', '犯罪嫌疑人').innerText()).toContain('证件号码 无权查看');
    await page.context().close();

    // The agency of the judged demo chain, which the API says is another one.
    expect(judged.agency.id).not.toBe('AG-421202-SCJG');
    const other = await signedIn('行政执法人员', judged.agency.id);
    const own = await new ChainPage(other).open(JUDGED_CHAIN); // this agency's own case
    expect(await own.fact('行政执法', '执法机关').innerText()).toBe(judged.agency.name);
    expect(await own.fact('行政执法', '涉案金额').innerText()).toBe(yuan(judged.involvedAmount));
    const foreign = await new ChainPage(other).open(registered[0]!); // another agency's, not decided nor published
    await other.getByText(`未找到衔接案件 ${registered[0]}，或您无权查看。`).waitFor();
    expect(await foreign.timeline.count()).toBe(0);
    await other.context().close();
  });
});

describe('work lists', () => {
  test("the agency's list: its open steps soonest due first, the overdue one marked; the overdue filter asks the API", async () => {
    // Time passes for the first registered case: its decision was due three days ago (as the
    // workflow tests do, the deadline is moved back in the agency's database).
    const [late, open] = registered as [string, string];
    await web.stack.subgraphs.enforcement!.database.db
      .updateTable('workflowTask')
      .set({ startedAt: new Date(Date.now() - 93 * DAY), dueAt: new Date(Date.now() - 3 * DAY) })
      .where('chainId', '=', late)
      .where('step', '=', 'decidePenalty')
      .execute();
    const page = await signedIn('行政执法人员', 'AG-421202-SCJG');
    const list = await new WorkListPage(page).open();
    const step = '作出行政处罚决定';
    expect(await list.rows()).toEqual([
      expect.stringMatching(new RegExp(`^${step} ${late} .* 已逾期 3 天 行政处罚法第六十条$`)),
      // 90 days (行政处罚法 Art. 60), a period ending on a rest day running to the next working day: 92 registered on 2026-11-29.
      expect.stringMatching(new RegExp(`^${step} ${open} .* 剩余 (8\\d|9[0-7]) 天 行政处罚法第六十条$`)),
    ]);
    // The overdue row is marked as such where a person sees it, in red.
    const overdue = list.table.getByRole('row', { name: new RegExp(late) }).getByText('已逾期 3 天');
    expect(await overdue.evaluate((e) => (globalThis as any).getComputedStyle(e).color)).toBe('rgb(180, 35, 24)');
    await list.screenshot('work-list-enforcement');
    await list.overdueOnly();
    expect(await list.rows()).toEqual([expect.stringContaining(late)]);
    // From the list to the chain, where the same step is marked late.
    await list.table.getByRole('link', { name: late }).click();
    const chain = await new ChainPage(page).loaded(late);
    expect(await chain.steps('行政执法').getByRole('row', { name: new RegExp(step) }).innerText()).toContain('已逾期');
    await page.context().close();
  });

  test("a procuratorate's list is what the API says it owes; one with nothing open says so; oversight has no work list", async () => {
    // What each procuratorate the sign-in offers owes, as the API says to its procurators.
    const config = (await (await fetch(`${web.base}/console/config.json`)).json()) as { organisations: { procurator: { code: string }[] } };
    const owes = async (org: string) => {
      const response = await web.stack.query(
        '{ procuratorateWorkList(first: 50) { totalCount edges { node { title chainId dueAt provisional article } } } }',
        {},
        await web.stack.token('procurator', org),
      );
      expect(response.errors).toBeUndefined();
      return response.data.procuratorateWorkList as { totalCount: number; edges: { node: { title: string; chainId: string; dueAt: string; provisional: boolean; article: string } }[] };
    };
    const units = await Promise.all(config.organisations.procurator.map(async ({ code }) => ({ code, list: await owes(code) })));

    const busy = units.find((u) => u.list.totalCount > 0);
    expect(busy).toBeDefined();
    const page = await signedIn('检察官', busy!.code);
    const list = await new WorkListPage(page).open();
    // The unit by its name, as the public unit directory (`procuratorates`) gives it.
    const name = ((await web.stack.query('{ procuratorates { code name } }')).data.procuratorates as { code: string; name: string }[]).find((u) => u.code === busy!.code)!.name;
    await page.getByText(`${name}（${busy!.code}） 应办理的步骤，按应完成时间先后排列；已逾期的标红。共 ${busy!.list.totalCount} 项。`).waitFor();
    expect(await list.rows()).toEqual(
      busy!.list.edges.map(({ node }) =>
        expect.stringMatching(new RegExp(`^${escape(`${node.title} ${node.chainId} `)}.* ${escape(beijingTime(node.dueAt))}${node.provisional ? '（暂定）' : ''} (剩余|已逾期) \\d+ (天|小时) ${escape(node.article)}$`)),
      ),
    );
    await page.context().close();

    const idle = units.find((u) => u.list.totalCount === 0);
    expect(idle).toBeDefined();
    const idlePage = await signedIn('检察官', idle!.code);
    await new WorkListPage(idlePage).open();
    await idlePage.getByText('暂无待办事项。').waitFor();
    expect(await new WorkListPage(idlePage).table.count()).toBe(0);
    await idlePage.context().close();
    const oversight = await signedIn('法制监督（法制办）');
    expect(await oversight.getByRole('navigation', { name: '主导航' }).getByRole('link').allInnerTexts()).toEqual(['案件检索', '监督', '考核通报', '阳光执法', 'GraphQL 调试台']);
    await oversight.context().close();
  });
});

test('development: the GraphQL IDE is served from local files and runs a query', async () => {
  const context = await web.context();
  const page = await context.newPage();
  await page.goto('/graphql');
  await page.getByRole('button', { name: /Execute query/ }).click();
  // The answer of the real gateway in GraphiQL's result pane.
  await page.locator('.result-window').getByText('"caseChain"').first().waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'graphql-ide.png') });
  await context.close();
});

test('POST /dev/token signs a token for a role of an organisation, and says why it will not otherwise', async () => {
  const ask = async (body: unknown) => {
    const response = await fetch(`${web.base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, ...((await response.json()) as { token?: string; error?: string }) };
  };
  const judge = await ask({ role: 'judge', org: 'CO-421202' });
  expect(judge.status).toBe(200);
  const list = await web.stack.query('{ courtWorkList(first: 1) { totalCount } }', {}, judge.token);
  expect(list).toMatchObject({ status: 200, data: { courtWorkList: { totalCount: expect.any(Number) } } });
  expect(list.errors).toBeUndefined();
  expect(await ask({ role: 'public' })).toEqual({ status: 400, error: '未知角色：public' });
  expect(await ask({ role: 'enforcement' })).toEqual({ status: 400, error: '请选择所属单位' });
  expect(await ask({ role: 'police', org: 'PP-421202' })).toEqual({ status: 400, error: '单位 PP-421202 不属于该角色（应以 PB- 开头）' });
  expect((await fetch(`${web.base}/dev/token`)).status).toBe(405);
});

// Last: it leaves the police subgraph down.
test("a stage whose institution's system does not answer says so, and the other stages are shown", async () => {
  const page = await signedIn('检察官', 'PP-421202');
  const police = web.stack.subgraphs.police!;
  await new Promise<void>((resolve) => {
    police.server.close(() => resolve());
    police.server.closeAllConnections();
  });
  const chain = await new ChainPage(page).open(walked.chainId);
  await chain.stage('公安立案侦查').getByText('公安机关的系统暂时无法访问，本阶段未能显示，请稍后重试。').waitFor();
  expect((await chain.stages())[1]).toBe('2 公安立案侦查 公安机关的系统暂时无法访问');
  await page.getByRole('alert').getByText('公安机关的系统暂时无法访问，相应部分未显示').first().waitFor();
  expect(await chain.fact('行政执法', '当事人').innerText()).toContain('王建国');
  expect(await chain.fact('法院审判', '案件状态').innerText()).toBe('判决已生效');
  await chain.screenshot('chain-police-down');
  await page.context().close();
});
