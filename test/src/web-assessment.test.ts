// The console's 考核通报 view in a real browser against the real system (four subgraphs and
// the gateway over PGlite, the demo data): the table as the API composes it for a
// procurator, by agency, narrowed to a region, by region and by category; the three charts
// drawn; the CSV and Excel exports downloaded and opened; an agency's own row only; no
// entry for the police, judges or the public. Every expected value is read through the API.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { webStack } from './web/browser';
import { yuan } from './web/expected';
import { AssessmentPage, SignInPage } from './web/pages';

const web = webStack('development');
const PROCURATORATE = 'PP-421202';
/** The demo's year (its chains are recent): every institution has figures in it. */
const YEAR = 2026;

interface Row {
  key: string; label: string; casesRegistered: number; penalties: number; fineTotal: string; transfers: number; transferRate: number | null;
  filed: number | null; notFiled: number | null; prosecuted: number | null; convicted: number | null;
  enforcementStepsLate: number; policeStepsLate: number | null; procuratorateStepsLate: number | null; courtStepsLate: number | null;
}
interface Table { period: string; rows: Row[]; total: Row }
const ROW = 'key label casesRegistered penalties fineTotal transfers transferRate filed notFiled prosecuted convicted enforcementStepsLate policeStepsLate procuratorateStepsLate courtStepsLate';
const TABLE = `query($year: Int!, $by: AssessmentDimension!, $agencyId: ID) { assessment(year: $year, by: $by, agencyId: $agencyId) { period rows { ${ROW} } total { ${ROW} } } }`;

async function table(by: string, token: string, agencyId?: string): Promise<Table> {
  const response = await web.stack.query(TABLE, { year: YEAR, by, agencyId }, token);
  expect(response.errors).toBeUndefined();
  return response.data.assessment as Table;
}

/** A row as a person must read it: counts with separators, money in yuan, the rate as a percentage. */
const count = (v: number | null) => (v === null ? '—' : v.toLocaleString('zh-CN'));
const expectedCells = (r: Row, name = r.label) => [
  name, count(r.casesRegistered), count(r.penalties), yuan(r.fineTotal), count(r.transfers),
  r.transferRate === null ? '—' : `${(r.transferRate * 100).toFixed(2)}%`, count(r.filed), count(r.notFiled),
];

async function signedIn(role: string, org?: string): Promise<Page> {
  const page = await (await web.context()).newPage();
  await (await new SignInPage(page).open()).asDeveloper(role, org);
  return page;
}

