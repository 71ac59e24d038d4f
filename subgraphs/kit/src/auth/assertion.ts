import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT, type CryptoKey } from 'jose';
import { AuthenticationError } from './errors';
import { SIGNING_ALG } from './keys';
import { isRole, type Viewer } from './viewer';

/**
 * The identity assertion the gateway sends each subgraph: a JWT signed by the gateway,
 * addressed to one subgraph (`aud`), valid for a minute, carrying the verified viewer and
 * the request id. A subgraph accepts nothing else, so calling it directly bypasses nothing.
 */
export const ASSERTION_ISSUER = 'xianjie-gateway';
export const ASSERTION_TTL_SECONDS = 60;
export const assertionAudience = (subgraph: string) => `xianjie-subgraph:${subgraph}`;

export async function signAssertion(
  viewer: Viewer,
  subgraph: string,
  key: CryptoKey,
  requestId: string = randomUUID(),
): Promise<string> {
  return new SignJWT({
    inst: viewer.institution,
    org: viewer.org,
    roles: viewer.roles,
    region: viewer.region,
    rid: requestId,
  })
    .setProtectedHeader({ alg: SIGNING_ALG, typ: 'JWT' })
    .setSubject(viewer.subject ?? 'public')
    .setIssuer(ASSERTION_ISSUER)
    .setAudience(assertionAudience(subgraph))
    .setIssuedAt()
    .setExpirationTime(`${ASSERTION_TTL_SECONDS}s`)
    .sign(key);
}

export interface VerifiedAssertion {
  viewer: Viewer;
  requestId: string;
}

/** Verifies an assertion addressed to `subgraph`; throws AuthenticationError saying why not. */
export async function verifyAssertion(token: string, subgraph: string, key: CryptoKey): Promise<VerifiedAssertion> {
  try {
    // Only ES256 is accepted: an unsigned (alg: none) or HMAC token fails here.
    const { payload } = await jwtVerify(token, key, {
      algorithms: [SIGNING_ALG],
      issuer: ASSERTION_ISSUER,
      audience: assertionAudience(subgraph),
      maxTokenAge: `${ASSERTION_TTL_SECONDS + 5}s`,
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
    const str = (value: unknown) => (typeof value === 'string' ? value : null);
    return {
      viewer: {
        subject: payload.sub === 'public' ? null : (payload.sub ?? null),
        institution: str(payload.inst),
        org: str(payload.org),
        roles: roles.length ? roles : ['public'],
        region: str(payload.region),
      },
      requestId: str(payload.rid) ?? 'unknown',
    };
  } catch (error) {
    throw new AuthenticationError(`Invalid identity assertion: ${describeJoseError(error)}`);
  }
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
