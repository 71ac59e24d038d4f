import type { DemoBenchmarkRef, ViolationCategory } from './reference-data';

/**
 * Per violation category: the unit of quantity, the criminal prosecution threshold, the
 * charges, and what administrative decisions cite. Thresholds (see shared laws/README.md):
 * - 污染环境罪: 法释〔2023〕7号 Art. 1 — 非法排放、倾倒、处置危险废物三吨以上; 违法所得或者致使公私财产损失三十万元以上.
 * - 非法捕捞水产品罪: 法释〔2022〕12号 Art. 3 — 水产品五百公斤以上或者价值一万元以上.
 * - 盗伐林木罪: 法释〔2023〕8号 Art. 5 — 立木蓄积五立方米以上或者价值二万元以上 (滥伐: 20 m³ / 5万元; the demo uses 盗伐's lower bar).
 * - 非法占用农用地罪: 法释〔2023〕8号 Art. 1 — 公益林地五亩以上 (商品林地十亩; the demo uses five).
 * - 非法采矿罪: 法释〔2016〕25号 Art. 3 — 开采的矿产品价值十万元以上.
 * - 销售伪劣产品罪 / 销售假冒注册商标的商品罪: 立案追诉标准（一）Art. 16, 刑法 Art. 214 — 销售金额五万元以上.
 * - Food safety (刑法 Arts. 143, 144) and 非法行医 (刑法 Art. 336) are conduct offences without an
 *   amount threshold; the demo uses 销售金额 / 违法所得 ≥ 50,000 yuan as a proxy (刑法 Art. 149 lets
 *   sales of ≥ 50,000 yuan of substandard food be tried under Art. 140). `proxy` marks these.
 */
export interface StatutoryFine {
  article: string;
  range(involvedAmountFen: number): readonly [number, number];
}

const YUAN = 100;
const WAN = 10_000 * YUAN;

export interface CategoryInfo {
  category: ViolationCategory;
  unit: string;
  decimals: number;
  /** Quantity at or above which the conduct is a suspected crime (null: no quantity threshold). */
  quantityThreshold: number | null;
  /** Involved amount in yuan at or above which the conduct is a suspected crime. */
  amountThresholdYuan: number | null;
  thresholdBasis: string;
  proxy: boolean;
  /** Quantity ranges below and above the threshold, and yuan per unit. */
  below: readonly [number, number];
  above: readonly [number, number];
  unitPrice: readonly [number, number];
  /** Share of parties that are natural persons. */
  personShare: number;
  charges: readonly string[];
  /** 刑法 articles by charge. */
  criminalArticles: Readonly<Record<string, string>>;
  decisionBasis: string;
  /**
   * The fine the statute allows, in fen, for an involved amount (货值, 林木价值 …), where its
   * text is in shared/laws; null where it sets no amount or its text is not there (the
   * benchmark alone bounds the fine then).
   */
  statutoryFine: StatutoryFine | null;
  otherPenalties: readonly string[];
  industries: readonly string[];
}

