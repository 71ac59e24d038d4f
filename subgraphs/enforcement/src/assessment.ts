// 考核通报 (issue 7 item 5), the agencies' part: the table's rows (one per agency, region,
// category or special campaign, for a month, quarter or year) with the agencies' columns,
// from the counters kept with the data (0014-assessment); the police, procuratorate and
// courts add their columns to the same rows (AssessmentRow is an entity keyed by id).
import {
  amountOf,
  assessmentRowId,
  badUserInput,
  CATEGORY_LABELS,
  countOf,
  createRecord,
  forbidden,
  parseAssessmentRowId,
  periodOf,
  REGION_BY_CODE,
  REGION_OF_AGENCY,
  STAGES,
  stageCompleteness,
  sumCounts,
  SUPERVISING_ROLES,
  type Dimension,
  type Period,
  type SubgraphContext,
  type Sums,
} from '@xianjie/subgraph-kit';
import { sql } from 'kysely';
import type { EnforcementDatabase } from './db/database';
import type { EnforcementLoaders } from './loaders';

type Context = SubgraphContext<EnforcementDatabase, EnforcementLoaders>;

export interface AssessmentRowValue {
  id: string;
  dimension: Dimension;
  key: string;
  label: string;
  agencyId: string | null;
  period: string;
  sums: Sums;
}

/** A special_campaign row (the CamelCasePlugin renames its columns). */
interface CampaignRow { id: string; name: string; categories: string[]; regionCodes: string[]; startsOn: string; endsOn: string }

const CAMPAIGN_COLUMNS = sql`id, name, categories, region_codes, to_char(starts_on, 'YYYY-MM-DD') as starts_on, to_char(ends_on, 'YYYY-MM-DD') as ends_on`;



const regionName = (code: string) => REGION_BY_CODE.get(code)?.name ?? code;

/** Whom the table admits: procurators and the legal-affairs office every row; an agency its own row (by agency). */
function scopeOf(ctx: Context, by: Dimension): string | null {
  if (ctx.viewer.roles.some((r) => SUPERVISING_ROLES.includes(r))) return null;
  if (ctx.viewer.roles.includes('enforcement') && ctx.viewer.org) {
    if (by !== 'AGENCY') throw forbidden('行政执法机关只能查看本机关的考核数据（按机关）');
    return ctx.viewer.org;
  }
  throw forbidden('考核通报只对法制部门、检察机关和行政执法机关（本机关）开放');
}

/** A campaign's rows over a period: its categories and regions, in the months both cover (考核按月统计). */
async function campaignSums(ctx: Context, c: CampaignRow, period: Period): Promise<Sums> {
  const fromMonth = c.startsOn.slice(0, 8) + '01' > period.fromMonth ? c.startsOn.slice(0, 8) + '01' : period.fromMonth;
  const toMonth = c.endsOn.slice(0, 8) + '01' < period.toMonth ? c.endsOn.slice(0, 8) + '01' : period.toMonth;
  if (fromMonth > toMonth) return new Map();
  const where = sql`category = any(${sql.val(c.categories)}::text[]) and (cardinality(${sql.val(c.regionCodes)}::text[]) = 0 or ${sql.raw(REGION_OF_AGENCY)} = any(${sql.val(c.regionCodes)}::text[]))`;
  return (await sumCounts(ctx.db, `'*'`, { fromMonth, toMonth }, where)).get('*') ?? new Map();
}

function addSums(rows: Sums[]): Sums {
  const out: Sums = new Map();
  for (const sums of rows) {
    for (const [m, v] of sums) {
      const had = out.get(m);
      out.set(m, { n: (had?.n ?? 0) + v.n, amount: (had?.amount ?? 0n) + v.amount });
    }
  }
  return out;
}

type TableArgs = { year: number; quarter?: number | null; month?: number | null; by: Dimension; campaignId?: string | null; agencyId?: string | null };

