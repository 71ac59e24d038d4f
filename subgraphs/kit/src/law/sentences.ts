// The statutory sentences of the charges transferred here most often, from 刑法 (the
// consolidated text in shared laws/criminal-law.md): law data, read by the court when it
// checks a judgment (subgraphs/court/src/sentencing.ts) and by the demo generator when it
// makes one. 管制, life imprisonment and death are not recorded by this system.

export interface SentenceRange {
  /** The article as cited: 刑法第一百四十条. */
  article: string;
  /** The shortest custodial term: 拘役 from one month (Art. 42), 有期徒刑 from six months (Art. 45). */
  minMonths: number;
  /** The longest: the top tier's ceiling; "七年以上有期徒刑" ends at fifteen years (Art. 45). */
  maxMonths: number;
  /** A fine alone may be imposed (单处罚金, or "……或者罚金"). */
  fineAlone: boolean;
  /** A fine together with a term is provided for (false where the article reads "……或者罚金"). */
  fineWithTerm: boolean;
  /** Up to this term the fine is 并处或者单处; above it, 并处罚金 (a fine is required). 0: always required. */
  fineOptionalUpToMonths: number;
}

/** Months in n years. */
export const YEARS = (n: number) => n * 12;

const ART_140: SentenceRange = {
  // 拘役 or up to 2 years, 并处或者单处; 2–7, 7+, 15 years or life: 并处罚金.
  article: '刑法第一百四十条', minMonths: 1, maxMonths: YEARS(15), fineAlone: true, fineWithTerm: true, fineOptionalUpToMonths: YEARS(2),
};
const ART_143: SentenceRange = {
  // 拘役 or up to 3 years, 3–7, 7+ or life: always 并处罚金.
  article: '刑法第一百四十三条', minMonths: 1, maxMonths: YEARS(15), fineAlone: false, fineWithTerm: true, fineOptionalUpToMonths: 0,
};
const ART_144: SentenceRange = {
  // Up to 5 years (有期徒刑 only), 5–10, then Art. 141 (10 years or more): always 并处罚金.
  article: '刑法第一百四十四条', minMonths: 6, maxMonths: YEARS(15), fineAlone: false, fineWithTerm: true, fineOptionalUpToMonths: 0,
};
const ART_213: SentenceRange = {
  // Up to 3 years, 并处或者单处; 3–10 years, 并处罚金.
  article: '刑法第二百一十三条', minMonths: 6, maxMonths: YEARS(10), fineAlone: true, fineWithTerm: true, fineOptionalUpToMonths: YEARS(3),
};
const ART_214: SentenceRange = { ...ART_213, article: '刑法第二百一十四条' };
const ART_225: SentenceRange = {
  // 拘役 or up to 5 years, 并处或者单处; 5 years or more, 并处罚金.
  article: '刑法第二百二十五条', minMonths: 1, maxMonths: YEARS(15), fineAlone: true, fineWithTerm: true, fineOptionalUpToMonths: YEARS(5),
};
const ART_336: SentenceRange = {
  // 拘役 or up to 3 years, 并处或者单处; 3–10, 10+ years, 并处罚金.
  article: '刑法第三百三十六条第一款', minMonths: 1, maxMonths: YEARS(15), fineAlone: true, fineWithTerm: true, fineOptionalUpToMonths: YEARS(3),
};
const ART_338: SentenceRange = {
  // 拘役 or up to 3 years, 并处或者单处; 3–7, 7+ years, 并处罚金.
  article: '刑法第三百三十八条', minMonths: 1, maxMonths: YEARS(15), fineAlone: true, fineWithTerm: true, fineOptionalUpToMonths: YEARS(3),
};
const ART_340: SentenceRange = {
  // "处三年以下有期徒刑、拘役、管制或者罚金": a term or a fine, not both.
  article: '刑法第三百四十条', minMonths: 1, maxMonths: YEARS(3), fineAlone: true, fineWithTerm: false, fineOptionalUpToMonths: YEARS(3),
};
const ART_342: SentenceRange = {
  // 拘役 or up to 5 years, 并处或者单处罚金.
  article: '刑法第三百四十二条', minMonths: 1, maxMonths: YEARS(5), fineAlone: true, fineWithTerm: true, fineOptionalUpToMonths: YEARS(5),
};
const ART_343: SentenceRange = {
  // 拘役 or up to 3 years, 并处或者单处; 3–7 years, 并处罚金.
  article: '刑法第三百四十三条第一款', minMonths: 1, maxMonths: YEARS(7), fineAlone: true, fineWithTerm: true, fineOptionalUpToMonths: YEARS(3),
};
const ART_345_1: SentenceRange = {
  // 盗伐: 拘役 or up to 3 years, 并处或者单处; 3–7, 7+ years, 并处罚金.
  article: '刑法第三百四十五条第一款', minMonths: 1, maxMonths: YEARS(15), fineAlone: true, fineWithTerm: true, fineOptionalUpToMonths: YEARS(3),
};
const ART_345_2: SentenceRange = {
  // 滥伐: 拘役 or up to 3 years, 并处或者单处; 3–7 years, 并处罚金.
  article: '刑法第三百四十五条第二款', minMonths: 1, maxMonths: YEARS(7), fineAlone: true, fineWithTerm: true, fineOptionalUpToMonths: YEARS(3),
};

/** By charge (罪名) as judgments name them; 选择性罪名 under each of their names. */
export const SENTENCE_RANGES: ReadonlyMap<string, SentenceRange> = new Map([
  ['生产、销售伪劣产品罪', ART_140], ['生产伪劣产品罪', ART_140], ['销售伪劣产品罪', ART_140],
  ['生产、销售不符合安全标准的食品罪', ART_143], ['生产不符合安全标准的食品罪', ART_143], ['销售不符合安全标准的食品罪', ART_143],
  ['生产、销售有毒、有害食品罪', ART_144], ['生产有毒、有害食品罪', ART_144], ['销售有毒、有害食品罪', ART_144],
  ['假冒注册商标罪', ART_213],
  ['销售假冒注册商标的商品罪', ART_214],
  ['非法经营罪', ART_225],
  ['非法行医罪', ART_336],
  ['污染环境罪', ART_338],
  ['非法捕捞水产品罪', ART_340],
  ['非法占用农用地罪', ART_342],
  ['非法采矿罪', ART_343],
  ['盗伐林木罪', ART_345_1],
  ['滥伐林木罪', ART_345_2],
]);

/** 有期徒刑 ends at fifteen years (刑法 Art. 45); 拘役 starts at one month (Art. 42). */
export const GENERAL_SENTENCE: Omit<SentenceRange, 'article'> = { minMonths: 1, maxMonths: YEARS(15), fineAlone: true, fineWithTerm: true, fineOptionalUpToMonths: YEARS(15) };

