import { numericClaim, VerifiedTokens } from './verified-tokens';

describe('VerifiedTokens: a verified token is kept until it stops being valid, never after', () => {
  it('answers a kept token until its time, and not from then on', () => {
    const kept = new VerifiedTokens<string>();
    const now = Date.now();
    kept.set('a', 'viewer a', now + 1000);
    expect(kept.get('a', now)).toBe('viewer a');
    expect(kept.get('a', now + 999)).toBe('viewer a');
    expect(kept.get('a', now + 1000)).toBeUndefined();
    // Once past its time it is gone, even if asked about an earlier moment.
    expect(kept.get('a', now)).toBeUndefined();
    expect(kept.get('b', now)).toBeUndefined();
  });

  it('does not keep a token already past its time, or one without a time', () => {
    const kept = new VerifiedTokens<string>();
    kept.set('old', 'x', Date.now() - 1);
    kept.set('none', 'x', Number.NaN);
    expect(kept.size).toBe(0);
  });

  it('keeps at most maxEntries, dropping the least recently used', () => {
    const kept = new VerifiedTokens<number>(2);
    const until = Date.now() + 60_000;
    kept.set('a', 1, until);
    kept.set('b', 2, until);
    expect(kept.get('a')).toBe(1); // a is now the most recently used
    kept.set('c', 3, until);
    expect(kept.size).toBe(2);
    expect(kept.get('b')).toBeUndefined();
    expect(kept.get('a')).toBe(1);
    expect(kept.get('c')).toBe(3);
  });

  it('reads exp and iat of a JWT, and nothing of a malformed one', () => {
    const body = Buffer.from(JSON.stringify({ exp: 1795862047, iat: 'x' })).toString('base64url');
    expect(numericClaim(`h.${body}.s`, 'exp')).toBe(1795862047);
    expect(numericClaim(`h.${body}.s`, 'iat')).toBeUndefined();
    expect(numericClaim('not a token', 'exp')).toBeUndefined();
  });
});
