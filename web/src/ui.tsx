// Small pieces every view uses: a value that may be restricted, a failure banner, links.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { graphql, pathKey, type Result } from './api';

/** True when the gateway refused this path, or a record above it (its whole stage). */
export function isForbidden(result: Result<unknown>, path: readonly (string | number)[]): boolean {
  for (let i = path.length; i > 0; i--) if (result.forbidden.has(pathKey(path.slice(0, i)))) return true;
  return false;
}

/** The mark for a field the signed-in role may not see: never a blank. */
export const Restricted = () => (
  <span class="restricted" title="您的角色无权查看此项内容">
    无权查看
  </span>
);

/**
 * A value at a path of the response: 无权查看 when the gateway refused it, `empty`
 * (e.g. 尚未决定) when it is legitimately null, otherwise the value as `show` writes it.
 */
export function Value<T>(props: { result: Result<unknown>; path: (string | number)[]; value: T | null | undefined; show?: (value: T) => ComponentChildren; empty?: string }) {
  if (isForbidden(props.result, props.path)) return <Restricted />;
  const { value } = props;
  if (value == null || (Array.isArray(value) && value.length === 0) || value === '') return <span class="empty">{props.empty ?? '无'}</span>;
  return <>{props.show ? props.show(value) : String(value)}</>;
}

/** A term and its value, in a definition list. */
export const Item = (props: { term: string; children: ComponentChildren }) => (
  <div class="item">
    <dt>{props.term}</dt>
    <dd>{props.children}</dd>
  </div>
);

export const Failure = (props: { message?: string }) =>
  props.message ? (
    <p class="failure" role="alert">
      {props.message}
    </p>
  ) : null;

export const chainHref = (id: string) => `#/chain/${encodeURIComponent(id)}`;

/** A page of a paginated list, as every list field of the API gives it. */
export interface Connection<T> {
  totalCount: number;
  edges: { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * A list read page by page, again from the first page when `deps` change: the items loaded
 * so far, the last page (its totalCount), the failure, and `more` while there is a next page.
 */
export function usePages<T>(fetchPage: (after: string | null) => Promise<{ page?: Connection<T> | null; failure?: string }>, deps: unknown[]) {
  const [items, setItems] = useState<T[]>();
  const [page, setPage] = useState<Connection<T>>();
  const [failure, setFailure] = useState<string>();
  const load = async (after: string | null, previous: T[]) => {
    const result = await fetchPage(after);
    setFailure(result.failure);
    if (result.page) {
      setPage(result.page);
      setItems([...previous, ...result.page.edges.map((e) => e.node)]);
    }
  };
  useEffect(() => {
    void load(null, []);
  }, deps);
  const more = page?.pageInfo.hasNextPage ? () => void load(page.pageInfo.endCursor, items ?? []) : undefined;
  return { items, setItems, page, failure, more };
}

/** 加载更多, while a list has a next page. */
export const More = (props: { more?: () => void; children?: ComponentChildren }) =>
  props.more ? (
    <button type="button" onClick={props.more}>
      {props.children ?? '加载更多'}
    </button>
  ) : null;

const UNITS = 'query ConsoleUnits { agencies { id name } policeBureaus { code name } procuratorates { code name } courts { code name } }';
type Units = { agencies: { id: string; name: string }[] } & Record<'policeBureaus' | 'procuratorates' | 'courts', { code: string; name: string }[]>;
let units: Promise<Record<string, string>> | undefined;

/** Every unit's name by its code (agencies, bureaus, procuratorates, courts: public), read once. */
export function useUnitNames(): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  useEffect(() => {
    units ??= graphql<Units>(UNITS, {}, { anonymous: true }).then((r) =>
      r.data
        ? Object.fromEntries([
            ...r.data.agencies.map((a) => [a.id, a.name]),
            ...[...r.data.policeBureaus, ...r.data.procuratorates, ...r.data.courts].map((u) => [u.code, u.name]),
          ])
        : ((units = undefined), {}),
    );
    void units.then(setNames);
  }, []);
  return names;
}

/** A unit as `咸宁市咸安区人民检察院（PP-421202）`, or its code where its name is not known. */
export const unitName = (names: Record<string, string>, code: string | null | undefined) => (code ? (names[code] ? `${names[code]}（${code}）` : code) : '');
