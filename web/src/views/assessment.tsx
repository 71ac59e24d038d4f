// 考核通报: the assessment table of a period (a year, a quarter or a month), one row per
// agency, region, violation category or special campaign, each institution's columns
// composed by the gateway; three charts (the year's trend per month, the transfer rate
// per row, steps done late per stage) and the export as CSV and as an Excel workbook, made
// in the browser by the same module the report script uses.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { graphql, session } from '../api';
import { loadCharts } from '../charts/charts';
import {
  assessmentColumns, assessmentCsv, assessmentTitle, assessmentXlsx, ASSESSMENT_EXPORT_FIELDS,
  type AssessmentExportRow, type AssessmentExportTable,
} from '../export/assessment-export';
import { money } from '../format';
import { Failure } from '../ui';

const DIMENSIONS = [
  ['AGENCY', '按执法机关'],
  ['REGION', '按行政区划'],
  ['CATEGORY', '按违法类别'],
  ['CAMPAIGN', '按专项行动'],
] as const;
type Dimension = (typeof DIMENSIONS)[number][0];

/** 咸宁市 and its counties, for narrowing the agencies' table to one region. */
const REGIONS: [string, string][] = [
  ['421200', '咸宁市（市直）'], ['421202', '咸安区'], ['421221', '嘉鱼县'], ['421222', '通城县'],
  ['421223', '崇阳县'], ['421224', '通山县'], ['421281', '赤壁市'],
];

const FIRST_YEAR = 2022;
const beijingNow = () => new Date(Date.now() + 8 * 3_600_000);

const ASSESSMENT = `query ConsoleAssessment($year: Int!, $quarter: Int, $month: Int, $by: AssessmentDimension!, $campaignId: ID, $agencyId: ID) {
  assessment(year: $year, quarter: $quarter, month: $month, by: $by, campaignId: $campaignId, agencyId: $agencyId) {
    by period from to
    rows { key ${ASSESSMENT_EXPORT_FIELDS} }
    total { ${ASSESSMENT_EXPORT_FIELDS} }
  }
}`;

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
/** The year's totals month by month, in one request (an agency's, its own). */
const TREND = `query ConsoleAssessmentTrend($year: Int!, $agencyId: ID) {
  ${MONTHS.map((m) => `m${m}: assessment(year: $year, month: ${m}, agencyId: $agencyId) { total { casesRegistered penalties transfers } }`).join('\n  ')}
}`;

const CAMPAIGNS = 'query ConsoleCampaigns { specialCampaigns { id name startsOn endsOn } }';

interface Campaign { id: string; name: string; startsOn: string; endsOn: string }
interface Row extends AssessmentExportRow { key: string; agencyId: string | null; [column: string]: unknown }
interface Table extends AssessmentExportTable { rows: Row[] }
type Totals = { casesRegistered: number; penalties: number; transfers: number };

interface Completeness { stage: string; stageLabel: string; complete: number; incomplete: number; missing: { item: string; article: string; count: number }[] }
const COMPLETENESS = ['enforcementCompleteness', 'policeCompleteness', 'procuratorateCompleteness', 'courtCompleteness'];

const n = (value: unknown) => (typeof value === 'number' ? value : 0);
const count = (value: unknown) => (value === null || value === undefined ? '—' : Number(value).toLocaleString('zh-CN'));
const percent = (rate: unknown) => (rate === null || rate === undefined ? '—' : `${(Number(rate) * 100).toFixed(2)}%`);
const late = (r: AssessmentExportRow) => n(r.enforcementStepsLate) + n(r.policeStepsLate) + n(r.procuratorateStepsLate) + n(r.courtStepsLate);
const incomplete = (r: AssessmentExportRow) =>
  COMPLETENESS.flatMap((f) => (r[f] as Completeness[] | null | undefined) ?? [])
    .reduce((sum, s) => sum + s.incomplete, 0);

