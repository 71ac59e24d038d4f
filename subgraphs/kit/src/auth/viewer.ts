/**
 * The roles Xianjie knows. `public` is anyone without a token. `agency-head` is the head
 * of an enforcement agency (正职负责人, who approves transfers: 国务院令第310号 Art. 5); a
 * head's token carries `enforcement` too.
 */
export const ROLES = ['public', 'enforcement', 'agency-head', 'police', 'procurator', 'judge', 'oversight'] as const;
export type Role = (typeof ROLES)[number];

/** The institution each role belongs to; a token's institution must match its role. */
export const ROLE_INSTITUTION: Record<Exclude<Role, 'public'>, string> = {
  enforcement: 'enforcement',
  'agency-head': 'enforcement',
  police: 'police',
  procurator: 'procuratorate',
  judge: 'court',
  oversight: 'oversight',
};

/** Who is asking: verified at the gateway, asserted to each subgraph. */
export interface Viewer {
  subject: string | null;
  institution: string | null;
  /** Organisation code: agency id (AG-…), bureau, procuratorate or court code. */
  org: string | null;
  roles: Role[];
  region: string | null;
}

/**
 * The subject that stands for the public (no token) in identity assertions. No user may
 * have it, in any case or spacing: a token for it is refused, so an audit entry's subject
 * always names who read.
 */
export const PUBLIC_SUBJECT = 'public';

/** Why a user's subject cannot be used, or null when it can. */
export function reservedSubject(subject: string): string | null {
  if (subject.trim() === '') return 'its subject is empty';
  if (subject.trim().toLowerCase() === PUBLIC_SUBJECT) return `its subject "${subject}" is reserved for the public`;
  return null;
}

export const PUBLIC_VIEWER: Viewer = Object.freeze({
  subject: null,
  institution: null,
  org: null,
  roles: ['public'] as Role[],
  region: null,
}) as Viewer;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
