import { numberKeyMigration } from '@xianjie/subgraph-kit';
import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Finding a case the way people write it (caseSearch, administrativeCase(caseNumber)):
 * every number the agency stores — the case number, the penalty decision's number, the
 * transfer's (涉嫌犯罪案件移送书, in the outbox document) — indexed by its number key, and
 * the party's ID number (upper-cased: x and X are one check character) and name.
 */
export const search: Migration = {
  async up(db: Kysely<any>) {
    await numberKeyMigration.up(db);
    await sql`create index administrative_case_number_key on administrative_case (xj_number_key(case_number))`.execute(db);
    await sql`create index penalty_decision_number_key on penalty_decision (xj_number_key(document_number))`.execute(db);
    await sql`create index handoff_outbox_transfer_number_key on handoff_outbox (xj_number_key(document->>'number')) where kind = 'CASE_TRANSFER'`.execute(db);
    await sql`create index administrative_case_party_id on administrative_case (upper(party_id_number))`.execute(db);
    // With the id, so the newest cases of a common name come off the index without a sort.
    await sql`create index administrative_case_party_name on administrative_case (party_name, id)`.execute(db);
  },
};
