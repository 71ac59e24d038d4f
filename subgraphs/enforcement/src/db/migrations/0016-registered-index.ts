import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Cases in registration order, carrying the columns a case list filters on: a list with
 * registeredFrom/To is read down it (newest first, (registered_at, id) in the cursor), and
 * the part of a month at the edge of such a filter is counted from it alone (list-counts.ts;
 * the whole months come from the counters of 0014-assessment).
 */
export const registeredIndex: Migration = {
  async up(db: Kysely<any>) {
    await sql`create index case_registered_idx on administrative_case (registered_at, id) include (agency_id, violation_category, procedure)`.execute(db);
  },
};
