import { creditCode } from './identity-codes';
import { Rng } from './prng';

/**
 * Reference data of the demo: regions of 咸宁市, enforcement agencies, their officers,
 * power lists (权力清单) and penalty discretion benchmarks (裁量基准), and the police
 * bureaus, procuratorates and courts that receive their cases. Generated from the seed
 * alone, so every subgraph derives the same agencies.
 */

export interface DemoRegion {
  code: string;
  name: string;
  /** Short name used in document numbers: 咸安, 嘉鱼, … (the city: 咸). */
  short: string;
  /** Towns, lakes and rivers named in facts. */
  places: readonly string[];
  waters: readonly string[];
}

export const DEMO_REGIONS: readonly DemoRegion[] = [
  { code: '421200', name: '咸宁市', short: '咸', places: ['咸宁高新区', '温泉街道', '永安街道', '浮山街道'], waters: ['淦河', '斧头湖', '向阳湖'] },
  { code: '421202', name: '咸安区', short: '咸安', places: ['横沟桥镇', '贺胜桥镇', '汀泗桥镇', '马桥镇', '向阳湖镇', '桂花镇', '双溪桥镇'], waters: ['斧头湖', '淦河', '西凉湖'] },
  { code: '421221', name: '嘉鱼县', short: '嘉鱼', places: ['鱼岳镇', '潘家湾镇', '簰洲湾镇', '陆溪镇', '官桥镇', '新街镇'], waters: ['长江嘉鱼段', '西凉湖', '蜜泉湖'] },
  { code: '421222', name: '通城县', short: '通城', places: ['隽水镇', '麦市镇', '塘湖镇', '关刀镇', '石南镇', '北港镇'], waters: ['隽水河', '秀水河'] },
  { code: '421223', name: '崇阳县', short: '崇阳', places: ['天城镇', '白霓镇', '沙坪镇', '桂花泉镇', '石城镇', '青山镇'], waters: ['隽水河', '青山水库'] },
  { code: '421224', name: '通山县', short: '通山', places: ['通羊镇', '九宫山镇', '大畈镇', '南林桥镇', '闯王镇', '厦铺镇'], waters: ['富水湖', '富水河'] },
  { code: '421281', name: '赤壁市', short: '赤壁', places: ['蒲圻街道', '赤马港街道', '车埠镇', '赵李桥镇', '神山镇', '中伙铺镇', '新店镇'], waters: ['陆水湖', '黄盖湖', '长江赤壁段'] },
];

export const REGION_BY_CODE: ReadonlyMap<string, DemoRegion> = new Map(DEMO_REGIONS.map((r) => [r.code, r]));

export type AgencyKind =
  | 'MARKET_REGULATION' | 'ECOLOGY_ENVIRONMENT' | 'AGRICULTURE_RURAL' | 'NATURAL_RESOURCES' | 'FORESTRY' | 'HEALTH';

export type ViolationCategory =
  | 'HAZARDOUS_WASTE' | 'POLLUTANT_DISCHARGE' | 'ILLEGAL_FISHING' | 'ILLEGAL_LOGGING' | 'ILLEGAL_FOREST_LAND_OCCUPATION'
  | 'ILLEGAL_MINING' | 'COUNTERFEIT_GOODS' | 'SUBSTANDARD_PRODUCTS' | 'FOOD_SAFETY' | 'ILLEGAL_MEDICAL_PRACTICE';

export interface AgencyKindInfo {
  kind: AgencyKind;
  /** Id code: AG-<region>-<code>. */
  code: string;
  /** Name suffix after the region name. */
  title: string;
  /** Abbreviation in document numbers (咸安市监立〔2024〕…号). */
  docShort: string;
  /** The violations this kind of agency handles, with weights. */
  categories: readonly (readonly [ViolationCategory, number])[];
  /** Internal units that exercise the powers (科/大队). */
  bodies: readonly string[];
  /** Share of all cases. */
  weight: number;
}

