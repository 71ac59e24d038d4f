import { sql, type Migration } from 'kysely';

/**
 * Case and document numbers as people write them: full-width or ASCII brackets, 〔〕 or
 * （） or [] around the year, a serial with or without leading zeros, stray spaces:
 * （2024）鄂1202刑初123号, (2024)鄂1202刑初0000123号 and ［2024］鄂1202刑初123号 are one number.
 * The key folds every bracket to ASCII parentheses, drops white space and the leading zeros
 * of the serial (the digits before 号).
 * numberKey() and the SQL function xj_number_key() compute the same key; the lookups
 * compare keys, on an index of the stored numbers' keys.
 */
const OPEN = /[（〔［\[【]/g;
const CLOSE = /[）〕］\]】]/g;

export function numberKey(text: string): string {
  return text
    .normalize('NFKC') // full-width digits and letters to ASCII (NFKC leaves 〔〕 alone)
    .replace(OPEN, '(')
    .replace(CLOSE, ')')
    .replace(/\s+/g, '')
    .replace(/(^|\D)0+(\d+号)/g, '$1$2');
}

/**
 * Creates xj_number_key() in a database; `or replace`, so running it where the function
 * exists already (a database migrated by an earlier version of a search migration) is harmless.
 */
export const numberKeyMigration: Migration = {
  async up(db) {
    await sql`create or replace function xj_number_key(t text) returns text language sql immutable parallel safe as $$
      select regexp_replace(
        regexp_replace(translate(t, '（〔［[【）〕］]】０１２３４５６７８９', '((((()))))0123456789'), '\\s+', '', 'g'),
        '(^|[^0-9])0+([0-9]+号)', '\\1\\2', 'g') $$`.execute(db);
  },
};

/**
 * `xj_number_key(column)` in a Kysely query, compared with numberKey() of what was typed:
 * the expression the search migrations index.
 *
 * @example
 * db.selectFrom('policeCase').selectAll().where(numberKeyOf('caseNumber'), '=', numberKey('咸安公(经)立字[2024]5号'))
 */
export const numberKeyOf = (column: string) => sql<string>`xj_number_key(${sql.ref(column)})`;