export const CATEGORIES: Readonly<Record<ViolationCategory, CategoryInfo>> = {
  HAZARDOUS_WASTE: {
    category: 'HAZARDOUS_WASTE', unit: '吨', decimals: 2, quantityThreshold: 3, amountThresholdYuan: null, proxy: false,
    thresholdBasis: '法释〔2023〕7号第一条：非法排放、倾倒、处置危险废物三吨以上',
    below: [0.1, 2.8], above: [3.2, 60], unitPrice: [800, 4000], personShare: 0.2,
    charges: ['污染环境罪'], criminalArticles: { 污染环境罪: '第三百三十八条' },
    decisionBasis: '《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款第（五）项',
    statutoryFine: { article: '《中华人民共和国固体废物污染环境防治法》第一百一十二条第二款', range: () => [10 * WAN, 100 * WAN] },
    otherPenalties: ['责令改正违法行为', '责令限期清理处置倾倒的危险废物'],
    industries: ['化工', '电镀', '机械制造', '新材料', '汽车维修', '金属表面处理'],
  },
  POLLUTANT_DISCHARGE: {
    category: 'POLLUTANT_DISCHARGE', unit: '吨', decimals: 0, quantityThreshold: null, amountThresholdYuan: 300000, proxy: false,
    thresholdBasis: '法释〔2023〕7号第一条：违法所得或者致使公私财产损失三十万元以上',
    below: [50, 3000], above: [2000, 50000], unitPrice: [5, 60], personShare: 0.1,
    charges: ['污染环境罪'], criminalArticles: { 污染环境罪: '第三百三十八条' },
    decisionBasis: '《中华人民共和国水污染防治法》第八十三条第（二）项',
    statutoryFine: null, // 水污染防治法 Art. 83 (十万元以上一百万元以下) is not in shared/laws
    otherPenalties: ['责令改正违法行为', '责令限制生产', '责令停产整治'],
    industries: ['造纸', '纺织印染', '食品加工', '生猪养殖', '化工', '建材'],
  },
  ILLEGAL_FISHING: {
    category: 'ILLEGAL_FISHING', unit: '公斤', decimals: 1, quantityThreshold: 500, amountThresholdYuan: 10000, proxy: false,
    thresholdBasis: '法释〔2022〕12号第三条：非法捕捞水产品五百公斤以上或者价值一万元以上',
    below: [2, 150], above: [520, 3000], unitPrice: [20, 60], personShare: 0.95,
    charges: ['非法捕捞水产品罪'], criminalArticles: { 非法捕捞水产品罪: '第三百四十条' },
    decisionBasis: '《中华人民共和国长江保护法》第八十六条第一款',
    statutoryFine: { article: '《中华人民共和国渔业法》第三十八条', range: () => [0, 5 * WAN] }, // 长江保护法 Art. 86 is not in shared/laws
    otherPenalties: ['没收渔获物', '没收渔具', '没收违法所得'],
    industries: ['水产养殖专业合作社', '渔业'],
  },
  ILLEGAL_LOGGING: {
    category: 'ILLEGAL_LOGGING', unit: '立方米', decimals: 2, quantityThreshold: 5, amountThresholdYuan: 20000, proxy: false,
    thresholdBasis: '法释〔2023〕8号第五条：盗伐林木立木蓄积五立方米以上或者价值二万元以上',
    below: [0.3, 4.5], above: [5.5, 60], unitPrice: [600, 1500], personShare: 0.85,
    charges: ['盗伐林木罪', '滥伐林木罪'], criminalArticles: { 盗伐林木罪: '第三百四十五条第一款', 滥伐林木罪: '第三百四十五条第二款' },
    decisionBasis: '《中华人民共和国森林法》第七十六条',
    statutoryFine: { article: '《中华人民共和国森林法》第七十六条第一款', range: (v) => [5 * v, 10 * v] }, // 盗伐: 林木价值五倍以上十倍以下
    otherPenalties: ['责令限期在原地或者异地补种树木', '没收违法所得'],
    industries: ['木业', '林业开发', '苗木'],
  },
  ILLEGAL_FOREST_LAND_OCCUPATION: {
    category: 'ILLEGAL_FOREST_LAND_OCCUPATION', unit: '亩', decimals: 1, quantityThreshold: 5, amountThresholdYuan: null, proxy: false,
    thresholdBasis: '法释〔2023〕8号第一条：非法占用并毁坏公益林地五亩以上',
    below: [0.5, 4.5], above: [5.5, 40], unitPrice: [3000, 12000], personShare: 0.6,
    charges: ['非法占用农用地罪'], criminalArticles: { 非法占用农用地罪: '第三百四十二条' },
    decisionBasis: '《中华人民共和国森林法》第七十三条',
    statutoryFine: { article: '《中华人民共和国森林法》第七十三条', range: (v) => [0, 3 * v] }, // 恢复费用三倍以下 (the loss stands for the cost)
    otherPenalties: ['责令限期恢复植被和林业生产条件', '责令退还非法占用的林地'],
    industries: ['建材', '矿业', '农业开发', '旅游开发'],
  },
  ILLEGAL_MINING: {
    category: 'ILLEGAL_MINING', unit: '吨', decimals: 0, quantityThreshold: null, amountThresholdYuan: 100000, proxy: false,
    thresholdBasis: '法释〔2016〕25号第三条：开采的矿产品价值十万元以上',
    below: [100, 1200], above: [2000, 30000], unitPrice: [30, 80], personShare: 0.5,
    charges: ['非法采矿罪'], criminalArticles: { 非法采矿罪: '第三百四十三条第一款' },
    decisionBasis: '《中华人民共和国矿产资源法》第三十九条',
    statutoryFine: null, // 矿产资源法 Art. 39: 可以并处罚款, the amount set by its implementing rules (not in shared/laws)
    otherPenalties: ['责令停止开采', '没收采出的矿产品', '没收违法所得'],
    industries: ['砂石', '矿业', '建材'],
  },
  COUNTERFEIT_GOODS: {
    category: 'COUNTERFEIT_GOODS', unit: '件', decimals: 0, quantityThreshold: null, amountThresholdYuan: 50000, proxy: false,
    thresholdBasis: '刑法第二百一十四条、立案追诉标准：销售金额五万元以上',
    below: [5, 200], above: [300, 5000], unitPrice: [50, 800], personShare: 0.6,
    charges: ['销售假冒注册商标的商品罪', '销售伪劣产品罪'],
    criminalArticles: { 销售假冒注册商标的商品罪: '第二百一十四条', 销售伪劣产品罪: '第一百四十条' },
    decisionBasis: '《中华人民共和国商标法》第六十条第二款',
    statutoryFine: null, // 商标法 Art. 60 is not in shared/laws
    otherPenalties: ['没收、销毁侵权商品', '没收违法所得'],
    industries: ['商贸', '日用品', '服饰', '电子产品'],
  },
  SUBSTANDARD_PRODUCTS: {
    category: 'SUBSTANDARD_PRODUCTS', unit: '件', decimals: 0, quantityThreshold: null, amountThresholdYuan: 50000, proxy: false,
    thresholdBasis: '立案追诉标准（一）第十六条：生产、销售伪劣产品销售金额五万元以上',
    below: [5, 300], above: [500, 8000], unitPrice: [20, 500], personShare: 0.4,
    charges: ['销售伪劣产品罪'], criminalArticles: { 销售伪劣产品罪: '第一百四十条' },
    decisionBasis: '《中华人民共和国产品质量法》第四十九条',
    statutoryFine: { article: '《中华人民共和国产品质量法》第四十九条', range: (v) => [v, 3 * v] }, // 货值金额等值以上三倍以下
    otherPenalties: ['责令停止销售', '没收违法销售的产品', '没收违法所得'],
    industries: ['电器', '建材', '商贸', '电线电缆'],
  },
  FOOD_SAFETY: {
    category: 'FOOD_SAFETY', unit: '公斤', decimals: 1, quantityThreshold: null, amountThresholdYuan: 50000, proxy: true,
    thresholdBasis: '刑法第一百四十三条、第一百四十九条（演示数据以销售金额五万元以上为移送线索）',
    below: [5, 500], above: [1000, 20000], unitPrice: [10, 80], personShare: 0.5,
    charges: ['生产、销售不符合安全标准的食品罪', '生产、销售有毒、有害食品罪'],
    criminalArticles: { '生产、销售不符合安全标准的食品罪': '第一百四十三条', '生产、销售有毒、有害食品罪': '第一百四十四条' },
    decisionBasis: '《中华人民共和国食品安全法》第一百二十四条第一款',
    statutoryFine: { article: '《中华人民共和国食品安全法》第一百二十四条第一款', range: (v) => (v < WAN ? [5 * WAN, 10 * WAN] : [10 * v, 20 * v]) },
    otherPenalties: ['没收违法所得', '没收违法经营的食品'],
    industries: ['食品', '餐饮管理', '粮油', '农副产品'],
  },
  ILLEGAL_MEDICAL_PRACTICE: {
    category: 'ILLEGAL_MEDICAL_PRACTICE', unit: '人次', decimals: 0, quantityThreshold: null, amountThresholdYuan: 50000, proxy: true,
    thresholdBasis: '刑法第三百三十六条、法释〔2016〕27号第二条（演示数据以非法行医收入五万元以上为移送线索）',
    below: [3, 150], above: [300, 3000], unitPrice: [50, 400], personShare: 0.9,
    charges: ['非法行医罪'], criminalArticles: { 非法行医罪: '第三百三十六条第一款' },
    decisionBasis: '《中华人民共和国基本医疗卫生法》第九十九条第一款',
    statutoryFine: null, // 基本医疗卫生法 Art. 99 is not in shared/laws
    otherPenalties: ['没收违法所得', '没收药品、医疗器械'],
    industries: ['健康管理', '医疗美容', '养生馆'],
  },
};