export const AGENCY_KINDS: readonly AgencyKindInfo[] = [
  { kind: 'MARKET_REGULATION', code: 'SCJG', title: '市场监督管理局', docShort: '市监', weight: 30,
    categories: [['COUNTERFEIT_GOODS', 4], ['SUBSTANDARD_PRODUCTS', 3], ['FOOD_SAFETY', 4]],
    bodies: ['综合行政执法大队', '食品安全监督管理科', '产品质量安全监督管理科', '知识产权保护科'] },
  { kind: 'ECOLOGY_ENVIRONMENT', code: 'STHJ', title: '生态环境局', docShort: '环', weight: 15,
    categories: [['HAZARDOUS_WASTE', 3], ['POLLUTANT_DISCHARGE', 2]],
    bodies: ['生态环境保护综合执法大队', '固体废物与化学品科', '水生态环境科'] },
  { kind: 'AGRICULTURE_RURAL', code: 'NYNC', title: '农业农村局', docShort: '农', weight: 15,
    categories: [['ILLEGAL_FISHING', 1]],
    bodies: ['农业综合行政执法大队', '渔政执法大队', '渔业渔政科'] },
  { kind: 'NATURAL_RESOURCES', code: 'ZRZY', title: '自然资源和规划局', docShort: '自然资规', weight: 10,
    categories: [['ILLEGAL_MINING', 3], ['ILLEGAL_FOREST_LAND_OCCUPATION', 1]],
    bodies: ['自然资源执法监察大队', '矿产资源管理科', '耕地保护监督科'] },
  { kind: 'FORESTRY', code: 'LY', title: '林业局', docShort: '林', weight: 15,
    categories: [['ILLEGAL_LOGGING', 3], ['ILLEGAL_FOREST_LAND_OCCUPATION', 2]],
    bodies: ['森林资源管理科', '林业综合执法大队', '自然保护地管理科'] },
  { kind: 'HEALTH', code: 'WSJK', title: '卫生健康局', docShort: '卫健', weight: 15,
    categories: [['ILLEGAL_MEDICAL_PRACTICE', 1]],
    bodies: ['卫生健康综合监督执法局', '医政医管科', '卫生监督所'] },
];

export const AGENCY_KIND_BY_KIND: ReadonlyMap<AgencyKind, AgencyKindInfo> = new Map(AGENCY_KINDS.map((k) => [k.kind, k]));

export interface DemoAgency { id: string; name: string; kind: AgencyKind; regionCode: string; creditCode: string }
export interface DemoOfficer { id: string; agencyId: string; name: string; certificateNumber: string; validUntil: Date }
export interface DemoPowerItem {
  id: string; agencyId: string; code: string; name: string; category: string; legalBasis: string; responsibleBody: string;
}
export interface DemoBenchmark {
  id: string; agencyId: string; code: string; violation: string; legalBasis: string; circumstance: string;
  minFineFen: string; maxFineFen: string;
}

/** Real-looking agency name: 咸安区市场监督管理局, 咸宁市卫生健康委员会, 咸宁市生态环境局赤壁分局. */
export function agencyName(region: DemoRegion, kind: AgencyKindInfo): string {
  const city = region.code === '421200';
  if (kind.kind === 'ECOLOGY_ENVIRONMENT' && !city) return `咸宁市生态环境局${region.name.slice(0, 2)}分局`;
  if (kind.kind === 'HEALTH' && city) return '咸宁市卫生健康委员会';
  return `${region.name}${kind.title}`;
}

export function agencyId(regionCode: string, kind: AgencyKindInfo): string {
  return `AG-${regionCode}-${kind.code}`;
}

export const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗',
  '梁', '宋', '郑', '谢', '韩', '唐', '冯', '于', '董', '萧', '程', '曹', '袁', '邓', '许', '傅', '沈', '曾', '彭', '吕',
  '熊', '舒', '饶', '邱', '廖', '余', '汪', '鲁', '夏', '葛',
];
const GIVEN = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀', '霞', '平',
  '刚', '桂', '英', '华', '建', '国', '文', '斌', '辉', '志', '红', '兵', '海', '波', '鑫', '宇', '浩', '凯', '琳', '晨',
  '德', '春', '金', '玉', '兰', '林', '峰', '成', '俊', '松',
];

export function personName(rng: Rng): string {
  const surname = rng.pick(SURNAMES);
  return rng.chance(0.3) ? surname + rng.pick(GIVEN) : surname + rng.pick(GIVEN) + rng.pick(GIVEN);
}

interface PowerTemplate { name: string; category: '行政处罚' | '行政强制' | '行政检查'; legalBasis: string }

