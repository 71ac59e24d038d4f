// 考核通报 export (issue 7 item 5): an assessment table as CSV (UTF-8 with a BOM, so Excel
// reads the Chinese) and as an XLSX workbook (a real OOXML zip, written here: stored entries
// with their CRC-32, inline strings, no dependency), with Chinese headings. Pure TypeScript
// over Uint8Array and TextEncoder: the console (web/) and Node (scripts/report.ts, the tests)
// use the same module.

/** A row as the `assessment` query returns it (ASSESSMENT_EXPORT_FIELDS selects it). */
export interface AssessmentExportRow {
  label: string;
  period: string;
  [column: string]: unknown;
}

export interface AssessmentExportTable {
  by: string;
  period: string;
  from: string;
  to: string;
  rows: AssessmentExportRow[];
  total: AssessmentExportRow;
}

/** The selection of every exported column, for the `assessment` query. */
export const ASSESSMENT_EXPORT_FIELDS = `id label period agencyId
  casesRegistered penalties fineTotal transfers transferRate warningsRaised warningsResolved enforcementStepsOnTime enforcementStepsLate
  transfersReceived filed notFiled reconsiderations transferredForProsecution policeStepsOnTime policeStepsLate
  prosecutionsReceived prosecuted notProsecuted procuratorateStepsOnTime procuratorateStepsLate
  trialsAccepted convicted notConvicted courtStepsOnTime courtStepsLate
  enforcementCompleteness { stage stageLabel complete incomplete missing { item article count } }
  policeCompleteness { stage stageLabel complete incomplete missing { item article count } }
  procuratorateCompleteness { stage stageLabel complete incomplete missing { item article count } }
  courtCompleteness { stage stageLabel complete incomplete missing { item article count } }`;

type Cell = string | number | null;
interface Column { heading: string; value: (row: AssessmentExportRow) => Cell }

const num = (field: string): Column['value'] => (r) => (r[field] === null || r[field] === undefined ? null : Number(r[field]));

interface Completeness { stage: string; stageLabel: string; complete: number; incomplete: number; missing: { item: string; article: string; count: number }[] }
const COMPLETENESS_FIELDS = ['enforcementCompleteness', 'policeCompleteness', 'procuratorateCompleteness', 'courtCompleteness'];
const STAGE_LABELS: [string, string][] = [
  ['REGISTRATION', '立案'], ['PENALTY', '处罚决定'], ['TRANSFER', '移送'], ['FILING', '立案审查决定'], ['PROSECUTION', '审查起诉决定'], ['JUDGMENT', '判决'],
];
function stageOf(row: AssessmentExportRow, stage: string): Completeness | null {
  for (const f of COMPLETENESS_FIELDS) {
    const found = (row[f] as Completeness[] | null | undefined)?.find((s) => s.stage === stage);
    if (found) return found;
  }
  return null;
}

const dimensionHeading: Record<string, string> = { AGENCY: '行政执法机关', REGION: '行政区划', CATEGORY: '违法类别', CAMPAIGN: '专项行动' };
const dimensionWord: Record<string, string> = { AGENCY: '按机关', REGION: '按地区', CATEGORY: '按违法类别', CAMPAIGN: '按专项行动' };

/** The exported columns, in order, with their Chinese headings. */
export function assessmentColumns(by: string): Column[] {
  return [
    { heading: dimensionHeading[by] ?? '名称', value: (r) => r.label },
    { heading: '立案数', value: num('casesRegistered') },
    { heading: '行政处罚决定数', value: num('penalties') },
    { heading: '罚款总额（元）', value: num('fineTotal') },
    { heading: '移送公安机关数', value: num('transfers') },
    { heading: '移送率（%）', value: (r) => (r.transferRate === null || r.transferRate === undefined ? null : Math.round(Number(r.transferRate) * 10000) / 100) },
    { heading: '以罚代刑预警（新增）', value: num('warningsRaised') },
    { heading: '以罚代刑预警（办结）', value: num('warningsResolved') },
    { heading: '执法机关按期办结环节', value: num('enforcementStepsOnTime') },
    { heading: '执法机关逾期办结环节', value: num('enforcementStepsLate') },
    { heading: '公安受理移送数', value: num('transfersReceived') },
    { heading: '公安立案数', value: num('filed') },
    { heading: '公安不予立案数', value: num('notFiled') },
    { heading: '提请复议数', value: num('reconsiderations') },
    { heading: '移送审查起诉数', value: num('transferredForProsecution') },
    { heading: '公安按期办结环节', value: num('policeStepsOnTime') },
    { heading: '公安逾期办结环节', value: num('policeStepsLate') },
    { heading: '检察受理审查起诉数', value: num('prosecutionsReceived') },
    { heading: '提起公诉数', value: num('prosecuted') },
    { heading: '不起诉数', value: num('notProsecuted') },
    { heading: '检察按期办结环节', value: num('procuratorateStepsOnTime') },
    { heading: '检察逾期办结环节', value: num('procuratorateStepsLate') },
    { heading: '法院受理数', value: num('trialsAccepted') },
    { heading: '判决有罪数', value: num('convicted') },
    { heading: '判决无罪或免予刑事处罚数', value: num('notConvicted') },
    { heading: '法院按期办结环节', value: num('courtStepsOnTime') },
    { heading: '法院逾期办结环节', value: num('courtStepsLate') },
    ...STAGE_LABELS.flatMap(([stage, label]): Column[] => [
      { heading: `${label}录入完整`, value: (r) => stageOf(r, stage)?.complete ?? null },
      { heading: `${label}录入缺项`, value: (r) => stageOf(r, stage)?.incomplete ?? null },
      { heading: `${label}缺项明细`, value: (r) => stageOf(r, stage)?.missing.map((m) => `${m.item}${m.count}件（${m.article}）`).join('；') ?? null },
    ]),
  ];
}

