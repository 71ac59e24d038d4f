// Reading the assessment counters (考核通报): periods, row ids, and the sums of a period by
// agency, region or in total, one statement per (dimension, period) however many rows a
// request resolves. Each subgraph answers its own columns of an AssessmentRow from its own
// counters; the row's id says what it stands for: dimension:key:period.
import { sql, type Kysely } from 'kysely';
import { badUserInput } from '../graphql/errors';
import type { SubgraphContext } from '../subgraph/subgraph-module';
import { STAGES, stageCompleteness, type StageName } from './stages';

export type Dimension = 'AGENCY' | 'REGION' | 'CATEGORY' | 'CAMPAIGN';

export interface Period {
  /** 2026, 2026-Q1, 2026-03. */
  key: string;
  /** 2026年, 2026年第一季度, 2026年3月. */
  label: string;
  /** First month (YYYY-MM-01) and last month counted. */
  fromMonth: string;
  toMonth: string;
  /** First and last day, YYYY-MM-DD (Beijing). */
  from: string;
  to: string;
}

const QUARTER_NAMES = ['一', '二', '三', '四'];
const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export function periodOf(year: number, quarter?: number | null, month?: number | null): Period {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badUserInput('考核年度应为2000至2100年', 'year');
  if (quarter != null && month != null) throw badUserInput('季度和月份只能给一个', 'quarter');
  let first = 1;
  let last = 12;
  let key = String(year);
  let label = `${year}年`;
  if (quarter != null) {
    if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw badUserInput('季度应为1至4', 'quarter');
    first = quarter * 3 - 2;
    last = quarter * 3;
    key = `${year}-Q${quarter}`;
    label = `${year}年第${QUARTER_NAMES[quarter - 1]}季度`;
  } else if (month != null) {
    if (!Number.isInteger(month) || month < 1 || month > 12) throw badUserInput('月份应为1至12', 'month');
    first = last = month;
    key = `${year}-${pad(month)}`;
    label = `${year}年${month}月`;
  }
  return {
    key, label,
    fromMonth: `${year}-${pad(first)}-01`, toMonth: `${year}-${pad(last)}-01`,
    from: `${year}-${pad(first)}-01`, to: `${year}-${pad(last)}-${pad(lastDay(year, last))}`,
  };
}

export function parsePeriod(key: string): Period {
  const m = /^(\d{4})(?:-Q([1-4])|-(\d{2}))?$/.exec(key);
  if (!m) throw badUserInput(`考核期间「${key}」不可识别`, 'id');
  return periodOf(Number(m[1]), m[2] ? Number(m[2]) : null, m[3] ? Number(m[3]) : null);
}

/** A row's id: AGENCY:AG-421202-SCJG:2026-03; the total of a table: TOTAL:<dimension>:<period>. */
export const assessmentRowId = (dimension: Dimension | 'TOTAL', key: string, period: string) => `${dimension}:${key}:${period}`;

export function parseAssessmentRowId(id: string): { dimension: Dimension | 'TOTAL'; key: string; period: Period } {
  const first = id.indexOf(':');
  const last = id.lastIndexOf(':');
  const dimension = id.slice(0, first) as Dimension | 'TOTAL';
  if (first < 0 || last <= first || !['AGENCY', 'REGION', 'CATEGORY', 'CAMPAIGN', 'TOTAL'].includes(dimension)) throw badUserInput(`考核行「${id}」不可识别`, 'id');
  return { dimension, key: id.slice(first + 1, last), period: parsePeriod(id.slice(last + 1)) };
}

/** Summed measures: measure → count and amount (fen). */
export type Sums = Map<string, { n: number; amount: bigint }>;

/** The agency's region, as its id carries it (AG-<region>-<kind>). */
export const REGION_OF_AGENCY = `split_part(agency_id, '-', 2)`;

/** The counters of the months [fromMonth, toMonth], summed per key (an SQL expression over assessment_count), with an optional filter. */
export async function sumCounts(db: Kysely<any>, keyExpr: string, period: Pick<Period, 'fromMonth' | 'toMonth'>, where = sql`true`): Promise<Map<string, Sums>> {
  const { rows } = await sql<{ key: string; measure: string; n: string; amount: string }>`
    select ${sql.raw(keyExpr)} as key, measure, sum(n)::text as n, sum(amount_fen)::text as amount
    from assessment_count
    where month >= ${period.fromMonth}::date and month <= ${period.toMonth}::date and ${where}
    group by 1, 2`.execute(db);
  const out = new Map<string, Sums>();
  for (const r of rows) {
    let sums = out.get(r.key);
    if (!sums) out.set(r.key, (sums = new Map()));
    sums.set(r.measure, { n: Number(r.n), amount: BigInt(r.amount) });
  }
  return out;
}

export const countOf = (sums: Sums | null | undefined, measure: string): number => sums?.get(measure)?.n ?? 0;
export const amountOf = (sums: Sums | null | undefined, measure: string): bigint => sums?.get(measure)?.amount ?? 0n;

/** What a downstream institution resolves for a row: its sums, or null when it cannot attribute the row (by category or campaign). */
export interface ContributedRow { id: string; agencyId: string | null; sums: Sums | null }

const requestCache = new WeakMap<object, Map<string, Promise<Map<string, Sums>>>>();

/**
 * Resolves a reference to an AssessmentRow from this institution's counters, which know the
 * agency of every case (not its violation category): AGENCY, REGION and TOTAL rows (of an
 * AGENCY or REGION table) are answered; CATEGORY and CAMPAIGN rows are null here. One
 * statement per dimension and period per request.
 */
export async function contributedRow(ref: { id: string }, ctx: SubgraphContext<any, any>): Promise<ContributedRow> {
  const { dimension, key, period } = parseAssessmentRowId(ref.id);
  const agencyId = dimension === 'AGENCY' ? key : null;
  const totalOf = dimension === 'TOTAL' ? key : null;
  if (dimension === 'CATEGORY' || dimension === 'CAMPAIGN' || totalOf === 'CATEGORY' || totalOf === 'CAMPAIGN') return { id: ref.id, agencyId, sums: null };
  let cache = requestCache.get(ctx);
  if (!cache) requestCache.set(ctx, (cache = new Map()));
  const keyExpr = dimension === 'AGENCY' ? 'agency_id' : dimension === 'REGION' ? REGION_OF_AGENCY : `'*'`;
  const cacheKey = `${keyExpr}|${period.key}`;
  let found = cache.get(cacheKey);
  if (!found) cache.set(cacheKey, (found = sumCounts(ctx.db, keyExpr, period)));
  const all = await found;
  return { id: ref.id, agencyId, sums: all.get(dimension === 'TOTAL' ? '*' : key) ?? new Map() };
}

/** A counted column of a contributed row: null when the institution cannot attribute the row. */
export const contributedCount = (measure: string) => (row: ContributedRow) => (row.sums ? countOf(row.sums, measure) : null);

/** A stage's completeness for a contributed row. */
export const contributedCompleteness = (...stages: StageName[]) => (row: ContributedRow) =>
  row.sums ? stages.map((s) => stageCompleteness(STAGES[s], row.sums!)) : null;
