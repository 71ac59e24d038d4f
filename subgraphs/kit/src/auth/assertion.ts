import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { AuthenticationError } from './errors';
import { SIGNING_ALG } from './keys';
import { isRole, PUBLIC_SUBJECT, type Viewer } from './viewer';

/**
 * The identity assertion the gateway sends each subgraph: a JWT signed by the gateway,
 * addressed to one subgraph (`aud`), valid for a minute, carrying the verified viewer.
 * A subgraph accepts nothing else, so calling it directly bypasses nothing.
 */
export const ASSERTION_ISSUER = 'xianjie-gateway';
export const ASSERTION_TTL_SECONDS = 60;
export const assertionAudience = (subgraph: string) => `xianjie-subgraph:${subgraph}`;

export async function signAssertion(viewer: Viewer, subgraph: string, key: CryptoKey): Promise<string> {
  return new SignJWT({
    inst: viewer.institution,
    org: viewer.org,
    roles: viewer.roles,
    region: viewer.region,
    jti: randomUUID(),
  })
    .setProtectedHeader({ alg: SIGNING_ALG, typ: 'JWT' })
    .setSubject(viewer.subject ?? PUBLIC_SUBJECT)
    .setIssuer(ASSERTION_ISSUER)
    .setAudience(assertionAudience(subgraph))
    .setIssuedAt()
    .setExpirationTime(`${ASSERTION_TTL_SECONDS}s`)
    .sign(key);
}

/** Verifies an assertion addressed to `subgraph`; throws AuthenticationError saying why not. */
export async function verifyAssertion(token: string, subgraph: string, key: CryptoKey): Promise<Viewer> {
  let payload: JWTPayload;
  try {
    // Only ES256 is accepted: an unsigned (alg: none) or HMAC token fails here.
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [SIGNING_ALG],
      issuer: ASSERTION_ISSUER,
      audience: assertionAudience(subgraph),
      maxTokenAge: `${ASSERTION_TTL_SECONDS + 5}s`,
      requiredClaims: ['exp', 'iat', 'sub'],
    }));
  } catch (error) {
    throw new AuthenticationError(`Invalid identity assertion: ${describeJoseError(error)}`);
  }
  const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
  const str = (value: unknown) => (typeof value === 'string' ? value : null);
  // Only the public goes unnamed: a role under the public's subject would be audited as nobody.
  if (payload.sub === PUBLIC_SUBJECT && roles.some((role) => role !== 'public')) {
    throw new AuthenticationError(`Invalid identity assertion: subject "${PUBLIC_SUBJECT}" is reserved for the public`);
  }
  return {
    subject: payload.sub === PUBLIC_SUBJECT ? null : payload.sub!,
    institution: str(payload.inst),
    org: str(payload.org),
    roles: roles.length ? roles : ['public'],
    region: str(payload.region),
  };
}

export function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'it has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim "${error.claim}" is not valid (${error.reason})`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'its signature does not verify';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'its algorithm is not allowed';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'it is malformed';
  if (error instanceof errors.JOSEError) return error.message;
  return 'it could not be verified';
}

/**
 * Verifies assertions, remembering the ones already verified until they expire: the
 * gateway reuses an assertion for many requests, and an ES256 verification costs about
 * as much CPU as the rest of a small request.
 */
export class AssertionVerifier {
  private readonly verified = new Map<string, { viewer: Viewer; until: number }>();

  constructor(private readonly subgraph: string, private readonly key: CryptoKey, private readonly maxEntries = 10_000) {}

  async verify(token: string): Promise<Viewer> {
    const hit = this.verified.get(token);
    if (hit && hit.until > Date.now()) return hit.viewer;
    const viewer = await verifyAssertion(token, this.subgraph, this.key);
    const exp = decodeExp(token);
    if (this.verified.size >= this.maxEntries) this.verified.clear();
    if (exp) this.verified.set(token, { viewer, until: Math.min(exp * 1000, Date.now() + ASSERTION_TTL_SECONDS * 1000) });
    return viewer;
  }
}

function decodeExp(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp : undefined;
  } catch {
    return undefined;
  }
}
