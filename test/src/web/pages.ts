// Page objects: one per view of the web console, each saying what a person does and sees
// there, in the words on the screen (roles and Chinese labels), never CSS selectors.
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { SCREENSHOTS } from './browser';

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** How many match and how many are shown: 符合条件 N 条，显示 M 条. */
export async function decisionCounts(page: Page): Promise<{ matching: number; shown: number }> {
  const text = await page.getByText(/符合条件 \d+ 条/).innerText();
  const [, matching, shown] = /符合条件 (\d+) 条，显示 (\d+) 条/.exec(text)!;
  return { matching: Number(matching), shown: Number(shown) };
}

export class SignInPage {
  constructor(readonly page: Page) {}
  async open(): Promise<this> {
    await this.page.goto('/#/signin');
    await this.page.getByRole('heading', { name: '登录', exact: true }).waitFor();
    return this;
  }
  /** Development sign-in: a role and the organisation by its code, as the select shows it. */
  async asDeveloper(role: string, orgCode?: string): Promise<void> {
    const form = this.page.getByRole('form', { name: '开发环境登录' });
    await form.getByLabel('角色').selectOption({ label: role });
    if (orgCode) {
      const select = form.getByLabel('所属单位');
      await select.locator('option', { hasText: `（${orgCode}）` }).first().waitFor({ state: 'attached' });
      const value = await select.locator('option', { hasText: `（${orgCode}）` }).first().getAttribute('value');
      await select.selectOption(value!);
    }
    await form.getByRole('button', { name: '登录' }).click();
    await this.page.getByRole('heading', { name: '案件检索' }).waitFor();
  }
  /** Production sign-in: the bearer token of the institution's sign-on. */
  async withToken(token: string): Promise<void> {
    const form = this.page.getByRole('form', { name: '令牌登录' });
    await form.getByLabel('访问令牌').fill(token);
    await form.getByRole('button', { name: '使用令牌登录' }).click();
  }
  hasDeveloperSignIn(): Promise<boolean> {
    return this.page.getByRole('form', { name: '开发环境登录' }).isVisible();
  }
  screenshot(name = 'sign-in') {
    return screenshot(this.page, name);
  }
}

export class SearchPage {
  constructor(readonly page: Page) {}
  async open(): Promise<this> {
    await this.page.goto('/#/search');
    await this.page.getByRole('heading', { name: '案件检索' }).waitFor();
    return this;
  }
  results(text: string): Locator {
    return this.page.getByRole('region', { name: `“${text}”的检索结果` });
  }
  async find(text: string): Promise<Locator> {
    await this.page.getByLabel('衔接编号、案件编号或当事人').fill(text);
    await this.page.getByRole('button', { name: '检索' }).click();
    await this.results(text).waitFor();
    return this.results(text);
  }
  screenshot(name = 'search') {
    return screenshot(this.page, name);
  }
}