/** Whether a quantity and involved amount reach the category's criminal threshold. */
export function exceedsCriminalThreshold(category: ViolationCategory, quantity: number | null, involvedAmountFen: number): boolean {
  const info = CATEGORIES[category];
  if (info.quantityThreshold !== null && quantity !== null && quantity >= info.quantityThreshold) return true;
  if (info.amountThresholdYuan !== null && involvedAmountFen >= info.amountThresholdYuan * 100) return true;
  return false;
}

/** A benchmark a fine can follow together with the statute, and the fines (fen) both allow. */
export interface LawfulFine { benchmark: DemoBenchmarkRef; min: number; max: number }

/**
 * The agency's benchmarks for the category (行政处罚法 Art. 34) whose range meets the
 * statutory range for the involved amount, each with the fines inside both.
 */
export function lawfulFines(benchmarks: readonly DemoBenchmarkRef[], category: ViolationCategory, involvedAmountFen: number): LawfulFine[] {
  const [low, high] = CATEGORIES[category].statutoryFine?.range(involvedAmountFen) ?? [0, Number.POSITIVE_INFINITY];
  const out: LawfulFine[] = [];
  for (const b of benchmarks) {
    if (b.violationCategory !== category) continue;
    const min = Math.max(b.min, Math.ceil(low));
    const max = Math.min(b.max, Math.floor(high));
    if (min <= max) out.push({ benchmark: b, min, max });
  }
  return out;
}
