import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Cases by registration instant, carrying the columns a case list filters on, so that the
 * part of a month at the edge of a registeredFrom/To filter is counted from this index alone
 * (list-counts.ts; the whole months come from the counters of 0014-assessment).
 */
export const registeredIndex: Migration = {
  async up(db: Kysely<any>) {
    await sql`create index case_registered_idx on administrative_case (registered_at) include (agency_id, violation_category, procedure)`.execute(db);
  },
};