/** Saves bytes as a file the browser downloads. */
function download(bytes: Uint8Array, name: string, type: string) {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function AssessmentView() {
  const user = session();
  const agencyUser = !!user?.roles.some((r) => r === 'enforcement' || r === 'agency-head');
  const [year, setYear] = useState(beijingNow().getUTCFullYear());
  // '' the whole year, Qn a quarter, Mn a month.
  const [period, setPeriod] = useState('');
  const [by, setBy] = useState<Dimension>('AGENCY');
  const [campaignId, setCampaignId] = useState('');
  const [region, setRegion] = useState('');
  const [table, setTable] = useState<Table>();
  const [trend, setTrend] = useState<Totals[]>();
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [agencyRegions, setAgencyRegions] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    void graphql<{ specialCampaigns: Campaign[] }>(CAMPAIGNS).then((r) => setCampaigns(r.data?.specialCampaigns ?? []));
    void graphql<{ agencies: { id: string; regionCode: string }[] }>('query ConsoleAgencyRegions { agencies { id regionCode } }')
      .then((r) => setAgencyRegions(Object.fromEntries((r.data?.agencies ?? []).map((a) => [a.id, a.regionCode]))));
  }, []);

  useEffect(() => {
    let current = true;
    setLoading(true);
    const variables = {
      year,
      quarter: period.startsWith('Q') ? Number(period.slice(1)) : null,
      month: period.startsWith('M') ? Number(period.slice(1)) : null,
      by,
      campaignId: by === 'CAMPAIGN' && campaignId ? campaignId : null,
      // An agency asks for its own row.
      agencyId: agencyUser ? user?.org : null,
    };
    void graphql<{ assessment: Table }>(ASSESSMENT, variables).then((result) => {
      if (!current) return;
      setLoading(false);
      setFailure(result.failure);
      setTable(result.data?.assessment ?? undefined);
    });
    return () => {
      current = false;
    };
  }, [year, period, by, campaignId]);

  useEffect(() => {
    let current = true;
    setTrend(undefined);
    void graphql<Record<string, { total: Totals }>>(TREND, { year, agencyId: agencyUser ? user?.org : null }).then((result) => {
      if (current && result.data) setTrend(MONTHS.map((m) => result.data![`m${m}`]!.total));
    });
    return () => {
      current = false;
    };
  }, [year]);

  // The agencies' table narrowed to a region: the rows of its agencies, the total summed again.
  const shown = useMemo(
    () => (table && by === 'AGENCY' && region ? narrowed(table, (r) => agencyRegions[r.key] === region) : table),
    [table, by, region, agencyRegions],
  );
  const trendChart = useMemo(() => trend && trendOption(year, trend), [trend]);
  const rateChart = useMemo(() => shown && rateOption(shown), [shown]);
  const stagesChart = useMemo(() => shown && stagesOption(shown.total), [shown]);
  const fileName = (ext: string) => `${shown ? assessmentTitle(shown) : '考核通报'}${region ? `（${REGIONS.find(([c]) => c === region)?.[1]}）` : ''}.${ext}`;

  return (
    <div class="assessment">
      <h1>考核通报</h1>
      <p class="hint">
        {agencyUser ? '本机关' : '各行政执法机关'}在所选期间的办案数、移送与衔接情况、按期办结与录入完整情况，由行政执法机关、公安机关、检察院、法院各自的系统提供。
      </p>
      <form class="filters" aria-label="考核条件" onSubmit={(e) => e.preventDefault()}>
        <label>
          年度
          <select aria-label="年度" value={year} onChange={(e) => setYear(Number(e.currentTarget.value))}>
            {Array.from({ length: beijingNow().getUTCFullYear() - FIRST_YEAR + 1 }, (_, i) => beijingNow().getUTCFullYear() - i).map((y) => (
              <option value={y}>{y}年</option>
            ))}
          </select>
        </label>
        <label>
          期间
          <select aria-label="期间" value={period} onChange={(e) => setPeriod(e.currentTarget.value)}>
            <option value="">全年</option>
            {[1, 2, 3, 4].map((q) => (
              <option value={`Q${q}`}>第{'一二三四'[q - 1]}季度</option>
            ))}
            {MONTHS.map((m) => (
              <option value={`M${m}`}>{m}月</option>
            ))}
          </select>
        </label>
        {!agencyUser && (
          <label>
            统计口径
            <select aria-label="统计口径" value={by} onChange={(e) => setBy(e.currentTarget.value as Dimension)}>
              {DIMENSIONS.map(([value, text]) => (
                <option value={value}>{text}</option>
              ))}
            </select>
          </label>
        )}
        {by === 'AGENCY' && !agencyUser && (
          <label>
            行政区划
            <select aria-label="行政区划" value={region} onChange={(e) => setRegion(e.currentTarget.value)}>
              <option value="">全市</option>
              {REGIONS.map(([code, name]) => (
                <option value={code}>{name}</option>
              ))}
            </select>
          </label>
        )}
        {by === 'CAMPAIGN' && (
          <label>
            专项行动
            <select aria-label="专项行动" value={campaignId} onChange={(e) => setCampaignId(e.currentTarget.value)}>
              <option value="">本年度全部专项行动</option>
              {campaigns.map((c) => (
                <option value={c.id}>{c.name}</option>
              ))}
            </select>
          </label>
        )}
        <span class="actions">
          <button type="button" disabled={!shown} onClick={() => shown && download(assessmentCsv(shown), fileName('csv'), 'text/csv;charset=utf-8')}>
            导出 CSV
          </button>
          <button
            type="button"
            disabled={!shown}
            onClick={() => shown && download(assessmentXlsx(shown), fileName('xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')}
          >
            导出 Excel
          </button>
        </span>
      </form>
      <Failure message={failure} />
      {shown && (
        <p class="hint" aria-live="polite">
          {shown.period}（{shown.from} 至 {shown.to}），{shown.rows.length} 行{loading ? '，正在更新…' : ''}。导出的表格含全部 {assessmentColumns(shown.by).length} 列，包括各环节录入缺项明细。
        </p>
      )}
      {!shown ? !failure && <p class="loading">正在加载…</p> : <AssessmentTable table={shown} />}
      <section class="charts" aria-label="图表">
        <Chart title={`${year}年月度趋势`} option={trendChart} />
        <Chart title={by === 'AGENCY' ? '各机关移送率（前20）' : '移送率（前20）'} option={rateChart} />
        <Chart title="各环节按期与逾期办结" option={stagesChart} />
      </section>
    </div>
  );
}

