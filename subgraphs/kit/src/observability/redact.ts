/**
 * What must never reach a log line, a span attribute or a metric label: a person's
 * identity. Names cannot be recognised in free text, so no log or span carries
 * variables, results, request or response bodies, or SQL parameters (the callers'
 * rule); what can be recognised is removed here as a second line of defence: an
 * 18-digit 公民身份号码 (GB 11643, the check character may be X), the older 15-digit
 * one, and an 18-character 统一社会信用代码 (GB 32100), which names a sole trader too.
 */
const ID_NUMBER = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
const CREDIT_CODE = /(?<![0-9A-Za-z])[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}(?![0-9A-Za-z])/g;
/** Anything that could hold a person's name: CJK characters (a name, a text). */
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

export const REDACTED = '[redacted]';

/** The text with every ID number and credit code replaced by [redacted]. */
export function redactText(text: string): string {
  if (!/\d{6}/.test(text)) return text; // cheap: every pattern has six digits in a row
  return text.replace(ID_NUMBER, REDACTED).replace(CREDIT_CODE, REDACTED);
}

/** A shallow copy of a log object with its strings (and arrays of strings) redacted; the object itself when nothing changes. */
export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    let clean: unknown;
    if (typeof value === 'string') {
      clean = redactText(value);
      if (clean === value) continue;
    } else if (Array.isArray(value) && value.some((v) => typeof v === 'string' && redactText(v) !== v)) {
      clean = value.map((v) => (typeof v === 'string' ? redactText(v) : v));
    } else continue;
    (copy ??= { ...fields })[key] = clean;
  }
  return copy ?? fields;
}

const sqlCache = new Map<string, string>();

/**
 * A SQL statement as a span may carry it (db.statement): Kysely sends every value as a
 * parameter ($1), so the text holds none; a string literal written into the text is
 * replaced by '?' all the same unless it is a plain lower-case word (a state such as
 * 'pending'), and what redactText recognises is removed. Long statements are cut at 2,000
 * characters. Cached: a service runs a few hundred distinct statements.
 */
export function sqlForSpan(sql: string): string {
  const cached = sqlCache.get(sql);
  if (cached !== undefined) return cached;
  let text = sql.replace(/'(?:[^']|'')*'/g, (literal) => (/^'[a-z_ ]{0,40}'$/.test(literal) ? literal : "'?'"));
  text = redactText(text);
  if (CJK.test(text)) text = text.replace(/[\u3400-\u9fff\uf900-\ufaff]+/g, '?');
  if (text.length > 2000) text = `${text.slice(0, 2000)}…`;
  if (sqlCache.size >= 2000) sqlCache.clear();
  sqlCache.set(sql, text);
  return text;
}
