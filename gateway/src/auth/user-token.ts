import {
  AuthenticationError,
  describeJoseError,
  frozen,
  isRole,
  numericClaim,
  PUBLIC_VIEWER,
  reservedSubject,
  ROLE_INSTITUTION,
  SIGNING_ALG,
  type Role,
  VerifiedTokens,
  type Viewer,
} from '@xianjie/subgraph-kit';
import { createRemoteJWKSet, jwtVerify, SignJWT, type CryptoKey, type JWTVerifyGetKey } from 'jose';

/** How the gateway verifies users' bearer tokens: a JWKS in production, a local key in development. */
export interface UserTokenConfig {
  key: CryptoKey | JWTVerifyGetKey;
  issuer: string;
  audience: string;
}

export const DEV_ISSUER = 'xianjie-dev-issuer';
export const DEV_AUDIENCE = 'xianjie';

export function jwksConfig(jwksUrl: string, issuer: string, audience: string): UserTokenConfig {
  return { key: createRemoteJWKSet(new URL(jwksUrl)), issuer, audience };
}

/** The tokens each configuration has verified (a user sends the same token with every request). */
const verifiedByConfig = new WeakMap<UserTokenConfig, VerifiedTokens<Viewer>>();

/**
 * Verifies a request's `Authorization: Bearer` token (signature, expiry, issuer,
 * audience) and returns the viewer; no token is the public. A token that is malformed,
 * expired or wrongly signed, or whose role or institution Xianjie does not know, is
 * refused with 401 — it never falls back to the public.
 *
 * A token that verified is remembered by its exact text until its `exp` (VerifiedTokens),
 * so the signature is checked once per token, not once per request; an expired token is
 * refused as before, and a refused one is checked again each time.
 */
export async function verifyUserToken(authorization: string | undefined, config: UserTokenConfig): Promise<Viewer> {
  // Only a request without the header is the public; an empty or malformed one is refused.
  if (authorization === undefined) return PUBLIC_VIEWER;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw new AuthenticationError('Invalid Authorization header: expected "Bearer <token>"');
  const token = match[1]!;
  let verified = verifiedByConfig.get(config);
  if (!verified) verifiedByConfig.set(config, (verified = new VerifiedTokens()));
  const known = verified.get(token);
  if (known) return known;
  const viewer = frozen(await verifyUncached(token, config));
  verified.set(token, viewer, numericClaim(token, 'exp')! * 1000);
  return viewer;
}

async function verifyUncached(token: string, config: UserTokenConfig): Promise<Viewer> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, config.key as CryptoKey, {
      algorithms: [SIGNING_ALG, 'RS256', 'EdDSA'],
      issuer: config.issuer,
      audience: config.audience,
      requiredClaims: ['sub', 'exp'],
    }));
  } catch (error) {
    throw new AuthenticationError(`Invalid token: ${describeJoseError(error)}`);
  }
  const refused = reservedSubject(payload.sub!);
  if (refused) throw new AuthenticationError(`Invalid token: ${refused}; every reader is named in the audit logs`);
  const roles = payload.roles;
  if (!Array.isArray(roles) || roles.length === 0) throw new AuthenticationError('Invalid token: it has no roles');
  const unknown = roles.filter((role) => !isRole(role) || role === 'public');
  if (unknown.length > 0) throw new AuthenticationError(`Invalid token: unknown role ${JSON.stringify(unknown[0])}`);
  const institution = typeof payload.inst === 'string' ? payload.inst : null;
  for (const role of roles as Exclude<Role, 'public'>[]) {
    if (ROLE_INSTITUTION[role] !== institution) {
      throw new AuthenticationError(`Invalid token: role "${role}" does not belong to institution ${JSON.stringify(institution)}`);
    }
  }
  const org = typeof payload.org === 'string' ? payload.org : null;
  if (roles.includes('agency-head') && !roles.includes('enforcement')) throw new AuthenticationError('Invalid token: an agency head is an enforcement officer too (roles enforcement and agency-head)');
  if (roles.includes('enforcement') && !org) throw new AuthenticationError('Invalid token: an enforcement officer needs an organisation (agency id)');
  return {
    subject: payload.sub!,
    institution,
    org,
    roles: roles as Role[],
    region: typeof payload.region === 'string' ? payload.region : null,
  };
}

export interface DevTokenClaims {
  subject: string;
  role: Exclude<Role, 'public'>;
  org?: string | null;
  region?: string | null;
  expiresIn?: string;
}

/** Signs a development user token with the local issuer key (`npm run token`). */
export async function issueDevToken(claims: DevTokenClaims, key: CryptoKey): Promise<string> {
  return new SignJWT({
    inst: ROLE_INSTITUTION[claims.role],
    org: claims.org ?? null,
    roles: claims.role === 'agency-head' ? ['enforcement', 'agency-head'] : [claims.role],
    region: claims.region ?? '421200',
  })
    .setProtectedHeader({ alg: SIGNING_ALG, typ: 'JWT' })
    .setSubject(claims.subject)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '8h')
    .sign(key);
}
