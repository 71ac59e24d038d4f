import type { FieldNode } from 'graphql';
import { badUserInput } from './errors';

export const MAX_PAGE_SIZE = 100;

/** Checks `first`: a page holds 1 to 100 rows. */
export function pageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`, 'first');
  }
  return first;
}

/**
 * Cursors are opaque to clients: base64url of the sort key of the last row seen.
 * Keyset pagination on an indexed key, so page 10,000 costs what page 1 costs.
 */
export function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify({ k: key }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): string | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as { k: unknown }).k === 'string') {
      return (parsed as { k: string }).k;
    }
  } catch {
    // fall through to the client error below
  }
  throw badUserInput(`after is not a valid cursor: "${cursor}"; pass an endCursor or cursor from a previous page`, 'after');
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Builds a connection from `first + 1` rows fetched after the cursor. */
export function toConnection<T>(rows: T[], first: number, keyOf: (row: T) => string): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

/** What a resolver's info says of the fields asked under it (graphql's GraphQLResolveInfo has it). */
export interface FieldsAsked {
  fieldNodes: readonly FieldNode[];
}

/**
 * A connection's totalCount, started beside its page when the query selects it directly
 * (so the two statements run at once on two connections), else counted when resolved.
 */
export function countBesidePage(info: FieldsAsked, count: () => Promise<number>): () => Promise<number> {
  const selected = info.fieldNodes.some((f) => f.selectionSet?.selections.some((s) => s.kind === 'Field' && s.name.value === 'totalCount'));
  if (!selected) return count;
  const started = count();
  started.catch(() => undefined); // a failed page answers first; the count's error is then nobody's
  return () => started;
}
