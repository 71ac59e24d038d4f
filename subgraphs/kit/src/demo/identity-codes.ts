/**
 * Check characters of Chinese identity numbers, so demo parties look real and pass validators:
 * - GB 11643-1999 公民身份号码 (18 characters, ISO 7064 MOD 11-2 check digit)
 * - GB 11714-1997 组织机构代码 (8 + 1 characters, MOD 11 check)
 * - GB 32100-2015 统一社会信用代码 (18 characters, MOD 31 check; contains the GB 11714 code)
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check digit of the first 17 digits of a 身份证号 (GB 11643). */
export function residentIdCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`not 17 digits: ${first17}`);
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += Number(first17[k]) * ID_WEIGHTS[k]!;
  return ID_CHECK[sum % 11]!;
}

export function isValidResidentId(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && residentIdCheckDigit(id.slice(0, 17)) === id[17];
}

/** A 身份证号 from a 6-digit region code, a birth date and a 3-digit sequence (odd = male). */
export function residentId(regionCode: string, birth: Date, sequence: number): string {
  const y = birth.getUTCFullYear();
  const m = String(birth.getUTCMonth() + 1).padStart(2, '0');
  const d = String(birth.getUTCDate()).padStart(2, '0');
  const first17 = `${regionCode}${y}${m}${d}${String(sequence % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckDigit(first17);
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const charValue = (ch: string) => (ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 55);

/** The check character of an 8-character 组织机构代码 body (GB 11714). */
export function organizationCodeCheck(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) throw new Error(`not an organisation code body: ${body8}`);
  let sum = 0;
  for (let k = 0; k < 8; k++) sum += charValue(body8[k]!) * ORG_WEIGHTS[k]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function isValidOrganizationCode(code9: string): boolean {
  return /^[0-9A-Z]{8}[0-9X]$/.test(code9) && organizationCodeCheck(code9.slice(0, 8)) === code9[8];
}

/** GB 32100 character set: digits and capitals without I, O, S, V, Z. */
export const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of the first 17 characters of a 统一社会信用代码 (GB 32100). */
export function creditCodeCheck(first17: string): string {
  let sum = 0;
  for (let k = 0; k < 17; k++) {
    const v = CREDIT_CODE_CHARS.indexOf(first17[k] ?? '?');
    if (v < 0) throw new Error(`invalid credit code character in ${first17}`);
    sum += v * CREDIT_WEIGHTS[k]!;
  }
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31]!;
}

export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  if (!isValidOrganizationCode(code.slice(8, 17))) return false;
  return creditCodeCheck(code.slice(0, 17)) === code[17];
}

/**
 * A 统一社会信用代码: registration authority (1 char: '9' 市场监管/工商, '1' 机构编制),
 * category (1 char: '1' enterprise / 机关), 6-digit region, 8-digit organisation body.
 */
export function creditCode(authority: string, category: string, regionCode: string, orgBody8: string): string {
  const org = orgBody8 + organizationCodeCheck(orgBody8);
  const first17 = `${authority}${category}${regionCode}${org}`;
  return first17 + creditCodeCheck(first17);
}
