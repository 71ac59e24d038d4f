import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The persons a 检察意见 names (the suspects not prosecuted), carried by the opinion's
 * document, so that the opinion's text can be shown with their names masked to those the
 * identity rule does not admit (PERMISSIONS.md). Null for an opinion received before: its
 * text is withheld from them, since the persons it may name are not known.
 */
export const opinionSuspectNames: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('procuratorial_opinion').addColumn('suspect_names', sql`text[]`).execute();
  },
};
