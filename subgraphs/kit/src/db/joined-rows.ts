import { sql, type AliasedRawBuilder } from 'kysely';

/**
 * A row of another table read in the same statement as the row it belongs to (a case with
 * its decision and transfer): its columns are selected under a prefix (`decisionFineFen`)
 * and taken apart again after, so that what a request needs of one record costs one round
 * trip instead of one per table. Each column keeps its type as the driver parses it.
 */
export interface JoinedTable<T> {
  /** The select list: `alias.column as prefixColumn` for every column. */
  select: AliasedRawBuilder<unknown, string>[];
  /** The joined row out of a result row: null when the join found none (its key column is null). */
  take(row: Record<string, unknown>): T | null;
}

const capitalised = (name: string) => `${name[0]!.toUpperCase()}${name.slice(1)}`;

/**
 * `columns` are every column of the table (camelCase, as Kysely names them); the first is a
 * column that is never null in a row that exists (its key).
 */
export function joinedTable<T>(alias: string, prefix: string, columns: readonly (keyof T & string)[]): JoinedTable<T> {
  const selected = columns.map((column) => [column, `${prefix}${capitalised(column)}`] as const);
  return {
    select: selected.map(([column, as]) => sql.ref(`${alias}.${column}`).as(as)),
    take(row) {
      if (row[selected[0]![1]] === null || row[selected[0]![1]] === undefined) return null;
      const taken: Record<string, unknown> = {};
      for (const [column, as] of selected) taken[column] = row[as];
      return taken as T;
    },
  };
}

/** The columns of a table as a list checked against its type: a column the type has and the list lacks does not compile. */
export const allColumns = <T>() => <const C extends readonly (keyof T & string)[]>(columns: C & ([Exclude<keyof T & string, C[number]>] extends [never] ? unknown : never)) => columns;