const POWER_TEMPLATES: Record<AgencyKind, readonly PowerTemplate[]> = {
  MARKET_REGULATION: [
    { name: '对销售侵犯注册商标专用权商品的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国商标法》第六十条' },
    { name: '对生产、销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国产品质量法》第四十九条' },
    { name: '对生产经营不符合食品安全标准的食品的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国食品安全法》第一百二十四条' },
    { name: '对未取得食品生产经营许可从事食品生产经营活动的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国食品安全法》第一百二十二条' },
    { name: '查封、扣押涉嫌侵犯注册商标专用权的物品', category: '行政强制', legalBasis: '《中华人民共和国商标法》第六十二条' },
    { name: '查封、扣押不符合食品安全标准的食品', category: '行政强制', legalBasis: '《中华人民共和国食品安全法》第一百一十条' },
    { name: '产品质量监督抽查', category: '行政检查', legalBasis: '《中华人民共和国产品质量法》第十五条' },
    { name: '食品生产经营监督检查', category: '行政检查', legalBasis: '《中华人民共和国食品安全法》第一百一十条' },
  ],
  ECOLOGY_ENVIRONMENT: [
    { name: '对违反规定贮存、利用、处置危险废物的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国固体废物污染环境防治法》第一百一十二条' },
    { name: '对超过水污染物排放标准排放水污染物的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国水污染防治法》第八十三条' },
    { name: '对通过暗管、渗井等逃避监管的方式排放水污染物的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国水污染防治法》第八十三条' },
    { name: '对未依法取得排污许可证排放污染物的行政处罚', category: '行政处罚', legalBasis: '《排污许可管理条例》第三十三条' },
    { name: '查封、扣押造成污染物排放的设施、设备', category: '行政强制', legalBasis: '《中华人民共和国环境保护法》第二十五条' },
    { name: '对拒不改正的违法排污行为按日连续处罚', category: '行政处罚', legalBasis: '《中华人民共和国环境保护法》第五十九条' },
    { name: '排污单位现场检查', category: '行政检查', legalBasis: '《中华人民共和国环境保护法》第二十四条' },
    { name: '危险废物经营单位监督检查', category: '行政检查', legalBasis: '《危险废物经营许可证管理办法》第十九条' },
  ],
  AGRICULTURE_RURAL: [
    { name: '对在禁渔区、禁渔期进行捕捞的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国渔业法》第三十八条' },
    { name: '对在长江流域重点水域非法捕捞的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国长江保护法》第八十六条' },
    { name: '对使用禁用的渔具、捕捞方法进行捕捞的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国渔业法》第三十八条' },
    { name: '对未取得捕捞许可证擅自进行捕捞的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国渔业法》第四十一条' },
    { name: '扣押非法捕捞的渔获物和渔具', category: '行政强制', legalBasis: '《中华人民共和国长江保护法》第八十六条' },
    { name: '渔业生产监督检查', category: '行政检查', legalBasis: '《中华人民共和国渔业法》第六条' },
    { name: '农产品质量安全监督检查', category: '行政检查', legalBasis: '《中华人民共和国农产品质量安全法》第五十四条' },
  ],
  NATURAL_RESOURCES: [
    { name: '对未取得采矿许可证擅自采矿的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国矿产资源法》第三十九条' },
    { name: '对超越批准的矿区范围采矿的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国矿产资源法》第四十条' },
    { name: '对非法占用土地的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国土地管理法》第七十七条' },
    { name: '对占用耕地建窑、建坟或者擅自在耕地上建房、挖砂、采石、采矿、取土的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国土地管理法》第七十五条' },
    { name: '查封、扣押与违法采矿有关的工具和设备', category: '行政强制', legalBasis: '《中华人民共和国矿产资源法》第三十九条' },
    { name: '矿产资源开发利用监督检查', category: '行政检查', legalBasis: '《矿产资源监督管理暂行办法》第三条' },
    { name: '土地利用情况监督检查', category: '行政检查', legalBasis: '《中华人民共和国土地管理法》第六十七条' },
  ],
  FORESTRY: [
    { name: '对盗伐林木的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国森林法》第七十六条第一款' },
    { name: '对滥伐林木的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国森林法》第七十六条第二款' },
    { name: '对擅自改变林地用途的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国森林法》第七十三条' },
    { name: '对在林地上开垦、采石、采砂、采土或者其他活动造成林木毁坏的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国森林法》第七十四条' },
    { name: '对收购、加工、运输明知是盗伐、滥伐等非法来源林木的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国森林法》第七十八条' },
    { name: '扣押违法采伐的林木和采伐工具', category: '行政强制', legalBasis: '《中华人民共和国森林法》第六十七条' },
    { name: '林木采伐情况监督检查', category: '行政检查', legalBasis: '《中华人民共和国森林法》第六十六条' },
    { name: '林地使用情况监督检查', category: '行政检查', legalBasis: '《中华人民共和国森林法实施条例》第十六条' },
  ],
  HEALTH: [
    { name: '对未取得医疗机构执业许可证擅自执业的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国基本医疗卫生法》第九十九条' },
    { name: '对非医师行医的行政处罚', category: '行政处罚', legalBasis: '《中华人民共和国医师法》第五十九条' },
    { name: '对医疗机构使用非卫生技术人员从事医疗卫生技术工作的行政处罚', category: '行政处罚', legalBasis: '《医疗机构管理条例》第四十七条' },
    { name: '对医疗机构诊疗活动超出登记范围的行政处罚', category: '行政处罚', legalBasis: '《医疗机构管理条例》第四十六条' },
    { name: '查封非法行医场所、扣押药品和器械', category: '行政强制', legalBasis: '《中华人民共和国基本医疗卫生法》第九十九条' },
    { name: '医疗机构执业活动监督检查', category: '行政检查', legalBasis: '《医疗机构管理条例》第四十条' },
    { name: '公共场所卫生监督检查', category: '行政检查', legalBasis: '《公共场所卫生管理条例》第十条' },
  ],
};

