/** The violation categories as an assessment table names them (the console's words, web/src/format.ts). */
export const CATEGORY_LABELS: Readonly<Record<string, string>> = {
  HAZARDOUS_WASTE: '非法处置危险废物',
  POLLUTANT_DISCHARGE: '违法排放污染物',
  ILLEGAL_FISHING: '非法捕捞水产品',
  ILLEGAL_LOGGING: '滥伐盗伐林木',
  ILLEGAL_FOREST_LAND_OCCUPATION: '非法占用林地',
  ILLEGAL_MINING: '非法采矿',
  COUNTERFEIT_GOODS: '假冒注册商标商品',
  SUBSTANDARD_PRODUCTS: '生产销售伪劣产品',
  FOOD_SAFETY: '食品安全违法',
  ILLEGAL_MEDICAL_PRACTICE: '非法行医',
};