/** Stage by stage, the rows' completeness summed, each missing item's count too. */
function summedCompleteness(lists: (Completeness[] | null | undefined)[]): Completeness[] {
  const stages = new Map<string, Completeness>();
  for (const stage of lists.flatMap((list) => list ?? [])) {
    const sum = stages.get(stage.stage) ?? { ...stage, complete: 0, incomplete: 0, missing: [] };
    sum.complete += stage.complete;
    sum.incomplete += stage.incomplete;
    for (const m of stage.missing) {
      const item = sum.missing.find((x) => x.item === m.item);
      if (item) item.count += m.count;
      else sum.missing.push({ ...m });
    }
    stages.set(stage.stage, sum);
  }
  return [...stages.values()];
}

function narrowed(table: Table, keep: (r: Row) => boolean): Table {
  const rows = table.rows.filter(keep);
  const total: Row = { ...table.total, key: '*', agencyId: null };
  for (const column of Object.keys(table.total)) {
    if (typeof table.total[column] === 'number' && column !== 'transferRate') total[column] = rows.reduce((sum, r) => sum + n(r[column]), 0);
  }
  for (const field of COMPLETENESS) total[field] = summedCompleteness(rows.map((r) => r[field] as Completeness[] | null));
  total.fineTotal = rows.reduce((sum, r) => sum + Number(r.fineTotal ?? 0), 0).toFixed(2);
  total.transferRate = n(total.casesRegistered) ? n(total.transfers) / n(total.casesRegistered) : null;
  return { ...table, rows, total };
}

