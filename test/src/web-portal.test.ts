// The public portal (阳光执法) and the production console in a real browser: the gateway as
// in production serves the console but no development sign-in and no GraphQL IDE; the
// public browses without a token and sees persons' names masked; an official signs in with
// the bearer token of the institution's sign-on.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { issueDevToken } from '@xianjie/gateway';
import { generateSigningKeys } from '@xianjie/subgraph-kit';
import { SCREENSHOTS, webStack } from './web/browser';
import { beijingTime, JUDGED_CHAIN, judgedChain, maskedName, yuan, type JudgedChain } from './web/expected';
import { ChainPage, decisionCounts, PortalPage, SearchPage, SignInPage } from './web/pages';

const web = webStack('production');
let page: Page;
/** The demo chain judged and effective, as the API gives it to a procurator. */
let judged: JudgedChain;

beforeAll(async () => {
  page = await (await web.context()).newPage();
  judged = await judgedChain(web.stack);
});

test('production serves the console, but neither the development sign-in nor the GraphQL IDE', async () => {
  const devToken = await fetch(`${web.base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'procurator', org: 'PP-421200' }) });
  expect(devToken.status).toBe(404);
  const ide = await fetch(`${web.base}/graphql`, { headers: { accept: 'text/html' } });
  expect(ide.headers.get('content-type')).not.toContain('text/html');
  expect(await ide.text()).not.toMatch(/GraphiQL|ide\.js/i);
  expect((await fetch(`${web.base}/ide.js`)).status).toBe(404);
  expect(await (await fetch(`${web.base}/console/config.json`)).json()).toEqual({ development: false });
  const index = await fetch(`${web.base}/`);
  expect(index.headers.get('content-security-policy')).toContain("connect-src 'self'");
  // GraphQL is still served at / and /graphql.
  expect((await web.stack.query('{ __typename }')).data).toEqual({ __typename: 'Query' });

  const signIn = await new SignInPage(page).open();
  expect(await signIn.hasDeveloperSignIn()).toBe(false);
  await signIn.screenshot('sign-in-production');
});

describe('the public portal, without signing in', () => {
  test("an agency's power list, its officers with certificate numbers and whether each is valid today, its discretion benchmarks", async () => {
    const portal = await new PortalPage(page).open();
    await portal.chooseAgency('咸安区市场监督管理局');
    const powers = await portal.rows('行政权力清单（咸安区市场监督管理局）');
    expect(powers[0]).toEqual(['421202-SCJG-CF-001', '对销售侵犯注册商标专用权商品的行政处罚', '行政处罚', '《中华人民共和国商标法》第六十条']);
    const officers = await portal.rows('执法人员');
    expect(officers.length).toBeGreaterThan(1);
    for (const [name, certificate, validUntil, valid] of officers) {
      expect(name).toMatch(/^\p{Script=Han}{2,4}$/u);
      expect(certificate).toMatch(/\d/);
      expect(validUntil).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
      expect(['有效', '已过期']).toContain(valid);
    }
    const benchmarks = await portal.rows('行政处罚裁量基准');
    expect(benchmarks.length).toBeGreaterThan(0);
    expect(benchmarks[0]![3]).toMatch(/^[\d,]+\.\d{2} 元 至 [\d,]+\.\d{2} 元$/);
    await portal.screenshot('portal-agency');
  });

  test('published decisions with persons masked, narrowed by agency, category, number and date', async () => {
    const portal = await new PortalPage(page).open();
    await portal.openDecisions();
    const all = await portal.rows('已公开的行政处罚决定');
    const loaded = await decisionCounts(page);
    expect(loaded.matching).toBeGreaterThan(20);
    expect(all).toHaveLength(20); // twenty at a time: 显示更多 shows the next
    for (const [, decided, , party, , fine] of all) {
      expect(decided).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
      // A person is masked (张*); an organisation is named in full.
      expect(party).toMatch(/^\p{Script=Han}\*$|(公司|厂|合作社|中心|店|部|场)$/u);
      expect(fine).toMatch(/^[\d,]+\.\d{2} 元$/);
    }
    expect(all.some(([, , , party]) => /^\p{Script=Han}\*$/u.test(party!))).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'portal-decisions.png') });

    await portal.filterDecisions({ category: '非法捕捞水产品' });
    const fishing = await decisionCounts(page);
    expect(fishing.matching).toBeGreaterThan(0);
    expect(fishing.matching).toBeLessThan(loaded.matching);
    expect(new Set((await portal.rows('已公开的行政处罚决定')).map((r) => r[4]))).toEqual(new Set(['非法捕捞水产品']));

    const number = (await portal.rows('已公开的行政处罚决定'))[0]![0]!;
    await portal.filterDecisions({ number });
    expect((await portal.rows('已公开的行政处罚决定')).map((r) => r[0])).toEqual([number]);
    await portal.filterDecisions({ number: '', from: '2099-01-01' });
    expect(await portal.rows('已公开的行政处罚决定')).toEqual([]);
    expect(await decisionCounts(page)).toEqual({ matching: 0, shown: 0 });

    // By agency: the API's own filter.
    await page.reload();
    await portal.openDecisions();
    await page.getByRole('search', { name: '筛选处罚决定' }).getByLabel('执法机关', { exact: true }).selectOption({ label: '赤壁市农业农村局' });
    await page.getByRole('cell', { name: '赤壁市农业农村局' }).first().waitFor();
    const chibi = await portal.rows('已公开的行政处罚决定');
    expect(new Set(chibi.map((r) => r[2]))).toEqual(new Set(['赤壁市农业农村局']));
  });
});

test('an effective judgment by its case number, the defendant masked; a case number with no public judgment is not found', async () => {
  const portal = await new PortalPage(page).open();
  const { caseNumber, courtName, defendantName, judgment } = judged.trial;
  const found = await portal.findJudgment(caseNumber);
  const text = (await found.innerText()).replace(/\s+/g, ' ');
  expect(text).toContain(`案号 ${caseNumber} 人民法院 ${courtName}`);
  expect(text).toContain(`被告人 ${maskedName(defendantName)} `);
  expect(text).not.toContain(defendantName);
  expect(text).toContain(`判决结果 有罪（${judgment.charges.join('、')}）`);
  expect(text).toContain(`有期徒刑 ${judgment.prisonTermMonths} 个月，罚金 ${yuan(judgment.fineAmount)}，折抵行政罚款 ${yuan(judgment.fineOffsetAmount)}`);
  expect(text).toContain(`宣判 ${beijingTime(judgment.judgedAt)}`);
  expect(text).toContain(`生效 ${beijingTime(judgment.effectiveAt)}`);
  await portal.screenshot('portal-judgment');
  // A number of the same court that, the API says, it has not given.
  const unknown = caseNumber.replace(/\d+号$/, '999号');
  const asked = await web.stack.query('query($n: String!) { criminalTrial(caseNumber: $n) { id } }', { n: unknown }, await web.stack.token('judge', judged.trial.courtCode));
  expect(asked.data).toEqual({ criminalTrial: null });
  const none = await portal.findJudgment(unknown);
  await none.getByText(`未找到案号为“${unknown}”的已生效判决。`).waitFor();
});

test('an official signs in with the bearer token of the sign-on and follows a chain; a bad token is refused with the reason', async () => {
  const signIn = await new SignInPage(page).open();
  await signIn.withToken('not-a-token');
  await page.getByRole('alert').getByText(/身份验证未通过，请重新登录（Invalid token/).waitFor();
  // A judge of the court that tried the judged demo chain.
  const court = judged.trial.courtCode;
  await signIn.withToken(await web.stack.token('judge', court));
  await page.getByRole('heading', { name: '案件检索' }).waitFor();
  // The court by its name, as the public unit directory (`courts`) gives it.
  await page.getByLabel('当前用户').getByText(`法官 · ${judged.trial.courtName}（${court}）`).waitFor();
  await (await new SearchPage(page).find(judged.trial.caseNumber)).getByRole('link').click();
  const chain = await new ChainPage(page).loaded(JUDGED_CHAIN);
  // A judge may not see the investigation notes nor the procurator's review opinion.
  expect(await chain.fact('公安立案侦查', '侦查记录').innerText()).toBe('无权查看');
  expect(await chain.fact('检察审查起诉', '审查意见').innerText()).toBe('无权查看');
  expect(await chain.fact('法院审判', '被告人').innerText()).toBe(judged.trial.defendantName);

  // A token the gateway no longer accepts (here: signed by a key it does not trust) sends
  // the user back to the sign-in, saying why.
  const forged = await issueDevToken({ subject: 'forged', role: 'judge', org: court }, (await generateSigningKeys()).privateKey);
  await page.evaluate((token) => (globalThis as any).sessionStorage.setItem('xianjie.token', token), forged);
  await page.goto('/#/chain/XJ-0000006');
  await page.getByRole('heading', { name: '登录', exact: true }).waitFor();
  await page.getByRole('alert').getByText(/^身份验证未通过，请重新登录（Invalid token: /).waitFor();
  expect(await page.getByLabel('当前用户').count()).toBe(0);
});
