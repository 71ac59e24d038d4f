import { redactFields, redactText, sqlForSpan } from './redact';

describe('redaction', () => {
  it('removes 18- and 15-digit ID numbers and credit codes, and nothing else', () => {
    expect(redactText('身份证号 42120219800506003X，旧号 421202800506003，代码 91421202MA4K7P2Q0X')).toBe('身份证号 [redacted]，旧号 [redacted]，代码 [redacted]');
    const kept = 'XJ-0000005 （2026）鄂1202刑初5号 咸安市监立〔2026〕12号 trace 4f1c0a9be5d34b1c9e3c1d2f3a4b5c6d request 52359791-b100-435e-9af9-3714aec5fbd8 at 2026-11-28T02:09:13.848Z';
    expect(redactText(kept)).toBe(kept);
  });

  it('copies a log object only when a field changes', () => {
    const clean = { subgraph: 'police', codes: ['FORBIDDEN'] };
    expect(redactFields(clean)).toBe(clean);
    expect(redactFields({ a: '42120219800506003X', b: ['x', '421202198005060031'], n: 4 })).toEqual({ a: '[redacted]', b: ['x', '[redacted]'], n: 4 });
  });

  it('keeps SQL text but no literal value in a span', () => {
    expect(sqlForSpan(`select * from "party" where "id_number" = $1 and state = 'pending'`)).toBe(`select * from "party" where "id_number" = $1 and state = 'pending'`);
    expect(sqlForSpan(`select * from "party" where "name" = '欧阳锋' or "id_number" = '42120219800506003X' or x = 'It''s'`)).toBe(
      `select * from "party" where "name" = '?' or "id_number" = '?' or x = '?'`,
    );
    expect(sqlForSpan(`select 1 -- 欧阳锋 421202198005060031`)).toBe('select 1 -- ? [redacted]');
    const long = sqlForSpan(`select ${'"c", '.repeat(1000)}1`);
    expect(long).toHaveLength(2001);
    expect(long.endsWith('…')).toBe(true);
  });
});
