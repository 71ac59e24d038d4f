/**
 * The criminal prosecution thresholds (立案追诉标准) an administrative case is measured
 * against, as data: the offence and its 刑法 article, the violation categories and the kind
 * of conduct it applies to, the fact it tests and the figure, and the interpretation article
 * that sets it (checked against shared/laws/interpretation-*.md). A case that meets one and
 * was not transferred is a 以罚代刑 warning (行政处罚法 Art. 27; 国务院令第310号 Art. 3).
 *
 * The enforcement subgraph keeps the catalogue in its database (versioned; a change
 * re-evaluates every case); this is version 1, written by its 0010 migration.
 */

/**
 * The facts a criterion tests, in the case's own columns: AMOUNT 涉案金额 (the value, the
 * loss, the 非法经营数额, as the criterion names it), SALES 销售金额 (the sales entered, else
 * the 涉案金额), GAINS 违法所得, UNSOLD_VALUE 尚未销售的货值金额, QUANTITY 数量 in the
 * criterion's unit. Money figures are fen.
 */
export type ThresholdFact = 'AMOUNT' | 'SALES' | 'GAINS' | 'UNSOLD_VALUE' | 'QUANTITY';

export interface ThresholdCriterion {
  id: string;
  /** 罪名 and its article, e.g. 盗伐林木罪, 刑法第三百四十五条第一款. */
  offence: string;
  criminalArticle: string;
  /** The violation categories (ViolationCategory) it measures. */
  categories: readonly string[];
  /** The kind of conduct it applies to (盗伐 / 滥伐, 公益林地 / 商品林地 …); null: any. */
  conduct: string | null;
  /** Applies also where the case does not record its conduct (the lower bar of the offence). */
  presumed: boolean;
  /** The fact tested and the figure it must reach; null fact: prior penalties alone. */
  fact: ThresholdFact | null;
  /** What the fact is called in this criterion, e.g. 价值, 销售金额, 立木蓄积. */
  factLabel: string | null;
  unit: string | null;
  figure: string | null;
  /** Prior administrative penalties of the same party (ID number or credit code), in the categories, within the months (null: ever). */
  priorPenalties: number | null;
  priorMonths: number | null;
  /** The criterion as the interpretation words it, and its article. */
  text: string;
  basis: string;
}

const yuan = (n: number) => String(n * 100);
const c = (x: Partial<ThresholdCriterion> & Pick<ThresholdCriterion, 'id' | 'offence' | 'criminalArticle' | 'categories' | 'text' | 'basis'>): ThresholdCriterion => ({
  conduct: null, presumed: false, fact: null, factLabel: null, unit: null, figure: null, priorPenalties: null, priorMonths: null, ...x,
});

const POLLUTION = { offence: '污染环境罪', criminalArticle: '刑法第三百三十八条' } as const;
const POLLUTION_BASIS = '《最高人民法院、最高人民检察院关于办理环境污染刑事案件适用法律若干问题的解释》（2023年）第一条';
const FISHING = { offence: '非法捕捞水产品罪', criminalArticle: '刑法第三百四十条', categories: ['ILLEGAL_FISHING'] } as const;
const FISHING_BASIS = '《最高人民法院、最高人民检察院关于办理破坏野生动物资源刑事案件适用法律若干问题的解释》（2022年）第三条第一款第（一）项';
const FOREST = '《最高人民法院关于审理破坏森林资源刑事案件适用法律若干问题的解释》（2023年）';
const THEFT = { offence: '盗伐林木罪', criminalArticle: '刑法第三百四十五条第一款', categories: ['ILLEGAL_LOGGING'], conduct: '盗伐', presumed: true } as const;
const ABUSE = { offence: '滥伐林木罪', criminalArticle: '刑法第三百四十五条第二款', categories: ['ILLEGAL_LOGGING'], conduct: '滥伐' } as const;
const LAND = { offence: '非法占用农用地罪', criminalArticle: '刑法第三百四十二条', categories: ['ILLEGAL_FOREST_LAND_OCCUPATION'] } as const;
const LAND_2000 = '《最高人民法院关于审理破坏土地资源刑事案件具体应用法律若干问题的解释》（2000年）第三条第（一）项';
const MINING = { offence: '非法采矿罪', criminalArticle: '刑法第三百四十三条第一款', categories: ['ILLEGAL_MINING'] } as const;
const MINING_BASIS = '《最高人民法院、最高人民检察院关于办理非法采矿、破坏性采矿刑事案件适用法律若干问题的解释》（2016年）第三条第一款';
const IP = '《最高人民法院、最高人民检察院关于办理侵犯知识产权刑事案件具体应用法律若干问题的解释》（2004年）';
const FAKE_GOODS = '《最高人民法院、最高人民检察院关于办理生产、销售伪劣商品刑事案件具体应用法律若干问题的解释》（2001年）第二条';
const FOOD = '《最高人民法院、最高人民检察院关于办理危害食品安全刑事案件适用法律若干问题的解释》（2021年）第三条';

