import { Kind, type FieldDefinitionNode, type GraphQLResolveInfo } from 'graphql';
import { isValidCreditCode, isValidResidentId } from '../demo/identity-codes';
import { badUserInput } from '../graphql/errors';
import { ID_PREFIX } from '../graphql/ids';
import { pageSize } from '../graphql/pagination';
import { numberKey } from './number-key';

/**
 * What a person typed into the one search box, read once for the four institutions:
 * - CHAIN: a linkage number (衔接编号), XJ-0000005 (XJ-5 and xj-5 too);
 * - IDENTITY: an 18-character 身份证号 (GB 11643) or 统一社会信用代码 (GB 32100) whose check
 *   character holds, upper-cased (a lower-case x is the same ID number);
 * - NUMBER: a case or document number, anything else with a digit in it, compared by its
 *   numberKey() (brackets, spaces and the serial's padding do not matter);
 * - NAME: a person's or an organisation's name, white space dropped.
 * Each subgraph's search field declares with `@searches` which of its fields it compares
 * for each kind; identities and names are searched only by whoever reads them in full.
 */
export type SearchTextKind = 'CHAIN' | 'IDENTITY' | 'NUMBER' | 'NAME';

export interface SearchText {
  kind: SearchTextKind;
  /** What is compared: the chain id, the upper-cased ID number, the number's key, or the name. */
  value: string;
}

/** How the search field's `@searches` directive names each kind's list of paths. */
export const SEARCH_KIND_ARGUMENT: Record<SearchTextKind, 'chain' | 'identity' | 'number' | 'name'> = {
  CHAIN: 'chain', IDENTITY: 'identity', NUMBER: 'number', NAME: 'name',
};

/** What a refusal calls each kind, in the words of the people who search. */
export const SEARCH_KIND_TITLE: Record<SearchTextKind, string> = {
  CHAIN: '衔接编号', IDENTITY: '身份证号或统一社会信用代码', NUMBER: '案号或文号', NAME: '姓名或名称',
};

/** The longest text read (a court number with its brackets is ~20 characters, a company name ~60). */
export const MAX_SEARCH_TEXT = 100;

const CHAIN = new RegExp(`^${ID_PREFIX.chain}-(\\d{1,7})$`);

export function readSearchText(text: string): SearchText {
  const folded = text.normalize('NFKC').replace(/\s+/g, '');
  if (folded.length === 0) throw badUserInput('text is empty: type a case or document number, a name, an ID number or a chain id', 'text');
  if (folded.length > MAX_SEARCH_TEXT) throw badUserInput(`text is longer than ${MAX_SEARCH_TEXT} characters`, 'text');
  const upper = folded.toUpperCase();
  const chain = CHAIN.exec(upper);
  if (chain) return { kind: 'CHAIN', value: `${ID_PREFIX.chain}-${chain[1]!.padStart(7, '0')}` };
  if (upper.length === 18 && (isValidResidentId(upper) || isValidCreditCode(upper))) return { kind: 'IDENTITY', value: upper };
  if (/\d/.test(folded)) return { kind: 'NUMBER', value: numberKey(folded) };
  return { kind: 'NAME', value: folded };
}

/** What a subgraph's search finds: a record, the declared path that matched it, and the row its rules read. */
export interface SearchHitRow {
  /** One of the paths the field's `@searches` declares for the text's kind, e.g. PoliceCase.suspects.idNumber. */
  path: string;
  /** The record's row as its @access rules read it (agencyId, published, effective …). */
  row: object;
  chain: { id: string } & Record<string, unknown>;
  field: string;
  matched: string;
  recordType: string;
  recordId: string;
  number: string | null;
}

/** The paths a field's `@searches` directive declares, by kind of text; undefined without one. */
export function searchPaths(field: FieldDefinitionNode | null | undefined): Partial<Record<SearchTextKind, string[]>> | undefined {
  const directive = field?.directives?.find((d) => d.name.value === 'searches');
  if (!directive) return undefined;
  const paths: Partial<Record<SearchTextKind, string[]>> = {};
  for (const kind of Object.keys(SEARCH_KIND_ARGUMENT) as SearchTextKind[]) {
    const value = directive.arguments?.find((a) => a.name.value === SEARCH_KIND_ARGUMENT[kind])?.value;
    paths[kind] = value?.kind === Kind.LIST ? value.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : [];
  }
  return paths;
}

/** Finds the records whose field at one declared path matches the text's value, at most `limit`. */
export type SearchFinder<C> = (value: string, limit: number, context: C) => Promise<Omit<SearchHitRow, 'path'>[]>;

/** Where the access layer hands a search resolver the paths the caller may search (those it may read in full). */
export const SEARCHED_PATHS = Symbol('searched paths');

/**
 * The resolver of a search field: runs the finder of every path its `@searches` declares
 * for the text's kind that the access layer lets the caller search (it keeps, of what they
 * find, only the records the caller may read), each record once, at most `first` hits. A
 * declared path without a finder, or a finder of an undeclared path, fails at the first search.
 */
export function searchResolver<C>(finders: Record<string, SearchFinder<C>>) {
  return async (
    parent: { text: string; [SEARCHED_PATHS]?: string[] }, args: { first?: number | null }, context: C, info: GraphQLResolveInfo,
  ): Promise<SearchHitRow[]> => {
    const first = pageSize(args.first ?? DEFAULT_SEARCH_HITS);
    const declared = searchPaths(info.parentType.getFields()[info.fieldName]?.astNode) ?? {};
    const all = Object.values(declared).flat();
    const stray = Object.keys(finders).filter((path) => !all.includes(path));
    const missing = all.filter((path) => !finders[path]);
    if (stray.length || missing.length) throw new Error(`${info.parentType.name}.${info.fieldName}: @searches and the finders differ (${[...stray, ...missing].join(', ')})`);
    const text = readSearchText(parent.text);
    const searched = (declared[text.kind] ?? []).filter((path) => parent[SEARCHED_PATHS]?.includes(path) ?? false);
    const found = await Promise.all(
      searched.map(async (path) => (await finders[path]!(text.value, first, context)).map((hit) => ({ ...hit, path }))),
    );
    // A record found by two paths (a number that is both its case and its filing number) is one hit, by the first.
    const seen = new Set<string>();
    return found.flat().filter((hit) => !seen.has(`${hit.recordType}:${hit.recordId}`) && seen.add(`${hit.recordType}:${hit.recordId}`)).slice(0, first);
  };
}

/** How many hits a search field answers unless asked for another number (at most MAX_PAGE_SIZE). */
export const DEFAULT_SEARCH_HITS = 20;