function AssessmentTable(props: { table: Table }) {
  const { table } = props;
  const heading = DIMENSIONS.find(([d]) => d === table.by)?.[1].replace('按', '') ?? '名称';
  const line = (r: AssessmentExportRow, total = false) => (
    <tr class={total ? 'total' : undefined}>
      <th scope="row">{total ? '合计' : r.label}</th>
      <td>{count(r.casesRegistered)}</td>
      <td>{count(r.penalties)}</td>
      <td class="money">{money(r.fineTotal as string | null)}</td>
      <td>{count(r.transfers)}</td>
      <td>{percent(r.transferRate)}</td>
      <td>{count(r.filed)}</td>
      <td>{count(r.notFiled)}</td>
      <td>{count(r.reconsiderations)}</td>
      <td>{count(r.prosecuted)}</td>
      <td>{count(r.notProsecuted)}</td>
      <td>{count(r.convicted)}</td>
      <td class={late(r) ? 'late' : undefined}>{count(late(r))}</td>
      <td>
        {count(r.warningsRaised)} / {count(r.warningsResolved)}
      </td>
      <td>{count(incomplete(r))}</td>
    </tr>
  );
  return (
    <div class="wide">
      <table class="assessment-table">
        <caption>{assessmentTitle(table)}</caption>
        <thead>
          <tr>
            <th scope="col">{heading}</th>
            <th scope="col">立案</th>
            <th scope="col">处罚决定</th>
            <th scope="col">罚款总额</th>
            <th scope="col">移送</th>
            <th scope="col">移送率</th>
            <th scope="col">公安立案</th>
            <th scope="col">不予立案</th>
            <th scope="col">提请复议</th>
            <th scope="col">起诉</th>
            <th scope="col">不起诉</th>
            <th scope="col">有罪判决</th>
            <th scope="col">逾期环节</th>
            <th scope="col">预警 新增/办结</th>
            <th scope="col">录入缺项</th>
          </tr>
        </thead>
        <tbody>
          {table.rows.length === 0 ? (
            <tr>
              <td colSpan={15} class="empty">
                本期间没有数据。
              </td>
            </tr>
          ) : (
            table.rows.map((r) => line(r))
          )}
        </tbody>
        <tfoot>{line(table.total, true)}</tfoot>
      </table>
    </div>
  );
}

/** One chart, drawn by the chart bundle once it has loaded. */
function Chart(props: { title: string; option: Record<string, unknown> | undefined }) {
  const element = useRef<HTMLDivElement>(null);
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    if (!props.option || !element.current) return;
    let dispose: (() => void) | undefined;
    let current = true;
    loadCharts().then(
      (charts) => {
        if (current && element.current) dispose = charts.draw(element.current, props.option!);
      },
      (e: Error) => setFailure(e.message),
    );
    return () => {
      current = false;
      dispose?.();
    };
  }, [props.option]);
  return (
    <figure class="chart" aria-label={props.title}>
      <figcaption>{props.title}</figcaption>
      <Failure message={failure} />
      {props.option ? <div class="canvas" ref={element} /> : <p class="loading">正在加载…</p>}
    </figure>
  );
}

const axisFont = { fontFamily: 'Noto Sans CJK SC, sans-serif' };
/** What the trend and the stages charts share: a legend above, values counted in whole numbers. */
const countChart = {
  textStyle: axisFont,
  tooltip: { trigger: 'axis' },
  legend: { top: 0 },
  grid: { left: 48, right: 16, top: 32, bottom: 28 },
  yAxis: { type: 'value', minInterval: 1 },
};

function trendOption(year: number, trend: Totals[]): Record<string, unknown> {
  const series = [
    ['立案', 'casesRegistered'],
    ['处罚决定', 'penalties'],
    ['移送', 'transfers'],
  ] as const;
  return {
    ...countChart,
    xAxis: { type: 'category', data: MONTHS.map((m) => `${m}月`), name: `${year}年` },
    series: series.map(([name, field]) => ({ name, type: 'line', data: trend.map((t) => t[field]) })),
  };
}

function rateOption(table: Table): Record<string, unknown> {
  const rows = table.rows.filter((r) => r.transferRate !== null && r.transferRate !== undefined).sort((a, b) => Number(b.transferRate) - Number(a.transferRate)).slice(0, 20);
  return {
    textStyle: axisFont,
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v.toFixed(2)}%` },
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.label), axisLabel: { interval: 0, fontSize: 11, width: 180, overflow: 'truncate' } },
    series: [{ name: '移送率', type: 'bar', data: rows.map((r) => Math.round(Number(r.transferRate) * 10000) / 100) }],
  };
}

function stagesOption(total: AssessmentExportRow): Record<string, unknown> {
  const stages = [
    ['行政执法', 'enforcement'],
    ['公安立案侦查', 'police'],
    ['检察审查起诉', 'procuratorate'],
    ['法院审判', 'court'],
  ] as const;
  return {
    ...countChart,
    xAxis: { type: 'category', data: stages.map(([name]) => name) },
    series: [
      { name: '按期办结', type: 'bar', stack: 'steps', data: stages.map(([, p]) => n(total[`${p}StepsOnTime`])) },
      { name: '逾期办结', type: 'bar', stack: 'steps', data: stages.map(([, p]) => n(total[`${p}StepsLate`])), itemStyle: { color: '#c0392b' } },
    ],
  };
}
