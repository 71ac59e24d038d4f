// The console's 监督 view in a real browser against the real system (four subgraphs and the
// gateway over PGlite, the demo data): 以罚代刑预警 and 逾期事项 as the API gives them to a
// procurator, a 建议移送 sent and recorded, an agency's own warnings and its answer, and
// nothing for the public. Every expected value is read through the API here.
import type { Page } from 'playwright-core';
import { webStack } from './web/browser';
import { beijingTime, yuan } from './web/expected';
import { ChainPage, SignInPage, SupervisionPage } from './web/pages';

const web = webStack('development');
const DAY = 86_400_000;
const PROCURATORATE = 'PP-421202';

interface Warning {
  administrativeCase: { id: string; caseNumber: string };
  chain: { id: string };
  agency: { id: string; name: string };
  due: string;
  dueSince: string;
  article: string;
  criteria: { value: string | null; criterion: { offence: string; criminalArticle: string; basis: string } }[];
  suggestion: { number: string } | null;
}
interface Step { title: string; org: string; article: string; dueAt: string; chainId: string }
type Page_<T> = { totalCount: number; edges: { node: T }[] };

const WARNINGS = `query($first: Int!) { supervisionWarnings(first: $first) { totalCount edges { node {
  administrativeCase { id caseNumber } chain { id } agency { id name } due dueSince article
  criteria { value criterion { offence criminalArticle basis } } suggestion { number } } } } }`;
const OVERDUE = `{ overdueSteps { ${['enforcementSteps', 'policeSteps', 'procuratorateSteps', 'courtSteps']
  .map((f) => `${f}(first: 20) { totalCount edges { node { title org article dueAt chainId } } }`)
  .join(' ')} } }`;

async function api<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const response = await web.stack.query(query, variables, token);
  expect(response.errors).toBeUndefined();
  return response.data as T;
}
const warningsAs = async (token: string) => (await api<{ supervisionWarnings: Page_<Warning> }>(WARNINGS, { first: 20 }, token)).supervisionWarnings;

/** A figure as a person must read it: money (`120000.00元`) in yuan with separators, other quantities as measured. */
const figure = (value: string) => (/^\d+(\.\d+)?元$/.test(value) ? yuan(value.slice(0, -1)) : value);

/** Overdue by whole days, or by hours within the first day (as the work list writes it). */
function overdueBy(dueAt: string, now: number): RegExp {
  const ms = now - Date.parse(dueAt);
  if (ms < DAY) return /^已逾期 \d+ 小时$/;
  const days = Math.floor(ms / DAY);
  return new RegExp(`^已逾期 (${days}|${days + 1}) 天$`);
}

async function signedIn(role: string, org?: string): Promise<Page> {
  const page = await (await web.context()).newPage();
  await (await new SignInPage(page).open()).asDeveloper(role, org);
  return page;
}

let procurator: string;
let warnings: Page_<Warning>;
/** The warning the procurator turns into a 建议移送 (one of an agency that has more than one, if any). */
let suggested: Warning;

beforeAll(async () => {
  procurator = await web.stack.token('procurator', PROCURATORATE);
  warnings = await warningsAs(procurator);
  // The demo data has warnings: the view is tested on them, not on an empty list.
  expect(warnings.totalCount).toBeGreaterThan(0);
  suggested = warnings.edges.map((e) => e.node).find((w) => !w.suggestion)!;
  expect(suggested).toBeDefined();
});

