import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { AuthenticationError } from './errors';
import { SIGNING_ALG } from './keys';
import { frozen, numericClaim, VerifiedTokens } from './verified-tokens';
import { isRole, PUBLIC_SUBJECT, reservedSubject, type Viewer } from './viewer';

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
  // Only the public goes unnamed: a role under a reserved subject would be audited as nobody.
  const refused = roles.some((role) => role !== 'public') ? reservedSubject(payload.sub!) : null;
  if (refused) throw new AuthenticationError(`Invalid identity assertion: ${refused}`);
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
 * Verifies assertions, remembering the ones already verified (VerifiedTokens) until they
 * expire or pass the age verifyAssertion allows: the gateway reuses an assertion for many
 * requests.
 */
export class AssertionVerifier {
  private readonly verified: VerifiedTokens<Viewer>;

  constructor(private readonly subgraph: string, private readonly key: CryptoKey, maxEntries = 10_000) {
    this.verified = new VerifiedTokens(maxEntries);
  }

  async verify(token: string): Promise<Viewer> {
    const hit = this.verified.get(token);
    if (hit) return hit;
    const viewer = frozen(await verifyAssertion(token, this.subgraph, this.key));
    const exp = numericClaim(token, 'exp');
    const iat = numericClaim(token, 'iat');
    if (exp !== undefined && iat !== undefined) this.verified.set(token, viewer, Math.min(exp, iat + ASSERTION_TTL_SECONDS + 5) * 1000);
    return viewer;
  }
}