/** The table's title, e.g. 两法衔接考核通报（2026年，按机关）. */
export const assessmentTitle = (table: AssessmentExportTable) => `两法衔接考核通报（${table.period}，${dimensionWord[table.by] ?? table.by}）`;

/** The table as cells: the headings, a row per row, then the total (合计). */
export function assessmentCells(table: AssessmentExportTable): { headings: string[]; rows: Cell[][] } {
  const columns = assessmentColumns(table.by);
  const line = (r: AssessmentExportRow) => columns.map((c) => c.value(r));
  return { headings: columns.map((c) => c.heading), rows: [...table.rows.map(line), line({ ...table.total, label: '合计' })] };
}

const csvField = (v: Cell) => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV (RFC 4180, CRLF) in UTF-8 with a byte-order mark. */
export function assessmentCsv(table: AssessmentExportTable): Uint8Array {
  const { headings, rows } = assessmentCells(table);
  const text = [headings, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
  return new TextEncoder().encode(`\uFEFF${text}`);
}

// ---- XLSX ----------------------------------------------------------------------------------

const xmlText = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
  // XML 1.0 admits no control characters but tab, newline and carriage return.
  .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

/** A column's letters: 0 → A, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function cellXml(v: Cell, ref: string, style: number): string {
  if (v === null || v === '') return '';
  const s = style ? ` s="${style}"` : '';
  if (typeof v === 'number' && Number.isFinite(v)) return `<c r="${ref}"${s}><v>${v}</v></c>`;
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${xmlText(String(v))}</t></is></c>`;
}

function sheetXml(title: string, headings: string[], rows: Cell[][]): string {
  const lines: string[] = [];
  const put = (r: number, cells: Cell[], style = 0) =>
    lines.push(`<row r="${r}">${cells.map((v, c) => cellXml(v, `${columnName(c)}${r}`, style)).join('')}</row>`);
  put(1, [title], 1);
  put(2, headings, 1);
  rows.forEach((cells, k) => put(k + 3, cells, k === rows.length - 1 ? 1 : 0));
  const widths = headings.map((h, c) => `<col min="${c + 1}" max="${c + 1}" width="${c === 0 ? 32 : Math.max(10, h.length * 2 + 2)}" customWidth="1"/>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="2" xSplit="1" topLeftCell="B3" activePane="bottomRight" state="frozen"/></sheetView></sheetViews><cols>${widths}</cols><sheetData>${lines.join('')}</sheetData></worksheet>`;
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="宋体"/></font><font><b/><sz val="11"/><name val="宋体"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs></styleSheet>`;

/** The sheet's name (Excel: at most 31 characters, none of []:*?/\). */
const sheetName = (s: string) => s.replace(/[[\]:*?/\\]/g, '').slice(0, 31) || '考核通报';

/** The workbook: one sheet with the title, the headings, the rows and the total. */
export function assessmentXlsx(table: AssessmentExportTable): Uint8Array {
  const { headings, rows } = assessmentCells(table);
  const name = sheetName(`${table.period}${dimensionWord[table.by] ?? ''}`);
  return zip([
    ['[Content_Types].xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`],
    ['_rels/.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${xmlText(name)}" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`],
    ['xl/styles.xml', STYLES],
    ['xl/worksheets/sheet1.xml', sheetXml(assessmentTitle(table), headings, rows)],
  ]);
}

// ---- A minimal zip writer (stored entries; APPNOTE 6.3.x) ----------------------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip archive of stored (uncompressed) entries, names in UTF-8 (flag bit 11). */
export function zip(entries: [string, string | Uint8Array][]): Uint8Array {
  const encoder = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  // 1980-01-01 00:00, the DOS epoch: a fixed date keeps the output reproducible.
  const dosTime = 0;
  const dosDate = (0 << 9) | (1 << 5) | 1;
  for (const [name, content] of entries) {
    const nameBytes = encoder.encode(name);
    const data = typeof content === 'string' ? encoder.encode(content) : content;
    const crc = crc32(data);
    const local = new Uint8Array(30 + nameBytes.length + data.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x0800, true);
    lv.setUint16(8, 0, true);
    lv.setUint16(10, dosTime, true);
    lv.setUint16(12, dosDate, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, data.length, true);
    lv.setUint16(26, nameBytes.length, true);
    lv.setUint16(28, 0, true);
    local.set(nameBytes, 30);
    local.set(data, 30 + nameBytes.length);
    const central = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, 0, true);
    cv.setUint16(12, dosTime, true);
    cv.setUint16(14, dosDate, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, offset, true);
    central.set(nameBytes, 46);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const centralSize = centrals.reduce((a, c) => a + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + centralSize + 22);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
