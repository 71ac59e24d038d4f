// How the console writes dates, money and enum values: Beijing time, yuan with thousands
// separators, and one dictionary of every enum value the API returns.

const BEIJING = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(iso: string): Record<string, string> | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return Object.fromEntries(BEIJING.formatToParts(date).map((p) => [p.type, p.value]));
}

/** `2026年11月27日 14:05`, Beijing time. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const p = parts(iso);
  return p ? `${p.year}年${p.month}月${p.day}日 ${p.hour}:${p.minute}` : iso;
}

/** `2026年11月27日`, Beijing time. */
export function date(iso: string | null | undefined): string {
  if (!iso) return '';
  const p = parts(iso);
  return p ? `${p.year}年${p.month}月${p.day}日` : iso;
}

/** The Beijing calendar day of an instant, `2026-11-27`, for comparing days. */
export function beijingDay(at: Date | string): string {
  const p = parts(typeof at === 'string' ? at : at.toISOString());
  return p ? `${p.year}-${p.month!.padStart(2, '0')}-${p.day!.padStart(2, '0')}` : '';
}

const DAY = 86_400_000;

/** Time left or overdue (`剩余 3 天`, `已逾期 2 天`), in whole days, or in hours within the last or first day. */
export function timeLeft(dueAt: string, late: boolean, now: number): string {
  const ms = new Date(dueAt).getTime() - now;
  const span = Math.abs(ms);
  const amount = span < DAY ? `${Math.max(1, Math.ceil(span / 3_600_000))} 小时` : `${Math.floor(span / DAY)} 天`;
  return late || ms < 0 ? `已逾期 ${amount}` : `剩余 ${amount}`;
}

/** Money (a decimal string in yuan, "12345.00") as `12,345.00 元`; no float arithmetic. */
export function money(amount: string | null | undefined): string {
  if (amount == null || amount === '') return '';
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!match) return `${amount} 元`;
  const [, sign, whole, fraction = ''] = match;
  return `${sign}${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction.padEnd(2, '0').slice(0, 2)} 元`;
}

