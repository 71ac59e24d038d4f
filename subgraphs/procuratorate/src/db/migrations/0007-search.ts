import { numberKeyMigration } from '@xianjie/subgraph-kit';
import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Finding a case the way people write it (caseSearch, prosecutionCase(caseNumber)): the
 * case number (刑诉, the number the 起诉书 bears) indexed by its number key. Suspects are
 * searched in the police's records, where they are recorded with their ID numbers.
 */
export const search: Migration = {
  async up(db: Kysely<any>) {
    await numberKeyMigration.up(db);
    await sql`create index prosecution_case_number_key on prosecution_case (xj_number_key(case_number))`.execute(db);
  },
};
