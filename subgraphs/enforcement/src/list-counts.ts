// Counts at scale (issue 7 item 6): the administrative case list's and the warnings list's
// totalCount from the counters kept with the data (0014-assessment), exact and in the write's
// transaction, instead of counting a million rows. The counters are kept per Beijing month of
// registration; a registeredFrom/To inside a month is answered by the whole months' counters
// and, for the part of a month at each edge, by counting those rows (at most half a month,
// through the registration index of 0016-registered-index).
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { EnforcementDatabase } from './db/database';

export interface CaseCountFilter {
  agencyId?: string | null;
  regionCode?: string | null;
  violationCategory?: string | null;
  procedure?: string | null;
  transferred?: boolean | null;
  registeredFrom?: Date | null;
  registeredTo?: Date | null;
}

/** Counts the listed rows registered in [from, to) under the list's own scope and filter. */
export type CountRows = (from: Date, to: Date) => Promise<number>;

const BEIJING = 8 * 3600_000; // UTC+8 all year

/** The first instant of the Beijing month `at` falls in, and of the month after it. */
function monthAround(at: Date): { floor: Date; ceil: Date } {
  const b = new Date(at.getTime() + BEIJING);
  const floor = new Date(Date.UTC(b.getUTCFullYear(), b.getUTCMonth(), 1) - BEIJING);
  const ceil = new Date(Date.UTC(b.getUTCFullYear(), b.getUTCMonth() + 1, 1) - BEIJING);
  return { floor, ceil };
}

/** The counters' key of a month's first instant: YYYY-MM-01 in Beijing. */
const monthKey = (start: Date) => new Date(start.getTime() + BEIJING).toISOString().slice(0, 10);

/**
 * A bound split into a month boundary the counters answer and the rows between it and the
 * bound, counted with `sign` (+1: add them, −1: take them off): whichever boundary is nearer,
 * so at most half a month of rows is read.
 */
function splitBound(at: Date, side: 'from' | 'to'): { month: Date; edge: [Date, Date] | null; sign: 1 | -1 } {
  const { floor, ceil } = monthAround(at);
  if (at.getTime() === floor.getTime()) return { month: floor, edge: null, sign: 1 };
  const nearerFloor = at.getTime() - floor.getTime() <= ceil.getTime() - at.getTime();
  if (side === 'from') return nearerFloor ? { month: floor, edge: [floor, at], sign: -1 } : { month: ceil, edge: [at, ceil], sign: 1 };
  return nearerFloor ? { month: floor, edge: [floor, at], sign: 1 } : { month: ceil, edge: [at, ceil], sign: -1 };
}

async function sumMeasure(db: Kysely<EnforcementDatabase>, measures: string[], where: ReturnType<typeof sql>): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select coalesce(sum(n), 0)::text as n from assessment_count where measure = any(${sql.val(measures)}::text[]) and ${where}`.execute(db);
  return Number(rows[0]!.n);
}

/**
 * administrativeCases' totalCount for a caller's scope (every case; an agency's own; the
 * published ones for the public) and filter; null when the counters cannot answer it.
 */
export async function countCases(
  db: Kysely<EnforcementDatabase>,
  scope: { agencyId: string | null; publishedOnly: boolean },
  filter: CaseCountFilter | null | undefined,
  countRows: CountRows,
): Promise<number | null> {
  // The public cannot filter by transfer (the @reads rule refuses it first).
  if (scope.publishedOnly && filter?.transferred != null) return null;
  const fromAt = filter?.registeredFrom ? new Date(filter.registeredFrom) : null;
  const toAt = filter?.registeredTo ? new Date(filter.registeredTo) : null;
  if (fromAt && toAt && fromAt >= toAt) return 0;
  const from = fromAt ? splitBound(fromAt, 'from') : null;
  const to = toAt ? splitBound(toAt, 'to') : null;

  const procedures = filter?.procedure ? [filter.procedure] : ['GENERAL', 'SIMPLIFIED'];
  const conditions = [sql`true`];
  if (scope.agencyId) conditions.push(sql`agency_id = ${scope.agencyId}`);
  if (filter?.agencyId) conditions.push(sql`agency_id = ${filter.agencyId}`);
  if (filter?.regionCode) conditions.push(sql`agency_id in (select id from agency where region_code = ${filter.regionCode})`);
  if (filter?.violationCategory) conditions.push(sql`category = ${filter.violationCategory}`);
  if (from) conditions.push(sql`month >= ${monthKey(from.month)}::date`);
  if (to) conditions.push(sql`month < ${monthKey(to.month)}::date`);
  const where = sql.join(conditions, sql` and `);
  const measure = (name: string) => procedures.map((p) => `${name}:${p}`);
  const counted = async () => {
    if (from && to && from.month.getTime() === to.month.getTime()) return 0;
    if (scope.publishedOnly) return sumMeasure(db, measure('LIST_PUBLISHED'), where);
    if (filter?.transferred === true) return sumMeasure(db, measure('LIST_TRANSFERRED'), where);
    const all = await sumMeasure(db, measure('LIST_CASES'), where);
    return filter?.transferred === false ? all - await sumMeasure(db, measure('LIST_TRANSFERRED'), where) : all;
  };
  // Both bounds inside one month round to the same boundary at most (from < to), and then
  // the edges alone give the rows between them.
  const edge = async (bound: ReturnType<typeof splitBound> | null) => (bound?.edge ? bound.sign * await countRows(...bound.edge) : 0);
  const [months, fromEdge, toEdge] = await Promise.all([counted(), edge(from), edge(to)]);
  return months + fromEdge + toEdge;
}

/** supervisionWarnings' totalCount: the open ones, or the closed ones (raised − open), of one agency or all. */
export async function countWarnings(db: Kysely<EnforcementDatabase>, agencyId: string | null, open: boolean): Promise<number> {
  const where = agencyId ? sql`agency_id = ${agencyId}` : sql`true`;
  const stillOpen = await sumMeasure(db, ['LIST_WARNINGS_OPEN'], where);
  return open ? stillOpen : (await sumMeasure(db, ['WARNINGS_RAISED'], where)) - stillOpen;
}