describe('a procurator', () => {
  let page: Page;
  let view: AssessmentPage;
  let byAgency: Table;
  beforeAll(async () => {
    byAgency = await table('AGENCY', await web.stack.token('procurator', PROCURATORATE));
    // The demo year has figures: the view is tested on them, not on zeros.
    expect(byAgency.rows.length).toBeGreaterThan(5);
    expect(byAgency.total.transfers).toBeGreaterThan(0);
    page = await signedIn('检察官', PROCURATORATE);
    view = await new AssessmentPage(page).open();
    await view.choose('年度', `${YEAR}年`, `两法衔接考核通报（${YEAR}年，按机关）`);
  });
  afterAll(() => page.context().close());

  test("sees every agency's row as the API composes it from the four institutions, and the 合计", async () => {
    const rows = await view.rows();
    expect(rows).toHaveLength(byAgency.rows.length + 1);
    byAgency.rows.forEach((r, i) => expect(rows[i]!.slice(0, 8)).toEqual(expectedCells(r)));
    expect(rows.at(-1)!.slice(0, 8)).toEqual(expectedCells(byAgency.total, '合计'));
    // Steps done late, all four institutions together.
    const t = byAgency.total;
    expect(rows.at(-1)![12]).toBe(count(t.enforcementStepsLate + (t.policeStepsLate ?? 0) + (t.procuratorateStepsLate ?? 0) + (t.courtStepsLate ?? 0)));
    await view.screenshot('assessment');
  });

  test('sees the three charts drawn: the trend by month, the transfer rate per agency, steps on time and late per stage', async () => {
    const trend = await view.chartText(`${YEAR}年月度趋势`);
    for (const word of ['1月', '12月', '立案', '处罚决定', '移送']) expect(trend).toContain(word);
    const rates = await view.chartText('各机关移送率（前20）');
    const top = [...byAgency.rows].filter((r) => r.transferRate !== null).sort((a, b) => b.transferRate! - a.transferRate!)[0]!;
    // The axis may shorten a long name: its first characters are there.
    expect(rates).toContain(top.label.slice(0, 6));
    const stages = await view.chartText('各环节按期与逾期办结');
    for (const word of ['行政执法', '公安立案侦查', '检察审查起诉', '法院审判', '按期办结', '逾期办结']) expect(stages).toContain(word);
    // Bars are drawn: the chart has shapes, not only axes.
    expect(await view.chart('各环节按期与逾期办结').locator('svg path').count()).toBeGreaterThan(8);
  });

  test('exports the table as CSV and as an Excel workbook that opens with the same figures', async () => {
    const csv = await view.export('导出 CSV');
    expect(csv.name).toBe(`两法衔接考核通报（${YEAR}年，按机关）.csv`);
    const text = csv.bytes.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(byAgency.rows.length + 2);
    expect(lines[0]!.split(',').slice(0, 3)).toEqual(['行政执法机关', '立案数', '行政处罚决定数']);
    expect(lines.at(-1)!.split(',').slice(0, 5)).toEqual(['合计', String(byAgency.total.casesRegistered), String(byAgency.total.penalties), String(Number(byAgency.total.fineTotal)), String(byAgency.total.transfers)]);

    const xlsx = await view.export('导出 Excel');
    expect(xlsx.name).toBe(`两法衔接考核通报（${YEAR}年，按机关）.xlsx`);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'xianjie-xlsx-'));
    try {
      const file = path.join(dir, xlsx.name);
      writeFileSync(file, xlsx.bytes);
      // Opened as a zip whose every entry checks, with a worksheet holding the figures.
      expect(execFileSync('unzip', ['-t', file]).toString()).toContain('No errors detected');
      const sheet = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml']).toString('utf8');
      for (const r of byAgency.rows.slice(0, 5)) expect(sheet).toContain(r.label.replace(/&/g, '&amp;'));
      expect(sheet).toContain('合计');
      expect(sheet).toContain(`<v>${byAgency.total.casesRegistered}</v>`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('narrows the agencies to a region, and reads the table by region and by violation category', async () => {
    const regions = await table('REGION', await web.stack.token('procurator', PROCURATORATE));
    const agencies = (await web.stack.query('{ agencies { id regionCode } }')).data.agencies as { id: string; regionCode: string }[];
    const inRegion = new Set(agencies.filter((a) => a.regionCode === '421202').map((a) => a.id));
    await view.filters.getByLabel('行政区划').selectOption({ label: '咸安区' });
    const narrowed = byAgency.rows.filter((r) => inRegion.has(r.key));
    expect(narrowed.length).toBeGreaterThan(0);
    const shown = await view.rows();
    expect(shown.map((r) => r[0])).toEqual([...narrowed.map((r) => r.label), '合计']);
    // The 合计 of the region's agencies is the region's own row, as the API counts it by region.
    const region = regions.rows.find((r) => r.key === '421202')!;
    expect(shown.at(-1)!.slice(1, 5)).toEqual(expectedCells(region).slice(1, 5));

    await view.choose('统计口径', '按行政区划', `两法衔接考核通报（${YEAR}年，按地区）`);
    expect((await view.rows()).map((r) => r.slice(0, 8))).toEqual([...regions.rows.map((r) => expectedCells(r)), expectedCells(regions.total, '合计')]);
    const categories = await table('CATEGORY', await web.stack.token('procurator', PROCURATORATE));
    await view.choose('统计口径', '按违法类别', `两法衔接考核通报（${YEAR}年，按违法类别）`);
    expect((await view.rows()).map((r) => r[0])).toEqual([...categories.rows.map((r) => r.label), '合计']);
  });
});

test("an agency officer sees the agency's own row only, and cannot change what the table is counted by", async () => {
  const agency = (await web.stack.query('{ agencies { id name } }')).data.agencies[0] as { id: string; name: string };
  const own = await table('AGENCY', await web.stack.token('enforcement', agency.id), agency.id);
  expect(own.rows.map((r) => r.key)).toEqual([agency.id]);
  const page = await signedIn('行政执法人员', agency.id);
  try {
    const view = await new AssessmentPage(page).open();
    await view.choose('年度', `${YEAR}年`, `两法衔接考核通报（${YEAR}年，按机关）`);
    const rows = await view.rows();
    expect(rows.map((r) => r[0])).toEqual([agency.name, '合计']);
    expect(rows[0]!.slice(0, 8)).toEqual(expectedCells(own.rows[0]!));
    expect(await view.filters.getByLabel('统计口径').count()).toBe(0);
    await view.screenshot('assessment-agency');
  } finally {
    await page.context().close();
  }
});

test('the police, judges and the public have no 考核通报', async () => {
  for (const [role, org] of [['公安机关', 'PB-421202'], ['法官', 'CO-421202']] as const) {
    const page = await signedIn(role, org);
    try {
      expect(await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '考核通报' }).count()).toBe(0);
    } finally {
      await page.context().close();
    }
  }
  const page = await (await web.context()).newPage();
  try {
    await page.goto('/#/assessment');
    await page.getByRole('heading', { name: '登录', exact: true }).waitFor();
  } finally {
    await page.context().close();
  }
});