export const THRESHOLD_CATALOGUE: readonly ThresholdCriterion[] = [
  c({ id: 'POLLUTION-HAZARDOUS-WASTE', ...POLLUTION, categories: ['HAZARDOUS_WASTE'], fact: 'QUANTITY', factLabel: '危险废物数量', unit: '吨', figure: '3',
    text: '非法排放、倾倒、处置危险废物三吨以上', basis: `${POLLUTION_BASIS}第（二）项` }),
  c({ id: 'POLLUTION-PRIOR-PENALTIES', ...POLLUTION, categories: ['HAZARDOUS_WASTE'], priorPenalties: 2, priorMonths: 24,
    text: '二年内曾因违反国家规定，排放、倾倒、处置有毒物质受过二次以上行政处罚，又实施此类行为', basis: `${POLLUTION_BASIS}第（八）项` }),
  c({ id: 'POLLUTION-GAINS', ...POLLUTION, categories: ['HAZARDOUS_WASTE', 'POLLUTANT_DISCHARGE'], fact: 'GAINS', factLabel: '违法所得', figure: yuan(300000),
    text: '违法所得三十万元以上', basis: `${POLLUTION_BASIS}第（九）项` }),
  c({ id: 'POLLUTION-LOSS', ...POLLUTION, categories: ['HAZARDOUS_WASTE', 'POLLUTANT_DISCHARGE'], fact: 'AMOUNT', factLabel: '致使公私财产损失', figure: yuan(300000),
    text: '致使公私财产损失三十万元以上', basis: `${POLLUTION_BASIS}第（九）项` }),
  c({ id: 'FISHING-QUANTITY', ...FISHING, fact: 'QUANTITY', factLabel: '水产品数量', unit: '公斤', figure: '500', text: '非法捕捞水产品五百公斤以上', basis: FISHING_BASIS }),
  c({ id: 'FISHING-VALUE', ...FISHING, fact: 'AMOUNT', factLabel: '水产品价值', figure: yuan(10000), text: '非法捕捞水产品价值一万元以上', basis: FISHING_BASIS }),
  c({ id: 'LOGGING-THEFT-VOLUME', ...THEFT, fact: 'QUANTITY', factLabel: '立木蓄积', unit: '立方米', figure: '5', text: '盗伐林木立木蓄积五立方米以上', basis: `${FOREST}第四条第一款第（一）项` }),
  c({ id: 'LOGGING-THEFT-SAPLINGS', ...THEFT, fact: 'QUANTITY', factLabel: '幼树株数', unit: '株', figure: '200', text: '盗伐幼树二百株以上', basis: `${FOREST}第四条第一款第（二）项` }),
  c({ id: 'LOGGING-THEFT-VALUE', ...THEFT, fact: 'AMOUNT', factLabel: '林木价值', figure: yuan(20000), text: '盗伐林木价值二万元以上', basis: `${FOREST}第四条第一款第（四）项` }),
  c({ id: 'LOGGING-ABUSE-VOLUME', ...ABUSE, fact: 'QUANTITY', factLabel: '立木蓄积', unit: '立方米', figure: '20', text: '滥伐林木立木蓄积二十立方米以上', basis: `${FOREST}第六条第（一）项` }),
  c({ id: 'LOGGING-ABUSE-SAPLINGS', ...ABUSE, fact: 'QUANTITY', factLabel: '幼树株数', unit: '株', figure: '1000', text: '滥伐幼树一千株以上', basis: `${FOREST}第六条第（二）项` }),
  c({ id: 'LOGGING-ABUSE-VALUE', ...ABUSE, fact: 'AMOUNT', factLabel: '林木价值', figure: yuan(50000), text: '滥伐林木价值五万元以上', basis: `${FOREST}第六条第（四）项` }),
  c({ id: 'LAND-PUBLIC-FOREST', ...LAND, conduct: '公益林地', presumed: true, fact: 'QUANTITY', factLabel: '占用林地面积', unit: '亩', figure: '5',
    text: '非法占用并毁坏公益林地五亩以上', basis: `${FOREST}第一条第二款第（一）项` }),
  c({ id: 'LAND-COMMERCIAL-FOREST', ...LAND, conduct: '商品林地', fact: 'QUANTITY', factLabel: '占用林地面积', unit: '亩', figure: '10',
    text: '非法占用并毁坏商品林地十亩以上', basis: `${FOREST}第一条第二款第（二）项` }),
  c({ id: 'LAND-PUBLIC-FOREST-PRIOR', ...LAND, conduct: '公益林地', presumed: true, fact: 'QUANTITY', factLabel: '占用林地面积', unit: '亩', figure: '2.5', priorPenalties: 2, priorMonths: 24,
    text: '二年内曾因非法占用农用地受过二次以上行政处罚，又非法占用公益林地二亩半以上（标准的一半）', basis: `${FOREST}第一条第二款第（四）项` }),
  c({ id: 'LAND-COMMERCIAL-FOREST-PRIOR', ...LAND, conduct: '商品林地', fact: 'QUANTITY', factLabel: '占用林地面积', unit: '亩', figure: '5', priorPenalties: 2, priorMonths: 24,
    text: '二年内曾因非法占用农用地受过二次以上行政处罚，又非法占用商品林地五亩以上（标准的一半）', basis: `${FOREST}第一条第二款第（四）项` }),
  c({ id: 'LAND-BASIC-FARMLAND', ...LAND, conduct: '基本农田', fact: 'QUANTITY', factLabel: '占用耕地面积', unit: '亩', figure: '5', text: '非法占用基本农田五亩以上', basis: LAND_2000 }),
  c({ id: 'LAND-OTHER-FARMLAND', ...LAND, conduct: '其他耕地', fact: 'QUANTITY', factLabel: '占用耕地面积', unit: '亩', figure: '10', text: '非法占用基本农田以外的耕地十亩以上', basis: LAND_2000 }),
  // The province fixes the figure between 10万 and 30万 (Art. 3 para. 1 (一)); Hubei's is not in the texts here: the lowest is used.
  c({ id: 'MINING-VALUE', ...MINING, fact: 'AMOUNT', factLabel: '开采的矿产品价值', figure: yuan(100000),
    text: '开采的矿产品价值十万元以上（湖北省标准未核实，按十万元至三十万元的下限）', basis: `${MINING_BASIS}第（一）项` }),
  c({ id: 'MINING-PRIOR-PENALTIES', ...MINING, priorPenalties: 2, priorMonths: 24, text: '二年内曾因非法采矿受过两次以上行政处罚，又实施非法采矿行为', basis: `${MINING_BASIS}第（三）项` }),
  c({ id: 'TRADEMARK-SALES', offence: '销售假冒注册商标的商品罪', criminalArticle: '刑法第二百一十四条', categories: ['COUNTERFEIT_GOODS'], conduct: '销售假冒注册商标的商品', presumed: true,
    fact: 'SALES', factLabel: '销售金额', figure: yuan(50000), text: '销售明知是假冒注册商标的商品，销售金额五万元以上', basis: `${IP}第二条第一款` }),
  c({ id: 'TRADEMARK-TURNOVER', offence: '假冒注册商标罪', criminalArticle: '刑法第二百一十三条', categories: ['COUNTERFEIT_GOODS'], conduct: '假冒注册商标',
    fact: 'AMOUNT', factLabel: '非法经营数额', figure: yuan(50000), text: '非法经营数额五万元以上', basis: `${IP}第一条第一款第（一）项` }),
  c({ id: 'TRADEMARK-GAINS', offence: '假冒注册商标罪', criminalArticle: '刑法第二百一十三条', categories: ['COUNTERFEIT_GOODS'], conduct: '假冒注册商标',
    fact: 'GAINS', factLabel: '违法所得数额', figure: yuan(30000), text: '违法所得数额三万元以上', basis: `${IP}第一条第一款第（一）项` }),
  c({ id: 'SUBSTANDARD-SALES', offence: '生产、销售伪劣产品罪', criminalArticle: '刑法第一百四十条', categories: ['SUBSTANDARD_PRODUCTS'],
    fact: 'SALES', factLabel: '销售金额', figure: yuan(50000), text: '生产、销售伪劣产品，销售金额五万元以上', basis: `刑法第一百四十条；${FAKE_GOODS}第一款` }),
  c({ id: 'SUBSTANDARD-UNSOLD', offence: '生产、销售伪劣产品罪（未遂）', criminalArticle: '刑法第一百四十条', categories: ['SUBSTANDARD_PRODUCTS'],
    fact: 'UNSOLD_VALUE', factLabel: '尚未销售的货值金额', figure: yuan(150000), text: '伪劣产品尚未销售，货值金额十五万元以上（销售金额的三倍）', basis: `${FAKE_GOODS}第二款` }),
  c({ id: 'FOOD-SALES-AS-SUBSTANDARD', offence: '生产、销售伪劣产品罪', criminalArticle: '刑法第一百四十九条、第一百四十条', categories: ['FOOD_SAFETY'],
    fact: 'SALES', factLabel: '销售金额', figure: yuan(50000), text: '生产、销售不符合安全标准的食品，销售金额五万元以上的，依照生产、销售伪劣产品罪定罪处罚', basis: `刑法第一百四十九条第一款；${FAKE_GOODS}第一款` }),
  c({ id: 'FOOD-SALES', offence: '生产、销售不符合安全标准的食品罪', criminalArticle: '刑法第一百四十三条', categories: ['FOOD_SAFETY'],
    fact: 'SALES', factLabel: '生产、销售金额', figure: yuan(200000), text: '生产、销售金额二十万元以上（其他严重情节）', basis: `${FOOD}第（一）项` }),
  c({ id: 'FOOD-SALES-PRIOR', offence: '生产、销售不符合安全标准的食品罪', criminalArticle: '刑法第一百四十三条', categories: ['FOOD_SAFETY'],
    fact: 'SALES', factLabel: '生产、销售金额', figure: yuan(100000), priorPenalties: 1, priorMonths: 24,
    text: '生产、销售金额十万元以上，二年内因危害食品安全违法行为受过行政处罚', basis: `${FOOD}第（五）项` }),
  c({ id: 'MEDICAL-PRIOR-PENALTIES', offence: '非法行医罪', criminalArticle: '刑法第三百三十六条第一款', categories: ['ILLEGAL_MEDICAL_PRACTICE'], priorPenalties: 2,
    text: '非法行医被卫生行政部门行政处罚两次以后，再次非法行医', basis: '《最高人民法院关于审理非法行医刑事案件具体应用法律若干问题的解释》（2016年修正）第二条第（四）项' }),
];

/** What a warning is due: the transfer the agency owes, and the articles that require it. */
export const TRANSFER_DUTY_ARTICLE = '国务院令第310号第三条；行政处罚法第二十七条第一款';