const POWER_CODE = { 行政处罚: 'CF', 行政强制: 'QZ', 行政检查: 'JC' } as const;

interface BenchmarkTemplate { category: ViolationCategory; violation: string; legalBasis: string; /** yuan by circumstance */ ranges: readonly [number, number][] }

const BENCHMARK_TEMPLATES: Record<AgencyKind, readonly BenchmarkTemplate[]> = {
  MARKET_REGULATION: [
    { category: 'COUNTERFEIT_GOODS', violation: '销售侵犯注册商标专用权的商品', legalBasis: '《中华人民共和国商标法》第六十条第二款', ranges: [[5000, 50000], [50000, 150000], [150000, 500000]] },
    { category: 'SUBSTANDARD_PRODUCTS', violation: '销售不符合国家标准的产品', legalBasis: '《中华人民共和国产品质量法》第四十九条', ranges: [[2000, 30000], [30000, 100000], [100000, 300000]] },
    { category: 'FOOD_SAFETY', violation: '经营不符合食品安全标准的食品', legalBasis: '《中华人民共和国食品安全法》第一百二十四条第一款', ranges: [[50000, 80000], [80000, 150000], [150000, 300000]] },
  ],
  ECOLOGY_ENVIRONMENT: [
    { category: 'HAZARDOUS_WASTE', violation: '未按规定贮存、处置危险废物', legalBasis: '《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款', ranges: [[100000, 300000], [300000, 600000], [600000, 1000000]] },
    { category: 'POLLUTANT_DISCHARGE', violation: '超标排放水污染物', legalBasis: '《中华人民共和国水污染防治法》第八十三条', ranges: [[100000, 300000], [300000, 600000], [600000, 1000000]] },
  ],
  AGRICULTURE_RURAL: [
    { category: 'ILLEGAL_FISHING', violation: '在长江流域禁捕水域非法捕捞', legalBasis: '《中华人民共和国长江保护法》第八十六条', ranges: [[1000, 10000], [10000, 30000], [30000, 50000]] },
    { category: 'ILLEGAL_FISHING', violation: '使用禁用渔具、捕捞方法进行捕捞', legalBasis: '《中华人民共和国渔业法》第三十八条', ranges: [[500, 10000], [10000, 30000], [30000, 50000]] },
  ],
  NATURAL_RESOURCES: [
    { category: 'ILLEGAL_MINING', violation: '未取得采矿许可证擅自采矿', legalBasis: '《中华人民共和国矿产资源法》第三十九条', ranges: [[10000, 50000], [50000, 200000], [200000, 500000]] },
    { category: 'ILLEGAL_FOREST_LAND_OCCUPATION', violation: '非法占用土地', legalBasis: '《中华人民共和国土地管理法》第七十七条', ranges: [[5000, 20000], [20000, 60000], [60000, 100000]] },
  ],
  FORESTRY: [
    { category: 'ILLEGAL_LOGGING', violation: '盗伐林木', legalBasis: '《中华人民共和国森林法》第七十六条第一款', ranges: [[2000, 10000], [10000, 50000], [50000, 100000]] },
    { category: 'ILLEGAL_FOREST_LAND_OCCUPATION', violation: '擅自改变林地用途', legalBasis: '《中华人民共和国森林法》第七十三条', ranges: [[3000, 20000], [20000, 60000], [60000, 100000]] },
  ],
  HEALTH: [
    { category: 'ILLEGAL_MEDICAL_PRACTICE', violation: '未取得医疗机构执业许可证擅自执业', legalBasis: '《中华人民共和国基本医疗卫生法》第九十九条第一款', ranges: [[50000, 100000], [100000, 200000], [200000, 400000]] },
    { category: 'ILLEGAL_MEDICAL_PRACTICE', violation: '非医师行医', legalBasis: '《中华人民共和国医师法》第五十九条', ranges: [[20000, 50000], [50000, 100000], [100000, 200000]] },
  ],
};

