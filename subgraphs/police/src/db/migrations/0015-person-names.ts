import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The persons a police case names before any suspect is recorded: the party of the
 * transfer, when a person (涉嫌犯罪案件移送书, 国务院令第310号 Art. 6). The texts of a
 * refused case (不立案理由说明书, the procuratorate's request) name them, and are shown to
 * the agency and oversight with these names masked. Kept transfers fill it in.
 */
export const personNames: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('police_case').addColumn('party_person_names', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`)).execute();
    await sql`
      update police_case p set party_person_names = array[d.document #>> '{content,party,name}']
      from handoff_inbox d
      where d.id = 'CASE_TRANSFER:' || p.transfer_id and d.document #>> '{content,party,kind}' = 'PERSON'`.execute(db);
  },
};
