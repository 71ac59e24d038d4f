// 全面录入、不缺项 (issue 7 item 5): what each stage's record must carry, the article that
// requires it, and the SQL that finds it missing. The counters (counters.ts) count per stage
// the records complete and incomplete and, per item, the records missing it; the API names
// the items with their articles (StageCompleteness).
import type { CounterMeasure } from './counters';

export interface RequiredItem {
  code: string;
  label: string;
  article: string;
  /** SQL over the stage's alias: true when the record lacks the item. */
  missing: string;
}

export interface Stage {
  stage: string;
  label: string;
  /** SQL: the record has reached the stage. */
  applies: string;
  /** SQL: when it did (the month it is counted in). */
  at: string;
  items: RequiredItem[];
}

const blank = (column: string) => `coalesce(btrim(${column}), '') = ''`;
const lacks = (array: string, value: string) => `not (${`'${value}'`} = any(coalesce(${array}, '{}'::text[])))`;

/** The materials a transfer must carry (国务院令第310号 Art. 6 para. 1). */
export const TRANSFER_MATERIAL_ITEMS = [
  ['MOVE_LETTER', '涉嫌犯罪案件移送书', '（一）'],
  ['REPORT', '涉嫌犯罪案件情况的调查报告', '（二）'],
  ['ITEM_LIST', '涉案物品清单', '（三）'],
  ['EXPERT', '有关检验报告或者鉴定结论', '（四）'],
  ['OTHER', '其他有关涉嫌犯罪的材料', '（五）'],
] as const;

export const STAGES = {
  // Enforcement, over administrative_case c.
  REGISTRATION: {
    stage: 'REGISTRATION', label: '立案', applies: 'true', at: 'c.registered_at',
    items: [
      { code: 'FACTS', label: '违法事实', article: '《行政处罚法》第四十条', missing: blank('c.facts') },
      { code: 'PARTY', label: '当事人姓名或者名称', article: '《行政处罚法》第五十九条第一款第（一）项', missing: blank('c.party_name') },
      { code: 'PARTY_ID', label: '当事人身份证件号码或统一社会信用代码', article: '《行政处罚法》第五十九条第一款第（一）项', missing: `length(coalesce(btrim(c.party_id_number), '')) <> 18` },
      { code: 'OFFICERS', label: '执法人员（不少于两人）', article: '《行政处罚法》第四十二条第一款', missing: `coalesce(cardinality(c.officer_ids), 0) < 2` },
    ],
  },
  // Enforcement, over penalty_decision d.
  PENALTY: {
    stage: 'PENALTY', label: '处罚决定', applies: 'true', at: 'd.decided_at',
    items: [
      { code: 'NUMBER', label: '行政处罚决定书文号', article: '《行政处罚法》第五十九条第一款', missing: blank('d.document_number') },
      { code: 'BASIS', label: '行政处罚的依据', article: '《行政处罚法》第五十九条第一款第（三）项', missing: blank('d.legal_basis') },
      { code: 'KIND', label: '行政处罚的种类（罚款或其他处罚）', article: '《行政处罚法》第五十九条第一款第（三）项', missing: `coalesce(d.fine_fen, 0) <= 0 and coalesce(cardinality(d.other_penalties), 0) = 0` },
    ],
  },
  // Enforcement, over case_transfer t (counted when sent).
  TRANSFER: {
    stage: 'TRANSFER', label: '移送', applies: 'true', at: 't.transferred_at',
    items: [
      ...TRANSFER_MATERIAL_ITEMS.map(([code, label, clause]) => ({ code, label, article: `国务院令第310号第六条第一款第${clause}项`, missing: lacks('t.materials', label) })),
      { code: 'APPROVAL', label: '正职负责人批准移送', article: '国务院令第310号第五条', missing: 't.approved_by is null' },
    ],
  },
  // Police, over police_case p.
  FILING: {
    stage: 'FILING', label: '立案审查决定', applies: `p.filing_decision in ('FILED', 'NOT_FILED')`, at: 'p.filing_decided_at',
    items: [
      { code: 'REASON', label: '不予立案的理由', article: '国务院令第310号第八条', missing: `p.filing_decision = 'NOT_FILED' and ${blank('p.filing_reason')}` },
    ],
  },
  // Procuratorate, over prosecution_case r.
  PROSECUTION: {
    stage: 'PROSECUTION', label: '审查起诉决定', applies: `r.decision in ('INDICTED', 'NOT_PROSECUTED')`, at: 'r.decided_at',
    items: [
      { code: 'CHARGES', label: '起诉罪名', article: '《刑事诉讼法》第一百七十六条第一款', missing: `r.decision = 'INDICTED' and coalesce(cardinality(r.charges), 0) = 0` },
      { code: 'OPINION', label: '审查意见', article: '《刑事诉讼法》第一百七十一条', missing: blank('r.review_opinion') },
    ],
  },
  // Court, over criminal_trial j.
  JUDGMENT: {
    stage: 'JUDGMENT', label: '判决', applies: 'j.verdict is not null', at: 'j.judged_at',
    items: [
      { code: 'CHARGES', label: '判决罪名', article: '《刑事诉讼法》第二百条第（一）项', missing: `j.verdict = 'GUILTY' and coalesce(cardinality(j.charges), 0) = 0` },
      { code: 'SENTENCE', label: '刑罚（刑期或罚金）', article: '《刑事诉讼法》第二百条第（一）项', missing: `j.verdict = 'GUILTY' and j.prison_term_months is null and j.fine_fen is null` },
    ],
  },
} satisfies Record<string, Stage>;

export type StageName = keyof typeof STAGES;

/** The counters' measures of a stage: COMPLETE:<stage>, INCOMPLETE:<stage>, MISSING:<stage>:<item>. */
export function completenessMeasures(stage: Stage): CounterMeasure[] {
  const anyMissing = stage.items.map((i) => `(${i.missing})`).join(' or ');
  return [
    { measure: `COMPLETE:${stage.stage}`, when: `(${stage.applies}) and not coalesce(${anyMissing}, false)`, at: stage.at },
    { measure: `INCOMPLETE:${stage.stage}`, when: `(${stage.applies}) and coalesce(${anyMissing}, false)`, at: stage.at },
    ...stage.items.map((i) => ({ measure: `MISSING:${stage.stage}:${i.code}`, when: `(${stage.applies}) and coalesce(${i.missing}, false)`, at: stage.at })),
  ];
}

/** A stage's figures as the API shows them, from the summed measures. */
export function stageCompleteness(stage: Stage, sums: ReadonlyMap<string, { n: number }>) {
  const n = (m: string) => sums.get(m)?.n ?? 0;
  return {
    stage: stage.stage,
    stageLabel: stage.label,
    complete: n(`COMPLETE:${stage.stage}`),
    incomplete: n(`INCOMPLETE:${stage.stage}`),
    missing: stage.items
      .map((i) => ({ item: i.label, article: i.article, count: n(`MISSING:${stage.stage}:${i.code}`) }))
      .filter((m) => m.count > 0),
  };
}
