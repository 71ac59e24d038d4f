// Counts at scale (issue 7 item 6): the administrative case list's and the warnings list's
// totalCount from the counters kept with the data (0014-assessment), exact and in the write's
// transaction, instead of counting a million rows. A filter the counters cannot answer (a
// registeredFrom/To that is not the start of a Beijing month) is counted from the rows.
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

/** The Beijing month a bound starts, YYYY-MM-01; null when the bound is not a month's first instant (Beijing is UTC+8 all year). */
function monthOf(at: Date): string | null {
  const b = new Date(at.getTime() + 8 * 3600_000);
  if (b.getUTCDate() !== 1 || b.getUTCHours() || b.getUTCMinutes() || b.getUTCSeconds() || b.getUTCMilliseconds()) return null;
  return `${b.getUTCFullYear()}-${String(b.getUTCMonth() + 1).padStart(2, '0')}-01`;
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
export async function countCases(db: Kysely<EnforcementDatabase>, scope: { agencyId: string | null; publishedOnly: boolean }, filter: CaseCountFilter | null | undefined): Promise<number | null> {
  const from = filter?.registeredFrom ? monthOf(new Date(filter.registeredFrom)) : undefined;
  const to = filter?.registeredTo ? monthOf(new Date(filter.registeredTo)) : undefined;
  if (from === null || to === null) return null;
  const procedures = filter?.procedure ? [filter.procedure] : ['GENERAL', 'SIMPLIFIED'];
  const conditions = [sql`true`];
  if (scope.agencyId) conditions.push(sql`agency_id = ${scope.agencyId}`);
  if (filter?.agencyId) conditions.push(sql`agency_id = ${filter.agencyId}`);
  if (filter?.regionCode) conditions.push(sql`agency_id in (select id from agency where region_code = ${filter.regionCode})`);
  if (filter?.violationCategory) conditions.push(sql`category = ${filter.violationCategory}`);
  if (from) conditions.push(sql`month >= ${from}::date`);
  if (to) conditions.push(sql`month < ${to}::date`);
  const where = sql.join(conditions, sql` and `);
  const measure = (name: string) => procedures.map((p) => `${name}:${p}`);
  if (scope.publishedOnly) {
    // The public cannot filter by transfer (the @reads rule refuses it first).
    if (filter?.transferred != null) return null;
    return sumMeasure(db, measure('LIST_PUBLISHED'), where);
  }
  if (filter?.transferred === true) return sumMeasure(db, measure('LIST_TRANSFERRED'), where);
  const all = await sumMeasure(db, measure('LIST_CASES'), where);
  return filter?.transferred === false ? all - await sumMeasure(db, measure('LIST_TRANSFERRED'), where) : all;
}

/** supervisionWarnings' totalCount: the open ones, or the closed ones (raised − open), of one agency or all. */
export async function countWarnings(db: Kysely<EnforcementDatabase>, agencyId: string | null, open: boolean): Promise<number> {
  const where = agencyId ? sql`agency_id = ${agencyId}` : sql`true`;
  const stillOpen = await sumMeasure(db, ['LIST_WARNINGS_OPEN'], where);
  return open ? stillOpen : (await sumMeasure(db, ['WARNINGS_RAISED'], where)) - stillOpen;
}
