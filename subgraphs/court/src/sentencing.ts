// A judgment's custodial term (有期徒刑 or 拘役, in months) and its fine (罚金) are checked
// against the article of the charge: the ranges are law data in the kit (SENTENCE_RANGES,
// from 刑法). Proportional fines (e.g. Art. 140: 50 %–2× the sales) need amounts the court
// does not hold here and are not checked.
import { badUserInput, GENERAL_SENTENCE as GENERAL, SENTENCE_RANGES, YEARS } from '@xianjie/subgraph-kit';

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
