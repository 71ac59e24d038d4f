// Assessment counters (考核通报, issue 7 items 5–6): figures kept with the data. Each subgraph
// declares, per table, the measures a row contributes (a count and an amount, in the Beijing
// month of the row's own date, under the agency where the case began and its violation
// category); statement-level triggers add what a write adds and take away what it takes away,
// in the write's own transaction, with `insert … on conflict do update set n = n + excluded.n`
// (no read-modify-write: concurrent writes add up exactly). The migration fills the counters
// from the rows already there; the demo and bulk seeds load with the triggers off and count
// once at the end (recomputeAssessmentCounts), which gives the same figures.
import { sql, type Kysely, type Migration } from 'kysely';

/** A measure a row contributes: when `when` holds and `at` is set, one count (and `amount`) in the month of `at`. */
export interface CounterMeasure {
  measure: string;
  when: string;
  at: string;
  amount?: string;
}

/** One table whose rows feed the counters. */
export interface CounterSource {
  table: string;
  /** FROM clause over the table's rows (`rel` is the table or a trigger's transition table), aliased as the measures expect. */
  from: (rel: string) => string;
  agency: string;
  category: string;
  measures: CounterMeasure[];
}

/** The Beijing-time month (UTC+8 all year) of a timestamptz, as the first day of it. */
export const beijingMonth = (at: string) => `(date_trunc('month', (${at} at time zone 'UTC') + interval '8 hours'))::date`;

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Every measure the rows of `rel` contribute, one row each: agency_id, category, measure, month, amount. */
export function measuresOf(source: CounterSource, rel: string): string {
  const values = source.measures
    .map((m) => `(${quote(m.measure)}, (${m.when}) and (${m.at}) is not null, ${beijingMonth(m.at)}, (${m.amount ?? '0'})::bigint)`)
    .join(',\n        ');
  return `select (${source.agency})::text as agency_id, (${source.category})::text as category, m.measure, m.month, m.amount
    from ${source.from(rel)}
    cross join lateral (values
        ${values}) as m(measure, hit, month, amount)
    where m.hit is true`;
}

const UPSERT = `insert into assessment_count as a (agency_id, month, category, measure, n, amount_fen)`;
const ON_CONFLICT = `on conflict (agency_id, month, category, measure) do update set n = a.n + excluded.n, amount_fen = a.amount_fen + excluded.amount_fen`;

function deltaInsert(parts: { rel: string; sign: 1 | -1 }[], source: CounterSource): string {
  const unions = parts
    .map((p) => `select agency_id, category, measure, month, ${p.sign} as n, ${p.sign} * amount as amount from (${measuresOf(source, p.rel)}) x`)
    .join('\n      union all\n      ');
  return `${UPSERT}
    select agency_id, month, category, measure, sum(n)::bigint, sum(amount)::bigint from (
      ${unions}) d
    group by agency_id, month, category, measure
    having sum(n) <> 0 or sum(amount) <> 0
    order by agency_id, month, category, measure
    ${ON_CONFLICT}`;
}

const fn = (table: string) => `assessment_count_${table}`;

/** Creates the counters table, the triggers of every source, and counts the rows already there. */
export function assessmentCountMigration(sources: CounterSource[], extra?: (db: Kysely<any>) => Promise<void>): Migration {
  return {
    async up(db) {
      await sql`create table assessment_count (
        agency_id text not null,
        month date not null,
        category text not null,
        measure text not null,
        n bigint not null,
        amount_fen bigint not null,
        primary key (month, agency_id, category, measure))`.execute(db);
      // The lists' counts (totalCount) read one measure over every month: an index-only scan.
      await sql`create index assessment_count_measure on assessment_count (measure, agency_id, month) include (category, n)`.execute(db);
      await installCounterTriggers(db, sources);
      await extra?.(db);
      await recomputeAssessmentCounts(db, sources);
    },
  };
}

/**
 * (Re)creates each source's trigger function and its three statement-level triggers
 * (after insert, update, delete, with their transition tables). The migration runs it; run it
 * again (with recomputeAssessmentCounts) on a database migrated before the measures changed.
 */
export async function installCounterTriggers(db: Kysely<any>, sources: CounterSource[]): Promise<void> {
  for (const source of sources) {
    const t = source.table;
    await sql.raw(`create or replace function ${fn(t)}() returns trigger language plpgsql as $fn$
      begin
        if tg_op = 'INSERT' then
          ${deltaInsert([{ rel: 'new_rows', sign: 1 }], source)};
        elsif tg_op = 'UPDATE' then
          ${deltaInsert([{ rel: 'new_rows', sign: 1 }, { rel: 'old_rows', sign: -1 }], source)};
        else
          ${deltaInsert([{ rel: 'old_rows', sign: -1 }], source)};
        end if;
        return null;
      end $fn$`).execute(db);
    for (const suffix of ['ins', 'upd', 'del']) await sql.raw(`drop trigger if exists ${t}_count_${suffix} on ${t}`).execute(db);
    await sql.raw(`create trigger ${t}_count_ins after insert on ${t} referencing new table as new_rows for each statement execute function ${fn(t)}()`).execute(db);
    await sql.raw(`create trigger ${t}_count_upd after update on ${t} referencing old table as old_rows new table as new_rows for each statement execute function ${fn(t)}()`).execute(db);
    await sql.raw(`create trigger ${t}_count_del after delete on ${t} referencing old table as old_rows for each statement execute function ${fn(t)}()`).execute(db);
  }
}

/** Counts every row again from scratch (the migration's backfill, and the seeds' single count after loading). */
export async function recomputeAssessmentCounts(db: Kysely<any>, sources: CounterSource[]): Promise<void> {
  // Truncated, not deleted: a million counted rows leave no dead tuples behind (a server without
  // autovacuum would scan them on every read).
  await sql`truncate assessment_count`.execute(db);
  for (const source of sources) {
    await sql.raw(`${UPSERT}
      select agency_id, month, category, measure, count(*)::bigint, coalesce(sum(amount), 0)::bigint
      from (${measuresOf(source, source.table)}) x
      group by agency_id, month, category, measure
      ${ON_CONFLICT}`).execute(db);
  }
}

/**
 * Loads with the counters' triggers off (a seed writes its tables in parallel batches, before
 * the rows a measure joins may be there), then counts everything once. Only for a seed, into
 * an empty database that nothing else writes meanwhile.
 */
export async function withCountsAfterLoad<T>(db: Kysely<any>, sources: CounterSource[], load: () => Promise<T>): Promise<T> {
  const toggle = async (how: 'disable' | 'enable') => {
    for (const { table: t } of sources) {
      for (const suffix of ['ins', 'upd', 'del']) await sql.raw(`alter table ${t} ${how} trigger ${t}_count_${suffix}`).execute(db);
    }
  };
  await toggle('disable');
  try {
    return await load();
  } finally {
    await toggle('enable');
    await recomputeAssessmentCounts(db, sources);
  }
}
