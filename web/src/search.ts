// Finding a case: everything the console knows about searching is in this module. One box,
// the cross-institution caseSearch(text): a chain id, any institution's case or document
// number however its brackets are typed, an ID number, or a person's name, each
// institution answering for its own records by its own rules (README, Finding a case).
import { graphql } from './api';
import { label } from './format';

export interface Hit {
  recordType: string;
  /** The record's own number, or what matched when it has none yet. */
  number: string;
  /** The field that matched (处罚决定书文号, 犯罪嫌疑人姓名 …) and its value. */
  field: string;
  matched: string;
}

/** The chains found, each with the records of it that matched. */
export interface Found {
  chains: { chainId: string; hits: Hit[] }[];
  failure?: string;
  /** Institutions that refused this search (a person searched by a role that may not). */
  refused: string[];
}

const INSTITUTION_HITS = ['enforcementHits', 'policeHits', 'procuratorateHits', 'courtHits'] as const;
const INSTITUTION: Record<(typeof INSTITUTION_HITS)[number], string> = {
  enforcementHits: 'enforcement',
  policeHits: 'police',
  procuratorateHits: 'procuratorate',
  courtHits: 'court',
};

const CASE_SEARCH = `query ConsoleCaseSearch($text: String!) {
  caseSearch(text: $text) {
    kind
    ${INSTITUTION_HITS.map((field) => `${field}(first: 50) { ...Hit }`).join('\n    ')}
  }
}
fragment Hit on SearchHit { field matched recordType number chain { id } }`;

type RawHit = { field: string; matched: string; recordType: string; number: string | null; chain: { id: string } };

export async function findCases(input: string): Promise<Found> {
  const text = input.trim();
  if (!text) return { chains: [], refused: [] };
  const result = await graphql<{ caseSearch: Record<string, RawHit[] | null> }>(CASE_SEARCH, { text });
  const search = result.data?.caseSearch;
  const chains = new Map<string, Hit[]>();
  for (const field of INSTITUTION_HITS) {
    for (const hit of search?.[field] ?? []) {
      const hits = chains.get(hit.chain.id) ?? [];
      hits.push({ recordType: hit.recordType, number: hit.number ?? hit.matched, field: hit.field, matched: hit.matched });
      chains.set(hit.chain.id, hits);
    }
  }
  const refused = INSTITUTION_HITS.filter((field) => result.forbidden.has(`caseSearch.${field}`)).map((field) => label('Institution', INSTITUTION[field]));
  return { chains: [...chains].map(([chainId, hits]) => ({ chainId, hits })), refused, failure: search ? undefined : result.failure };
}
