import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The persons a filing supervision case names, as the documents it received tell them: the
 * party in the agency's 提请立案监督书, the party and suspects in the police's 不立案理由说明书.
 * The case's texts are shown to the agency and oversight with these names masked; until the
 * names are known (null) those texts are withheld from them.
 */
export const supervisionNames: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('filing_supervision').addColumn('person_names', sql`text[]`).execute();
  },
};