export class ChainPage {
  constructor(readonly page: Page) {}
  async open(chainId: string): Promise<this> {
    await this.page.goto(`/#/chain/${chainId}`);
    return this.loaded(chainId);
  }
  async loaded(chainId: string): Promise<this> {
    await this.page.getByRole('heading', { name: `衔接案件 ${chainId}` }).waitFor();
    await this.timeline.or(this.page.getByText('未找到衔接案件')).first().waitFor();
    return this;
  }
  get timeline(): Locator {
    return this.page.getByRole('list', { name: '案件进程' });
  }
  /** Each stage of the timeline as its text: number, title, state, date. */
  async stages(): Promise<string[]> {
    return (await this.timeline.getByRole('listitem').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }
  stage(title: string): Locator {
    return this.page.getByRole('region', { name: new RegExp(`、${title}$`) });
  }
  /** The value shown for a term of a stage (当事人, 侦查记录 …). */
  fact(stage: string, term: string): Locator {
    return this.stage(stage).getByRole('term').filter({ hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');
  }
  steps(stage: string): Locator {
    return this.stage(stage).getByRole('table', { name: '办理期限' });
  }
  documents(stage: string): Locator {
    return this.stage(stage).getByRole('table', { name: '移送文书' });
  }
  /** 核实上游记录 (judges and procurators): asks the court to confirm the trial's upstream records; the table of results. */
  async confirmUpstream(): Promise<Locator> {
    await this.stage('法院审判').getByRole('button', { name: '核实上游记录' }).click();
    const table = this.stage('法院审判').getByRole('table', { name: '上游记录核实' });
    await table.waitFor();
    return table;
  }
  /** Each row of the confirmation: record, number, issuer, signature, result, reason. */
  async confirmationRows(table: Locator): Promise<string[][]> {
    const rows = await table.getByRole('row').all();
    return Promise.all(rows.slice(1).map(async (row) => (await row.getByRole('cell').allInnerTexts()).map((t) => t.trim())));
  }
  restrictedMarks(): Locator {
    return this.page.getByText('无权查看', { exact: true });
  }
  /** Opens the chain in a fresh page load (not a hash change), as someone following a link would. */
  async load(chainId: string): Promise<this> {
    await this.page.goto('about:blank');
    return this.open(chainId);
  }
  /** Milliseconds from the page's navigation to the chain drawn, and from its request to drawn (the last chain drawn). */
  async firstRender(): Promise<{ sinceNavigation: number; sinceRequest: number }> {
    return this.page.evaluate(() => {
      const measure = performance.getEntriesByName('chain-first-render').at(-1)!;
      return { sinceNavigation: Math.round(measure.startTime + measure.duration), sinceRequest: Math.round(measure.duration) };
    });
  }
  screenshot(name: string) {
    return screenshot(this.page, name);
  }
}

export class WorkListPage {
  constructor(readonly page: Page) {}
  async open(): Promise<this> {
    await this.page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '待办事项' }).click();
    await this.table.or(this.page.getByText(/暂无待办事项|没有逾期的待办事项/)).first().waitFor();
    return this;
  }
  /** The list: 待办事项, or 逾期待办事项 when only the overdue are asked for. */
  get table(): Locator {
    return this.page.getByRole('table', { name: /^(逾期)?待办事项$/ });
  }
  async rows(): Promise<string[]> {
    return (await this.table.getByRole('row').allInnerTexts()).slice(1).map((t) => t.replace(/\s+/g, ' ').trim());
  }
  async overdueOnly(): Promise<void> {
    await this.page.getByLabel('只看逾期').check();
    await this.page.getByRole('table', { name: '逾期待办事项' }).or(this.page.getByText('没有逾期的待办事项。')).waitFor();
  }
  screenshot(name = 'work-list') {
    return screenshot(this.page, name);
  }
}

export class PortalPage {
  constructor(readonly page: Page) {}
  async open(): Promise<this> {
    await this.page.goto('/#/portal');
    await this.page.getByRole('heading', { name: '阳光执法' }).waitFor();
    await this.page.getByRole('table', { name: /^行政权力清单/ }).waitFor();
    return this;
  }
  async chooseAgency(name: string): Promise<void> {
    await this.page.getByLabel('执法机关', { exact: true }).selectOption({ label: name });
    await this.page.getByRole('table', { name: `行政权力清单（${name}）` }).waitFor();
  }
  table(name: string | RegExp): Locator {
    return this.page.getByRole('table', { name });
  }
  async rows(name: string | RegExp): Promise<string[][]> {
    const rows = await this.table(name).getByRole('row').all();
    return Promise.all(rows.slice(1).map(async (row) => (await row.getByRole('cell').allInnerTexts()).map((t) => t.trim())));
  }
  async openDecisions(): Promise<void> {
    await this.page.getByRole('link', { name: '处罚决定公开' }).click();
    await this.page.getByText(/符合条件 \d+ 条/).waitFor();
  }
  /** 生效裁判查询: the result region for a case number. */
  async findJudgment(caseNumber: string): Promise<Locator> {
    await this.page.getByRole('link', { name: '生效裁判查询' }).click();
    const form = this.page.getByRole('search', { name: '查询生效裁判' });
    await form.getByLabel('案号').fill(caseNumber);
    await form.getByRole('button', { name: '查询' }).click();
    const result = this.page.getByRole('region', { name: `案号“${caseNumber}”的查询结果` });
    await result.waitFor();
    return result;
  }
  async filterDecisions(filter: { category?: string; number?: string; from?: string; to?: string }): Promise<void> {
    const form = this.page.getByRole('search', { name: '筛选处罚决定' });
    if (filter.category) await form.getByLabel('违法类别').selectOption({ label: filter.category });
    if (filter.number !== undefined) await form.getByLabel('决定书文号').fill(filter.number);
    if (filter.from) await form.getByLabel('决定日期自').fill(filter.from);
    if (filter.to) await form.getByLabel('至', { exact: true }).fill(filter.to);
  }
  screenshot(name: string) {
    return screenshot(this.page, name);
  }
}

export class SupervisionPage {
  constructor(readonly page: Page) {}
  /** Through the 监督 entry of the main navigation, to the 以罚代刑预警 tab. */
  async open(): Promise<this> {
    await this.page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '监督' }).click();
    await this.warnings.or(this.page.getByText('暂无以罚代刑预警。')).first().waitFor();
    return this;
  }
  get warnings(): Locator {
    return this.page.getByRole('table', { name: '以罚代刑预警' });
  }
  /** The warning of a chain, by the chain's link in its row. */
  warning(chainId: string): Locator {
    return this.warnings.getByRole('row').filter({ has: this.page.getByRole('link', { name: chainId, exact: true }) });
  }
  /** The chain ids of the warnings, in the order shown. */
  async warningChains(): Promise<string[]> {
    return this.warnings.getByRole('row').locator('td:nth-child(2) a').allInnerTexts();
  }
  async rowText(row: Locator): Promise<string> {
    return (await row.innerText()).replace(/\s+/g, ' ').trim();
  }
  async suggest(chainId: string): Promise<Locator> {
    const row = this.warning(chainId);
    await row.getByRole('button', { name: '建议移送' }).click();
    await row.getByRole('form', { name: `建议移送 ${chainId}` }).getByRole('button', { name: '发送建议移送' }).click();
    await row.getByText(/^已发出建议移送 /).waitFor();
    return row;
  }
  async answer(chainId: string, transfer: boolean, reason: string): Promise<Locator> {
    const row = this.warning(chainId);
    const form = row.getByRole('form', { name: `回复建议移送 ${chainId}` });
    await form.getByLabel(transfer ? '已移送' : '不移送').check();
    await form.getByLabel('理由').fill(reason);
    await form.getByRole('button', { name: '提交回复' }).click();
    return row;
  }
  async openOverdue(): Promise<void> {
    await this.page.getByRole('navigation', { name: '监督事项' }).getByRole('link', { name: '逾期事项' }).click();
    await this.page.getByRole('heading', { name: /逾期事项 共 \d+ 项$/ }).first().waitFor();
  }
  /** An institution's overdue steps (人民检察院逾期事项 …). */
  overdue(institution: string): Locator {
    return this.page.getByRole('table', { name: `${institution}逾期事项` });
  }
  async overdueRows(institution: string): Promise<string[]> {
    return (await this.overdue(institution).getByRole('row').allInnerTexts()).slice(1).map((t) => t.replace(/\s+/g, ' ').trim());
  }
  screenshot(name: string) {
    return screenshot(this.page, name);
  }
}

