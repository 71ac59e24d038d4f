/**
 * Tokens already verified, by their exact text, each until it stops being valid: an ES256
 * verification costs about as much CPU as the rest of a small request, and the same token
 * comes with every request of a session (a user's at the gateway, the gateway's assertion
 * at a subgraph). A token that failed is never kept, so it is verified (and refused) again;
 * one past its time is dropped when asked for. At most `maxEntries`, the least recently used
 * going first.
 */
export class VerifiedTokens<T> {
  private readonly entries = new Map<string, { value: T; until: number }>();

  constructor(private readonly maxEntries = 10_000) {}

  /** What `token` verified as, while it is still valid (`now` < its `until`). */
  get(token: string, now = Date.now()): T | undefined {
    const hit = this.entries.get(token);
    if (!hit) return undefined;
    this.entries.delete(token);
    if (hit.until <= now) return undefined;
    this.entries.set(token, hit); // the most recently used last
    return hit.value;
  }

  /** Keeps a verified token's result until `until` (ms since the epoch). */
  set(token: string, value: T, until: number): void {
    if (!(until > Date.now())) return;
    this.entries.delete(token);
    this.entries.set(token, { value, until });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A JWT's numeric claim (exp, iat) read without verifying it: only for a token that was just verified. */
export function numericClaim(token: string, claim: 'exp' | 'iat'): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const value = payload[claim];
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A viewer kept for many requests must not be changed by any of them. */
export function frozen<T extends { roles: readonly unknown[] }>(viewer: T): T {
  Object.freeze(viewer.roles);
  return Object.freeze(viewer);
}
