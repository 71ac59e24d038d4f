// The statutory sentences of the charges transferred here most often, from 刑法 (the
// consolidated text in shared laws/criminal-law.md). A judgment's custodial term
// (有期徒刑 or 拘役, in months) and its fine (罚金) are checked against the article of the
// charge. Proportional fines (e.g. Art. 140: 50 %–2× the sales) need amounts the court
// does not hold here and are not checked; 管制, life imprisonment and death are not
// recorded by this system.
import { badUserInput } from '@xianjie/subgraph-kit';

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

const YEARS = (n: number) => n * 12;

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
const GENERAL: Omit<SentenceRange, 'article'> = { minMonths: 1, maxMonths: YEARS(15), fineAlone: true, fineWithTerm: true, fineOptionalUpToMonths: YEARS(15) };

const months = (n: number) => (n % 12 === 0 ? `${n / 12}年` : n > 12 ? `${Math.floor(n / 12)}年${n % 12}个月` : `${n}个月`);

/**
 * Checks a guilty verdict's punishment against the charges: a term and/or a fine (else
 * 免予刑事处罚, Art. 37), inside the article's range; for several charges, the combined
 * term under 刑法 Art. 69. Throws BAD_USER_INPUT citing the article.
 */
export function checkSentence(charges: string[], termMonths: number | null, fineFen: bigint | null): void {
  if (!termMonths && !fineFen) {
    throw badUserInput('有罪判决应当判处刑罚（有期徒刑、拘役或者罚金）；犯罪情节轻微不需要判处刑罚的，应当判决免予刑事处罚（刑法第三十七条）', 'input');
  }
  if (charges.length > 1) {
    // 刑法 Art. 69: below the sum of the terms, not above 20 years (sum under 35 years) or 25.
    const sum = charges.reduce((total, c) => total + (SENTENCE_RANGES.get(c)?.maxMonths ?? GENERAL.maxMonths), 0);
    const cap = Math.min(sum, sum < YEARS(35) ? YEARS(20) : YEARS(25));
    if (termMonths && termMonths > cap) {
      throw badUserInput(`数罪并罚，有期徒刑最高不能超过${months(cap)}（刑法第六十九条），判处${months(termMonths)}超出此限`, 'input.prisonTermMonths');
    }
    return;
  }
  const charge = charges[0]!;
  const known = SENTENCE_RANGES.get(charge);
  const range = known ?? { ...GENERAL, article: '刑法第四十二条、第四十五条' };
  const what = known ? `${charge}的法定刑（${range.article}）` : `拘役、有期徒刑的期限（${range.article}）`;
  if (termMonths && (termMonths < range.minMonths || termMonths > range.maxMonths)) {
    throw badUserInput(`判处${months(termMonths)}超出${what}：刑期应在${months(range.minMonths)}以上${months(range.maxMonths)}以下`, 'input.prisonTermMonths');
  }
  if (!termMonths && !range.fineAlone) {
    throw badUserInput(`${charge}不能单处罚金，应当判处有期徒刑或者拘役并处罚金（${range.article}）`, 'input.prisonTermMonths');
  }
  if (termMonths && fineFen && !range.fineWithTerm) {
    throw badUserInput(`${charge}处有期徒刑、拘役、管制或者罚金，不能既判处刑期又判处罚金（${range.article}）`, 'input.fineAmount');
  }
  if (termMonths && !fineFen && range.fineWithTerm && termMonths > range.fineOptionalUpToMonths) {
    const when = range.fineOptionalUpToMonths === 0 ? '' : `判处刑期超过${months(range.fineOptionalUpToMonths)}的，`;
    throw badUserInput(`${charge}${when}应当并处罚金（${range.article}）`, 'input.fineAmount');
  }
}
