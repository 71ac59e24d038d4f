import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The suspects' names on each prosecution case, so that the texts naming them (the
 * procuratorial opinion of a reverse transfer) can be masked for those who may not see
 * them. Cases from before are left null: their texts are withheld from those callers.
 */
export const suspectNames: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('prosecution_case').addColumn('suspect_names', sql`text[]`).execute();
  },
};
