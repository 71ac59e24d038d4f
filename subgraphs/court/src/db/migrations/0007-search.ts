import { numberKeyMigration } from '@xianjie/subgraph-kit';
import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Finding a case the way people write it (caseSearch, criminalTrial(caseNumber)): the
 * case number （2024）鄂1202刑初123号 indexed by its number key, and the defendant's name
 * (the court keeps no ID numbers of its own).
 */
export const search: Migration = {
  async up(db: Kysely<any>) {
    await numberKeyMigration.up(db);
    await sql`create index criminal_trial_number_key on criminal_trial (xj_number_key(case_number))`.execute(db);
    // With the id, so the newest trials of a common name come off the index without a sort.
    await sql`create index criminal_trial_defendant_name on criminal_trial (defendant_name, id)`.execute(db);
  },
};
