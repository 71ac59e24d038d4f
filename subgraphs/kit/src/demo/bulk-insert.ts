import { CompiledQuery, sql, type Kysely } from 'kysely';

/**
 * Fast multi-row inserts through Kysely, on PostgreSQL and PGlite alike.
 *
 * Rows are sent column-wise: one parameter per column, each a PostgreSQL array literal,
 * expanded server-side with `unnest`:
 *
 *   insert into t (a, b) select a::bigint, b::timestamptz
 *   from unnest($1::text::text[], $2::text::text[]) as u(a, b)
 *
 * so a statement has as many bind parameters as the table has columns (far under the
 * 65,535 limit) whatever the number of rows, and the server parses arrays instead of the
 * client compiling tens of thousands of placeholders. Parameters are typed `text` (then
 * cast), so both drivers pass them as plain strings. Array columns (text[]) travel as
 * array literals inside the text array and are cast per row.
 *
 * Column names are camelCase in rows and snake_case in SQL (the CamelCasePlugin convention).
 */

export interface BulkInsertOptions {
  /** Rows per statement (default 5,000). */
  chunkSize?: number;
}

const typeCache = new WeakMap<object, Map<string, Map<string, string>>>();

/** snake_case of a camelCase name, as Kysely's CamelCasePlugin makes it. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A value as an element of a PostgreSQL array literal. */
function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'boolean') return value ? 't' : 'f';
  else if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  else if (Array.isArray(value)) text = arrayLiteral(value);
  else text = JSON.stringify(value);
  if (text.indexOf('"') < 0 && text.indexOf('\\') < 0) return `"${text}"`;
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A one-dimensional PostgreSQL array literal: {"a","b",NULL}. */
export function arrayLiteral(values: readonly unknown[]): string {
  let out = '{';
  for (let k = 0; k < values.length; k++) {
    if (k > 0) out += ',';
    out += arrayElement(values[k]);
  }
  return out + '}';
}

async function columnTypes(db: Kysely<any>, table: string): Promise<Map<string, string>> {
  let perDb = typeCache.get(db);
  if (!perDb) typeCache.set(db, (perDb = new Map()));
  const cached = perDb.get(table);
  if (cached) return cached;
  const { rows } = await sql<{ name: string; type: string }>`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
    from pg_attribute a
    where a.attrelid = to_regclass(${table}) and a.attnum > 0 and not a.attisdropped`.execute(db);
  if (rows.length === 0) throw new Error(`bulkInsert: no table ${table}`);
  // The CamelCasePlugin may have camelCased the result keys; read them either way.
  const types = new Map(rows.map((r: any) => [String(r.name), String(r.type)]));
  perDb.set(table, types);
  return types;
}

/**
 * Inserts rows (camelCase keys, all rows with the same keys) into `table` (snake_case name,
 * e.g. 'administrative_case' or camelCase 'administrativeCase'). Returns the number of rows.
 */
export async function bulkInsert(
  db: Kysely<any>,
  table: string,
  rows: readonly object[],
  options: BulkInsertOptions = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const tableName = snakeCase(table);
  const types = await columnTypes(db, tableName);
  const keys = Object.keys(rows[0]!);
  const records = rows as readonly Record<string, unknown>[];
  const columns = keys.map((key) => {
    const name = snakeCase(key);
    const type = types.get(name);
    if (!type) throw new Error(`bulkInsert: ${tableName} has no column ${name}`);
    return { key, name, type };
  });
  const list = columns.map((c) => quoteIdent(c.name)).join(', ');
  const casts = columns.map((c) => (c.type === 'text' ? `u.${quoteIdent(c.name)}` : `u.${quoteIdent(c.name)}::${c.type}`)).join(', ');
  const unnest = columns.map((_, k) => `$${k + 1}::text::text[]`).join(', ');
  const text = `insert into ${quoteIdent(tableName)} (${list}) select ${casts} from unnest(${unnest}) as u(${list})`;
  const chunkSize = options.chunkSize ?? 5000;
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = records.slice(start, start + chunkSize);
    const params = columns.map((c) => {
      const parts = new Array<string>(chunk.length);
      for (let k = 0; k < chunk.length; k++) parts[k] = arrayElement(chunk[k]![c.key]);
      return `{${parts.join(',')}}`;
    });
    await db.executeQuery(CompiledQuery.raw(text, params));
  }
  return rows.length;
}
