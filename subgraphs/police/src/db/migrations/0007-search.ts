import { numberKeyMigration } from '@xianjie/subgraph-kit';
import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Finding a case the way people write it (caseSearch, policeCase(caseNumber)): the case
 * number (受案/立案) and the filing number (立案决定书) indexed by their number keys, and the
 * suspects' ID numbers (upper-cased: x and X are one check character) and names.
 */
export const search: Migration = {
  async up(db: Kysely<any>) {
    await numberKeyMigration.up(db);
    await sql`create index police_case_number_key on police_case (xj_number_key(case_number))`.execute(db);
    await sql`create index police_case_filing_number_key on police_case (xj_number_key(filing_number))`.execute(db);
    await sql`create index suspect_id_number on suspect (upper(id_number))`.execute(db);
    await sql`create index suspect_name on suspect (name)`.execute(db);
  },
};