describe('a procurator', () => {
  let page: Page;
  let view: SupervisionPage;
  beforeAll(async () => {
    page = await signedIn('检察官', PROCURATORATE);
    view = await new SupervisionPage(page).open();
  });
  afterAll(() => page.context().close());

  test("sees every agency's 以罚代刑 warnings as the API orders them, each with its agency, case, thresholds, figure, article and since when", async () => {
    await page.getByText(`共 ${warnings.totalCount} 件。`, { exact: false }).waitFor();
    const shown = warnings.edges.map((e) => e.node);
    expect(await view.warningChains()).toEqual(shown.map((w) => w.chain.id));
    for (const w of shown) {
      const row = await view.rowText(view.warning(w.chain.id));
      expect(row.startsWith(`${w.agency.name} ${w.chain.id} ${w.administrativeCase.caseNumber}`)).toBe(true);
      for (const { value, criterion } of w.criteria) {
        expect(row).toContain(`${criterion.offence}（${criterion.criminalArticle}）`);
        expect(row).toContain(criterion.basis);
        if (value) expect(row).toContain(`本案 ${figure(value)}`);
      }
      expect(row).toContain(`${w.due} ${w.article}`);
      expect(row).toContain(beijingTime(w.dueSince));
    }
    await view.screenshot('supervision-warnings');
  });

  test("sees the four institutions' overdue steps as the API gives them: institution, step, unit, due in Beijing time, days overdue, article, chain", async () => {
    const overdue = (await api<{ overdueSteps: Record<string, Page_<Step>> }>(OVERDUE, {}, procurator)).overdueSteps;
    await view.openOverdue();
    const now = Date.now();
    const institutions: [string, string][] = [
      ['enforcementSteps', '行政执法机关'],
      ['policeSteps', '公安机关'],
      ['procuratorateSteps', '人民检察院'],
      ['courtSteps', '人民法院'],
    ];
    let steps = 0;
    for (const [field, institution] of institutions) {
      const expected = overdue[field]!;
      steps += expected.edges.length;
      await page.getByRole('heading', { name: `${institution}逾期事项 共 ${expected.totalCount} 项` }).waitFor();
      if (expected.totalCount === 0) {
        await page.getByText(`${institution}暂无逾期事项。`).waitFor();
        continue;
      }
      const rows = await view.overdueRows(institution);
      expect(rows).toHaveLength(expected.edges.length);
      expected.edges.forEach(({ node }, i) => {
        const cells = rows[i]!;
        expect(cells.startsWith(`${institution} ${node.title} `)).toBe(true);
        expect(cells).toContain(`（${node.org}）`);
        expect(cells).toContain(beijingTime(node.dueAt));
        expect(cells.endsWith(`${node.article} ${node.chainId}`)).toBe(true);
      });
      const spans = await view.overdue(institution).locator('td:nth-child(5)').allInnerTexts();
      expected.edges.forEach(({ node }, i) => expect(spans[i]!.trim()).toMatch(overdueBy(node.dueAt, now)));
    }
    // The demo has steps past due: the lists are tested on rows, not on empty lists.
    expect(steps).toBeGreaterThan(0);
    await view.screenshot('supervision-overdue');
  });

  test('follows a warning to its chain', async () => {
    const first = warnings.edges[0]!.node;
    await page.getByRole('navigation', { name: '监督事项' }).getByRole('link', { name: '以罚代刑预警' }).click();
    await view.warnings.waitFor();
    await view.warning(first.chain.id).getByRole('link', { name: first.chain.id, exact: true }).click();
    const chain = await new ChainPage(page).loaded(first.chain.id);
    expect(await chain.fact('行政执法', '执法机关').innerText()).toBe(first.agency.name);
  });

  test('sends a 建议移送 with the reason prefilled from the thresholds; it is recorded and reaches the agency', async () => {
    await view.open();
    const row = await view.suggest(suggested.chain.id);
    const text = await view.rowText(row);
    const [, number] = /已发出建议移送 (\S+)，/.exec(text)!;
    // Recorded by the procuratorate, with the reason the form proposed.
    const recorded = await api<{ transferSuggestions: { number: string; reason: string; agencyId: string }[] }>(
      'query($id: ID!) { transferSuggestions(caseId: $id) { number reason agencyId } }',
      { id: suggested.administrativeCase.id },
      procurator,
    );
    expect(recorded.transferSuggestions).toEqual([
      { number, agencyId: suggested.agency.id, reason: expect.stringContaining(`已达${suggested.criteria[0]!.criterion.offence}立案追诉标准（${suggested.criteria[0]!.criterion.basis}）`) },
    ]);
    // Delivered to the agency (asynchronously): the warning then shows the suggestion, after a reload too.
    for (let i = 0; ; i++) {
      await page.reload();
      await view.warnings.waitFor();
      if (await view.warning(suggested.chain.id).getByText(`（${PROCURATORATE}）已建议移送 ${number}`).isVisible()) break;
      if (i === 20) throw new Error('the 建议移送 was not delivered to the agency');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(await view.warning(suggested.chain.id).getByRole('button', { name: '建议移送' }).count()).toBe(0);
    await view.screenshot('supervision-suggested');
  });
});

test("an agency officer sees only the agency's own warnings, and answers the 建议移送 it received", async () => {
  const agency = suggested.agency;
  const own = await warningsAs(await web.stack.token('enforcement', agency.id));
  expect(own.edges.every((e) => e.node.agency.id === agency.id)).toBe(true);
  const page = await signedIn('行政执法人员', agency.id);
  const view = await new SupervisionPage(page).open();
  await page.getByText(`共 ${own.totalCount} 件。`, { exact: false }).waitFor();
  expect(await view.warningChains()).toEqual(own.edges.map((e) => e.node.chain.id));
  // No other agency's name in the list, and no 建议移送 action for an agency.
  expect(new Set(await view.warnings.locator('td:nth-child(1)').allInnerTexts())).toEqual(new Set([agency.name]));
  expect(await view.warnings.getByRole('button', { name: '建议移送' }).count()).toBe(0);
  await view.warning(suggested.chain.id).getByText(/^待回复，应于 \d{4}年/).waitFor();
  await view.screenshot('supervision-agency');
  const reason = '经复核，当事人违法所得系多次违法累计，已另案移送';
  const row = await view.answer(suggested.chain.id, false, reason);
  await row.getByText(`回复：不移送（${reason}）`).waitFor();
  // The answer reaches the procuratorate that sent the suggestion.
  for (let i = 0; ; i++) {
    const back = await api<{ transferSuggestions: { answerTransfer: boolean | null; answerReason: string | null }[] }>(
      'query($id: ID!) { transferSuggestions(caseId: $id) { answerTransfer answerReason } }',
      { id: suggested.administrativeCase.id },
      procurator,
    );
    if (back.transferSuggestions[0]?.answerReason) {
      expect(back.transferSuggestions[0]).toEqual({ answerTransfer: false, answerReason: reason });
      break;
    }
    if (i === 20) throw new Error('the answer did not reach the procuratorate');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  // Its overdue steps are its own only: the other institutions' lists are not shown to it.
  await view.openOverdue();
  expect(await page.getByRole('heading', { name: /逾期事项 共 \d+ 项$/ }).allInnerTexts()).toEqual([expect.stringMatching(/^行政执法机关逾期事项/)]);
  await page.context().close();
});

test("oversight (法制监督) sees every agency's warnings, as the API gives them to it, with no 建议移送 action", async () => {
  const all = await warningsAs(await web.stack.token('oversight', 'LA-421200'));
  const page = await signedIn('法制监督（法制办）');
  const view = await new SupervisionPage(page).open();
  await page.getByText(`各执法机关已达刑事立案追诉标准而未移送公安机关的行政执法案件，最新的在前。共 ${all.totalCount} 件。`).waitFor();
  expect(await view.warningChains()).toEqual(all.edges.map((e) => e.node.chain.id));
  expect(await view.warnings.getByRole('button', { name: '建议移送' }).count()).toBe(0);
  await page.context().close();
});

test('the public has no 监督 entry and gets nothing: the view asks to sign in, the API refuses', async () => {
  const page = await (await web.context()).newPage();
  await page.goto('/#/portal');
  await page.getByRole('heading', { name: '阳光执法' }).waitFor();
  expect(await page.getByRole('navigation', { name: '主导航' }).getByRole('link').allInnerTexts()).not.toContain('监督');
  await page.goto('/#/supervision');
  await page.getByRole('heading', { name: '登录', exact: true }).waitFor();
  expect(await page.getByRole('table', { name: '以罚代刑预警' }).count()).toBe(0);
  await page.context().close();
  for (const query of [WARNINGS, OVERDUE]) {
    const response = await web.stack.query(query, { first: 1 });
    expect(response.data?.supervisionWarnings ?? response.data?.overdueSteps ?? null).toBeNull();
    expect(response.errors?.length).toBeGreaterThan(0);
    expect(new Set(response.errors!.map((e) => e.extensions?.code))).toEqual(new Set(['FORBIDDEN']));
  }
});
