// Finding a case. Everything the console knows about searching is in this module: when
// the cross-institution caseSearch(text) query lands, `findCases` becomes one query to it.
// Until then: a chain id (XJ-…), a record id (AC-/TR-/PC-/PR-/CT-…), or a case number of
// any of the four institutions, looked up with the API's lookups; what the signed-in role
// may not see answers as not found, as the API does.
import { graphql } from './api';

export interface Hit {
  chainId: string;
  /** Which record matched, in Chinese (行政案件, 公安案件 …). */
  kind: string;
  number: string;
}

export interface Found {
  hits: Hit[];
  failure?: string;
  /** Searching by a party's name needs caseSearch; said so rather than returning nothing. */
  notice?: string;
}

const KINDS: { field: string; kind: string; idPrefix: string }[] = [
  { field: 'administrativeCase', kind: '行政执法案件', idPrefix: 'AC-' },
  { field: 'policeCase', kind: '公安刑事案件', idPrefix: 'PC-' },
  { field: 'prosecutionCase', kind: '审查起诉案件', idPrefix: 'PR-' },
  { field: 'criminalTrial', kind: '刑事审判案件', idPrefix: 'CT-' },
];

export async function findCases(input: string): Promise<Found> {
  const text = input.trim().replace(/\s+/g, '');
  if (!text) return { hits: [] };
  if (/^XJ-\d+$/i.test(text)) {
    const result = await graphql<{ caseChain: { id: string; administrativeCase: { caseNumber: string } | null } | null }>(
      'query FindChain($id: ID!) { caseChain(id: $id) { id administrativeCase { caseNumber } } }',
      { id: text.toUpperCase() },
    );
    const chain = result.data?.caseChain;
    return { hits: chain ? [{ chainId: chain.id, kind: '衔接案件', number: chain.id }] : [], failure: result.data ? undefined : result.failure };
  }
  if (/^TR-\d+$/i.test(text)) {
    const result = await graphql<{ caseTransfer: { chain: { id: string } } | null }>('query FindTransfer($id: ID!) { caseTransfer(id: $id) { chain { id } } }', { id: text.toUpperCase() });
    const transfer = result.data?.caseTransfer;
    return { hits: transfer ? [{ chainId: transfer.chain.id, kind: '移送', number: text.toUpperCase() }] : [], failure: result.data ? undefined : result.failure };
  }
  const byId = KINDS.find((k) => text.toUpperCase().startsWith(k.idPrefix) && /^[A-Z]{2}-\d+$/i.test(text));
  const argument = byId ? 'id' : 'caseNumber';
  const value = byId ? text.toUpperCase() : text;
  const lookups = (byId ? [byId] : KINDS).map((k) => `${k.field}(${argument}: $value) { caseNumber chain { id } }`);
  const result = await graphql<Record<string, { caseNumber: string | null; chain: { id: string } } | null>>(
    `query FindCase($value: ${byId ? 'ID' : 'String'}!) { ${lookups.join(' ')} }`,
    { value },
  );
  const hits = (byId ? [byId] : KINDS).flatMap((k) => {
    const record = result.data?.[k.field];
    return record ? [{ chainId: record.chain.id, kind: k.kind, number: record.caseNumber ?? value }] : [];
  });
  const notice = hits.length === 0 && !/\d/.test(text) ? '按当事人名称检索将随跨机关检索功能（caseSearch）提供；目前请输入衔接编号或任一机关的案件编号。' : undefined;
  return { hits, notice, failure: result.data ? undefined : result.failure };
}