const DICTIONARY: Record<string, Record<string, string>> = {
  Procedure: { SIMPLIFIED: '简易程序', GENERAL: '普通程序' },
  ViolationCategory: {
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
  },
  PartyKind: { PERSON: '自然人', ORGANIZATION: '单位' },
  SuspectKind: { PERSON: '自然人', ORGANIZATION: '单位' },
  AgencyKind: {
    MARKET_REGULATION: '市场监督管理',
    ECOLOGY_ENVIRONMENT: '生态环境',
    AGRICULTURE_RURAL: '农业农村',
    NATURAL_RESOURCES: '自然资源',
    FORESTRY: '林业',
    HEALTH: '卫生健康',
  },
  AdministrativeCaseState: { REGISTERED: '已立案', DECIDED: '已作出处罚决定' },
  TransferState: {
    PROPOSED: '已提出移送',
    REFUSED: '不批准移送',
    APPROVED: '已批准移送',
    SENT: '已移送',
    FILED: '公安已立案',
    NOT_FILED: '公安不予立案',
    MATERIALS_REQUESTED: '公安要求补正材料',
    RECONSIDERATION_REQUESTED: '已提请复议',
    RECONSIDERATION_NOT_FILED: '复议维持不予立案',
    ITEMS_HANDED_OVER: '涉案物品已移交',
    CLOSED: '公安已撤案',
  },
  FilingStatus: { PENDING: '待决定', FILED: '立案', NOT_FILED: '不予立案' },
  PoliceCaseState: {
    AWAITING_RECEIPT: '待签收',
    PENDING_FILING: '待立案审查',
    FILED: '已立案',
    NOT_FILED: '不予立案',
    AWAITING_MATERIALS: '待补正材料',
    RECONSIDERATION_PENDING: '复议中',
    CLOSED: '已撤案',
    TRANSFERRED_FOR_PROSECUTION: '已移送审查起诉',
    NOT_PROSECUTED: '检察院不起诉',
  },
  ProsecutionDecision: { PENDING: '审查中', INDICTED: '提起公诉', NOT_PROSECUTED: '不起诉' },
  ProsecutionCaseState: {
    AWAITING_ACCEPTANCE: '待受理',
    UNDER_REVIEW: '审查起诉中',
    INDICTED: '已提起公诉',
    JUDGMENT_EFFECTIVE: '已提起公诉，判决已生效',
    NOT_PROSECUTED: '不起诉',
    OPINION_SENT: '已制发检察意见',
    OPINION_REPLIED: '检察意见已回复',
  },
  NonProsecutionArticle: { ART_177_1: '刑事诉讼法第一百七十七条第一款', ART_177_2: '刑事诉讼法第一百七十七条第二款' },
  CriminalTrialState: { AWAITING_ACCEPTANCE: '待受理', ACCEPTED: '已受理', JUDGED: '已宣判', APPEALED: '上诉/抗诉中', EFFECTIVE: '判决已生效' },
  Verdict: { GUILTY: '有罪', NOT_GUILTY: '无罪', EXEMPT_FROM_PUNISHMENT: '免予刑事处罚' },
  Appellant: { DEFENDANT: '被告人上诉', PROCURATORATE: '检察院抗诉' },
  DeliveryState: { PENDING: '待送达', DELIVERED: '已送达', REJECTED: '被拒收', RECEIVED: '已接收' },
  RecordType: {
    AdministrativeCase: '行政执法案件',
    CaseTransfer: '移送',
    PoliceCase: '公安刑事案件',
    ProsecutionCase: '审查起诉案件',
    CriminalTrial: '刑事审判案件',
  },
  Institution: { enforcement: '行政执法机关', police: '公安机关', procuratorate: '人民检察院', court: '人民法院' },
  /** The steps by their mutation's name, as a document's next step names them (titles as the workflows give them). */
  Step: {
    acceptForReview: '受理审查起诉案件',
    acceptIndictment: '受理公诉案件',
    addInvestigationNote: '记录侦查情况',
    amendCase: '修改案件信息',
    closePoliceCase: '撤销案件',
    decideFiling: '作出立案决定',
    decidePenalty: '作出行政处罚决定',
    decideProsecution: '作出起诉或者不起诉决定',
    decideReconsideration: '作出复议决定',
    decideTransfer: '审批移送',
    extendReview: '延长审查起诉期限',
    forwardCase: '转送有管辖权的公安机关',
    handOverSeizedItems: '移交涉案物品',
    indict: '提起公诉',
    notProsecute: '作出不起诉决定',
    proposeTransfer: '提出移送',
    publishPenaltyDecision: '公示行政处罚决定',
    recordAppeal: '登记上诉、抗诉',
    recordEffect: '确认判决生效',
    recordJudgment: '宣告判决',
    recordSuspect: '登记犯罪嫌疑人',
    registerCase: '立案',
    replyToProcuratorialOpinion: '回复检察意见',
    requestMaterials: '通知补正材料',
    requestReconsideration: '提请复议',
    sendProcuratorialOpinion: '提出检察意见',
    sendTransfer: '移送公安机关',
    signReceipt: '签收移送案件',
    supplyMaterials: '补正移送材料',
    transferForProsecution: '移送审查起诉',
  },
  Role: {
    enforcement: '行政执法人员',
    'agency-head': '执法机关负责人',
    police: '公安机关',
    procurator: '检察官',
    judge: '法官',
    oversight: '法制监督（法制办）',
  },
};

/** An enum value in Chinese (`label('Verdict', 'GUILTY')` → 有罪); an unknown value is shown as it is. */
export function label(type: keyof typeof DICTIONARY | string, value: string | null | undefined): string {
  if (value == null) return '';
  return DICTIONARY[type]?.[value] ?? value;
}

export const entries = (type: string): [string, string][] => Object.entries(DICTIONARY[type] ?? {});
