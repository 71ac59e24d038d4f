import { creditCode, residentId } from '../demo/identity-codes';
import { numberKey } from './number-key';
import { readSearchText } from './search-text';

describe('reading what was typed into the search box', () => {
  const id = residentId('421202', new Date(Date.UTC(1980, 4, 17)), 123);
  const withX = Array.from({ length: 1000 }, (_, n) => residentId('421202', new Date(Date.UTC(1975, 0, 1)), n)).find((v) => v.endsWith('X'))!;

  it('reads a linkage number however it is typed', () => {
    for (const text of ['XJ-0000005', 'xj-5', ' XJ-05 ', 'ＸＪ－５']) expect(readSearchText(text)).toEqual({ kind: 'CHAIN', value: 'XJ-0000005' });
  });

  it('reads an 18-character ID number or credit code only when its check character holds', () => {
    expect(readSearchText(id)).toEqual({ kind: 'IDENTITY', value: id });
    expect(readSearchText(withX.toLowerCase())).toEqual({ kind: 'IDENTITY', value: withX });
    const code = creditCode('9', '1', '421202', 'MA4C2K1P');
    expect(readSearchText(code.toLowerCase())).toEqual({ kind: 'IDENTITY', value: code });
    // One digit wrong: the check fails, so it is no ID number (a number, compared as such).
    const wrong = `${id.slice(0, 5)}${(Number(id[5]) + 1) % 10}${id.slice(6)}`;
    expect(readSearchText(wrong).kind).toBe('NUMBER');
  });

  it('reads anything else with a digit as a case or document number, by its key', () => {
    expect(readSearchText('（2024）鄂1202刑初0000123号')).toEqual({ kind: 'NUMBER', value: numberKey('(2024)鄂1202刑初123号') });
    expect(readSearchText('咸安检刑诉[2024]12号').value).toBe(readSearchText('咸安检刑诉〔2024〕12号').value);
  });

  it('reads a text without digits as a name, white space dropped', () => {
    expect(readSearchText(' 张 三 ')).toEqual({ kind: 'NAME', value: '张三' });
    expect(readSearchText('咸宁市某某建材有限公司')).toEqual({ kind: 'NAME', value: '咸宁市某某建材有限公司' });
  });

  it('refuses an empty or overlong text', () => {
    expect(() => readSearchText('  ')).toThrow(/empty/);
    expect(() => readSearchText('张'.repeat(101))).toThrow(/longer than 100/);
  });
});