async function assessmentTable(ctx: Context, args: TableArgs) {
  const by = args.by;
  const scope = scopeOf(ctx, by);
  if (scope && args.agencyId && args.agencyId !== scope) throw forbidden('行政执法机关只能查看本机关的考核数据');
  if (args.agencyId && by !== 'AGENCY') throw badUserInput('只有按机关的考核表可以指定机关', 'agencyId');
  const own = scope ?? args.agencyId ?? null;
  const period = periodOf(args.year, args.quarter, args.month);
  const row = (key: string, label: string, sums: Sums | undefined): AssessmentRowValue => ({
    id: assessmentRowId(by, key, period.key), dimension: by, key, label, agencyId: by === 'AGENCY' ? key : null, period: period.key, sums: sums ?? new Map(),
  });
  let rows: AssessmentRowValue[];
  if (by === 'AGENCY') {
    let q = ctx.db.selectFrom('agency').select(['id', 'name']).orderBy('id');
    if (own) q = q.where('id', '=', own);
    const [agencies, sums] = await Promise.all([q.execute(), sumCounts(ctx.db, 'agency_id', period, own ? sql`agency_id = ${own}` : sql`true`)]);
    rows = agencies.map((a) => row(a.id, a.name, sums.get(a.id)));
  } else if (by === 'REGION') {
    const [regions, sums] = await Promise.all([
      ctx.db.selectFrom('agency').select('regionCode').distinct().orderBy('regionCode').execute(),
      sumCounts(ctx.db, REGION_OF_AGENCY, period),
    ]);
    rows = regions.map((r) => row(r.regionCode, regionName(r.regionCode), sums.get(r.regionCode)));
  } else if (by === 'CATEGORY') {
    const sums = await sumCounts(ctx.db, 'category', period);
    rows = Object.entries(CATEGORY_LABELS).map(([code, label]) => row(code, label, sums.get(code)));
  } else {
    const { rows: campaigns } = await sql<CampaignRow>`
      select ${CAMPAIGN_COLUMNS} from special_campaign
      where starts_on <= ${period.to}::date and ends_on >= ${period.from}::date and (${args.campaignId ?? null}::text is null or id = ${args.campaignId ?? null})
      order by starts_on, id`.execute(ctx.db);
    if (args.campaignId && !campaigns.length) throw badUserInput(`专项行动 ${args.campaignId} 不存在或不在${period.label}`, 'campaignId');
    rows = await Promise.all(campaigns.map(async (c) => row(c.id, c.name, await campaignSums(ctx, c, period))));
  }
  const total: AssessmentRowValue = own
    ? rows[0] ?? row(own, own, new Map())  // one agency: its row is the total
    : { ...row('*', '合计', addSums(rows.map((r) => r.sums))), id: assessmentRowId('TOTAL', by, period.key), agencyId: null };
  return { by, period: period.label, from: period.from, to: period.to, rows, total };
}

const n = (measure: string) => (r: AssessmentRowValue) => countOf(r.sums, measure);