export const CIRCUMSTANCES = ['较轻', '一般', '严重'] as const;

export interface DemoPoliceBureau { code: string; name: string; regionCode: string }
export interface DemoProcuratorate {
  code: string; name: string; regionCode: string;
  /** The short name its document numbers start with: 咸安检刑诉〔2026〕1号 (laws/README.md, number formats). */
  short: string;
}
export interface DemoCourt { code: string; name: string; regionCode: string }

/** One unit of a kind per region of the city (the bureaus, procuratorates, courts), in region order. */
export const cityUnits = <T>(make: (regionCode: string) => T): T[] => DEMO_REGIONS.map((r) => make(r.code));

export function demoPoliceBureau(regionCode: string): DemoPoliceBureau {
  const region = REGION_BY_CODE.get(regionCode)!;
  const name = regionCode === '421200' ? '咸宁市公安局' : regionCode === '421202' ? '咸宁市公安局咸安分局' : `${region.name}公安局`;
  return { code: `PB-${regionCode}`, name, regionCode };
}
/** Procuratorates' short names as their documents print them (通城's is 隽检, after 隽水). */
const PROCURATORATE_SHORT: Readonly<Record<string, string>> = {
  '421200': '咸检', '421202': '咸安检', '421221': '嘉检', '421222': '隽检', '421223': '崇检', '421224': '通检', '421281': '赤检',
};
export function demoProcuratorate(regionCode: string): DemoProcuratorate {
  const region = REGION_BY_CODE.get(regionCode)!;
  return { code: `PP-${regionCode}`, name: `${region.name}人民检察院`, regionCode, short: PROCURATORATE_SHORT[regionCode]! };
}
export function demoCourt(regionCode: string): DemoCourt {
  const region = REGION_BY_CODE.get(regionCode)!;
  const name = regionCode === '421200' ? '咸宁市中级人民法院' : regionCode === '421202' ? '咸宁市咸安区人民法院' : `${region.name}人民法院`;
  return { code: `CO-${regionCode}`, name, regionCode };
}

/**
 * The court that tries an indictment at first instance. 刑事诉讼法 Art. 20: ordinary criminal
 * cases are tried at first instance by the basic courts. A district or county procuratorate
 * indicts before the basic court of its own region; the city procuratorate (PP-421200),
 * whose own level has no basic court, before the basic court of the city's seat, 咸宁市咸安区
 * 人民法院 (CO-421202), which is how its ordinary cases are assigned (指定管辖). First instance in
 * the intermediate court (Art. 21: possible life imprisonment or death) is not offered here.
 */
export function firstInstanceCourt(procuratorateRegionCode: string): DemoCourt {
  return demoCourt(procuratorateRegionCode === '421200' ? '421202' : procuratorateRegionCode);
}

/** The court's code in case numbers: 鄂1202 for 咸安 …, 鄂12 for the city's intermediate court (laws/README.md). */
export function courtNumberCode(courtCode: string): string {
  const region = courtCode.replace(/^CO-/, '');
  return region.endsWith('00') ? region.slice(2, 4) : region.slice(2);
}

/** A benchmark with the violation category it applies to (the category is not stored). */
export interface DemoBenchmarkRef extends DemoBenchmark { violationCategory: ViolationCategory; min: number; max: number }

export interface DemoReferenceData {
  seed: number;
  agencies: DemoAgency[];
  officers: DemoOfficer[];
  powerItems: DemoPowerItem[];
  benchmarks: DemoBenchmark[];
  agencyById: Map<string, DemoAgency>;
  officersByAgency: Map<string, DemoOfficer[]>;
  benchmarksByAgency: Map<string, DemoBenchmarkRef[]>;
}