/** 考核通报: the filters, the table, the charts and the two exports. */
export class AssessmentPage {
  constructor(readonly page: Page) {}
  /** Through the 考核通报 entry of the main navigation, until the table is drawn. */
  async open(): Promise<this> {
    await this.page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '考核通报' }).click();
    await this.table.waitFor();
    return this;
  }
  get table(): Locator {
    return this.page.getByRole('table', { name: /^两法衔接考核通报/ });
  }
  get filters(): Locator {
    return this.page.getByRole('form', { name: '考核条件' });
  }
  /** Chooses a filter by its label and the option's text, and waits for the table of it. */
  async choose(filter: string, option: string, caption: RegExp | string): Promise<void> {
    await this.filters.getByLabel(filter).selectOption({ label: option });
    await this.page.getByRole('table', { name: caption }).waitFor();
    await this.page.getByText('正在更新…').waitFor({ state: 'detached' });
  }
  /** The rows as shown (header cell first), the 合计 row last. */
  async rows(): Promise<string[][]> {
    const rows = this.table.locator('tbody tr, tfoot tr');
    const count = await rows.count();
    const out: string[][] = [];
    for (let i = 0; i < count; i++) out.push((await rows.nth(i).locator('th, td').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()));
    return out;
  }
  chart(title: string | RegExp): Locator {
    return this.page.getByRole('figure', { name: title });
  }
  /** Waits for a chart's SVG and returns its text (axis labels, legend). */
  async chartText(title: string | RegExp): Promise<string> {
    const svg = this.chart(title).locator('svg');
    await svg.waitFor();
    return (await svg.locator('text').allTextContents()).join(' ');
  }
  /** Clicks an export button and gives the downloaded file's name and bytes. */
  async export(button: '导出 CSV' | '导出 Excel'): Promise<{ name: string; bytes: Buffer }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.filters.getByRole('button', { name: button }).click()]);
    const file = await download.path();
    const { readFileSync } = await import('node:fs');
    return { name: download.suggestedFilename(), bytes: readFileSync(file) };
  }
  async screenshot(name: string): Promise<void> {
    await screenshot(this.page, name);
  }
}