export const assessmentResolvers = {
  Query: {
    assessment: (_: unknown, args: TableArgs, ctx: Context) => assessmentTable(ctx, args),
    specialCampaign: async (_: unknown, args: { id: string }, ctx: Context) => {
      const { rows } = await sql<CampaignRow>`select ${CAMPAIGN_COLUMNS} from special_campaign where id = ${args.id}`.execute(ctx.db);
      return rows[0] ?? null;
    },
    specialCampaigns: async (_: unknown, __: unknown, ctx: Context) => {
      const { rows } = await sql<CampaignRow>`select ${CAMPAIGN_COLUMNS} from special_campaign order by starts_on desc, id desc`.execute(ctx.db);
      return rows;
    },
  },
  Mutation: {
    defineSpecialCampaign: async (
      _: unknown,
      args: { input: { name: string; categories: string[]; regionCodes: string[]; startsOn: string; endsOn: string } },
      ctx: Context,
    ) => {
      if (!ctx.viewer.roles.includes('oversight')) throw forbidden('专项行动由法制部门确定');
      const { input } = args;
      const name = input.name.trim();
      if (!name) throw badUserInput('专项行动应当有名称', 'input.name');
      if (!input.categories.length) throw badUserInput('专项行动应当至少包括一个违法类别', 'input.categories');
      const unknown = input.regionCodes.filter((c) => !REGION_BY_CODE.has(c));
      if (unknown.length) throw badUserInput(`行政区划代码 ${unknown.join('、')} 不在本市`, 'input.regionCodes');
      // 考核按月统计: a campaign runs whole months.
      if (!/^\d{4}-\d{2}-01$/.test(input.startsOn)) throw badUserInput('开始日期应为某月1日（考核按月统计）', 'input.startsOn');
      const end = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.endsOn);
      if (!end || Number(end[3]) !== new Date(Date.UTC(Number(end[1]), Number(end[2]), 0)).getUTCDate()) throw badUserInput('结束日期应为某月最后一日（考核按月统计）', 'input.endsOn');
      if (input.endsOn < input.startsOn) throw badUserInput('结束日期早于开始日期', 'input.endsOn');
      const year = input.startsOn.slice(0, 4);
      const id = await createRecord(ctx, { step: 'defineSpecialCampaign', title: '确定专项行动', roles: ['oversight'], article: '《行政处罚法》第七十五条第一款', entity: 'SpecialCampaign' }, async (tx) => {
        const { rows } = await sql<{ id: string }>`
          insert into special_campaign (id, name, categories, region_codes, starts_on, ends_on, defined_by)
          select ${`SC-${year}-`} || lpad((count(*) + 1)::text, 2, '0'), ${name}, ${sql.val([...new Set(input.categories)])}::text[], ${sql.val([...new Set(input.regionCodes)])}::text[],
            ${input.startsOn}::date, ${input.endsOn}::date, ${ctx.viewer.subject}
          from special_campaign where id like ${`SC-${year}-%`}
          returning id`.execute(tx);
        return { id: rows[0]!.id, result: rows[0]!.id };
      });
      const { rows } = await sql<CampaignRow>`select ${CAMPAIGN_COLUMNS} from special_campaign where id = ${id}`.execute(ctx.db);
      return rows[0]!;
    },
  },
  AssessmentRow: {
    // The agencies own the row; a reference comes back only from this subgraph's own table.
    __resolveReference: async (ref: { id: string }, ctx: Context) => {
      const { dimension, key, period } = parseAssessmentRowId(ref.id);
      if (dimension !== 'AGENCY' && dimension !== 'REGION') return null;
      const sums = await sumCounts(ctx.db, dimension === 'AGENCY' ? 'agency_id' : REGION_OF_AGENCY, period, dimension === 'AGENCY' ? sql`agency_id = ${key}` : sql`${sql.raw(REGION_OF_AGENCY)} = ${key}`);
      return { id: ref.id, dimension, key, label: key, agencyId: dimension === 'AGENCY' ? key : null, period: period.key, sums: sums.get(key) ?? new Map() };
    },
    casesRegistered: n('CASES'),
    penalties: n('PENALTIES'),
    fineTotal: (r: AssessmentRowValue) => amountOf(r.sums, 'PENALTIES'),
    transfers: n('TRANSFERS'),
    transferRate: (r: AssessmentRowValue) => {
      const cases = countOf(r.sums, 'CASES');
      return cases ? Math.round((countOf(r.sums, 'TRANSFERS') / cases) * 10000) / 10000 : null;
    },
    warningsRaised: n('WARNINGS_RAISED'),
    warningsResolved: n('WARNINGS_RESOLVED'),
    enforcementStepsOnTime: n('STEPS_ON_TIME'),
    enforcementStepsLate: n('STEPS_LATE'),
    enforcementCompleteness: (r: AssessmentRowValue) => [STAGES.REGISTRATION, STAGES.PENALTY, STAGES.TRANSFER].map((s) => stageCompleteness(s, r.sums)),
  },
};