const cache = new Map<number, DemoReferenceData>();

/** Agencies, officers, power lists and benchmarks of the demo, from the seed alone (memoised). */
export function demoReferenceData(seed: number): DemoReferenceData {
  const cached = cache.get(seed);
  if (cached) return cached;
  const rng = new Rng(seed, 0x5eed);
  const agencies: DemoAgency[] = [];
  const officers: DemoOfficer[] = [];
  const powerItems: DemoPowerItem[] = [];
  const benchmarks: DemoBenchmark[] = [];
  const officersByAgency = new Map<string, DemoOfficer[]>();
  const benchmarksByAgency = new Map<string, DemoBenchmarkRef[]>();
  const usedOrgBodies = new Set<string>();
  for (const region of DEMO_REGIONS) {
    AGENCY_KINDS.forEach((kind, kindIndex) => {
      const id = agencyId(region.code, kind);
      let body: string;
      do body = String(rng.int(0, 99999999)).padStart(8, '0');
      while (usedOrgBodies.has(body));
      usedOrgBodies.add(body);
      // 机关: registration authority 1 (机构编制), category 1 (机关).
      agencies.push({ id, name: agencyName(region, kind), kind: kind.kind, regionCode: region.code, creditCode: creditCode('1', '1', region.code, body) });

      const own: DemoOfficer[] = [];
      const officerCount = rng.int(3, 8);
      for (let k = 1; k <= officerCount; k++) {
        const year = rng.int(2018, 2025);
        // Unique within the region: kind index * 20 + k; the region prefix makes it unique overall.
        const serial = String(kindIndex * 20 + k).padStart(4, '0');
        own.push({
          id: `OF-${region.code}-${kind.code}-${String(k).padStart(2, '0')}`,
          agencyId: id,
          name: personName(rng),
          certificateNumber: `${region.code}${year}${serial}`,
          validUntil: new Date(Date.UTC(year + rng.int(4, 6), rng.int(0, 11), rng.int(1, 28), 16)),
        });
      }
      officers.push(...own);
      officersByAgency.set(id, own);

      const templates = POWER_TEMPLATES[kind.kind];
      const powerCount = Math.min(templates.length, rng.int(4, 8));
      const counters: Record<string, number> = {};
      templates.slice(0, powerCount).forEach((t, k) => {
        const c = POWER_CODE[t.category];
        counters[c] = (counters[c] ?? 0) + 1;
        powerItems.push({
          id: `PI-${region.code}-${kind.code}-${String(k + 1).padStart(2, '0')}`,
          agencyId: id,
          code: `${region.code}-${kind.code}-${c}-${String(counters[c]).padStart(3, '0')}`,
          name: t.name,
          category: t.category,
          legalBasis: t.legalBasis,
          responsibleBody: rng.pick(kind.bodies),
        });
      });

      // Every category of the kind gets all three circumstances where the count allows (3–6).
      const bt = BENCHMARK_TEMPLATES[kind.kind];
      const combos: [BenchmarkTemplate, number][] = [];
      for (let c = 0; c < 3; c++) for (const t of bt) combos.push([t, c]);
      const benchmarkCount = Math.min(combos.length, rng.int(3, 6));
      const refs: DemoBenchmarkRef[] = [];
      combos
        .slice(0, benchmarkCount)
        .sort((x, y) => bt.indexOf(x[0]) - bt.indexOf(y[0]) || x[1] - y[1])
        .forEach(([t, c], k) => {
          const [min, max] = t.ranges[c]!;
          const b: DemoBenchmark = {
            id: `BM-${region.code}-${kind.code}-${String(k + 1).padStart(2, '0')}`,
            agencyId: id,
            code: `${kind.code}-CL-${String(bt.indexOf(t) + 1).padStart(2, '0')}-${c + 1}`,
            violation: t.violation,
            legalBasis: t.legalBasis,
            circumstance: CIRCUMSTANCES[c]!,
            minFineFen: String(min * 100),
            maxFineFen: String(max * 100),
          };
          benchmarks.push(b);
          refs.push({ ...b, violationCategory: t.category, min: min * 100, max: max * 100 });
        });
      benchmarksByAgency.set(id, refs);
    });
  }
  const data: DemoReferenceData = {
    seed, agencies, officers, powerItems, benchmarks,
    agencyById: new Map(agencies.map((a) => [a.id, a])), officersByAgency, benchmarksByAgency,
  };
  cache.set(seed, data);
  return data;
}
