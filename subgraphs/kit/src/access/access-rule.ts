import { Kind, type ConstDirectiveNode, type DocumentNode } from 'graphql';
import type { Viewer } from '../auth/viewer';
import { ROLES } from '../auth/viewer';

/** How a value is shown to a caller who reads it masked. */
export const MASKS = ['PERSON_NAME', 'PERSON_NAMES_IN_TEXT'] as const;
export type Mask = (typeof MASKS)[number];

/** An `@access` rule as declared in an institution's SDL (see federation-header.ts). */
export interface AccessRule {
  /** Roles that read in full. */
  allow: readonly string[];
  /** A field of the record holding an agency id: that agency's officers read in full. */
  owner?: string;
  /** Roles that read the value masked, wherever they may read the record. */
  masked?: readonly string[];
  /** A boolean field of the record: when true, everyone reads it (masked, if `mask` is given). */
  publicWhen?: string;
  mask?: Mask;
  /** For PERSON_NAMES_IN_TEXT: the field of the record holding the names of the persons the text may name. */
  names?: string;
}

/**
 * What `@access` declares of a type or field: a rule, or one of two explicit markers —
 * `public` (carries nothing protected: anyone may read it) and `inherit` (no rule of its
 * own: it is read with the record that holds it, and the records it returns keep theirs).
 */
export type AccessDeclaration = { kind: 'rule'; rule: AccessRule } | { kind: 'public' } | { kind: 'inherit' };

/** Full value, masked value, or nothing (null + FORBIDDEN). */
export type AccessDecision = 'FULL' | 'MASKED' | 'DENY';

const isRoleName = (value: string) => (ROLES as readonly string[]).includes(value);

/** Reads an `@access` directive; throws, saying what is wrong, when it is not one the kit can enforce. */
export function parseAccessDeclaration(directive: ConstDirectiveNode): AccessDeclaration {
  const args = new Map<string, string | string[] | boolean>();
  for (const arg of directive.arguments ?? []) {
    const value = arg.value;
    if (value.kind === 'ListValue') args.set(arg.name.value, value.values.flatMap((v) => (v.kind === 'StringValue' ? [v.value] : [])));
    else if (value.kind === 'StringValue' || value.kind === 'BooleanValue') args.set(arg.name.value, value.value);
  }
  const problem = (what: string) => new Error(`@access(${[...args.keys()].join(', ')}): ${what}`);
  for (const marker of ['public', 'inherit'] as const) {
    if (!args.has(marker)) continue;
    if (args.get(marker) !== true || args.size !== 1) throw problem(`${marker}: true stands alone`);
    return { kind: marker };
  }
  const roles = (name: string) => {
    const list = (args.get(name) as string[] | undefined) ?? [];
    const unknown = list.filter((r) => !isRoleName(r));
    if (unknown.length) throw problem(`unknown role ${unknown.join(', ')} in ${name}`);
    return list;
  };
  const text = (name: string) => args.get(name) as string | undefined;
  const rule: AccessRule = { allow: roles('allow') };
  const masked = roles('masked');
  if (masked.length) rule.masked = masked;
  for (const name of ['owner', 'publicWhen', 'names'] as const) if (text(name) !== undefined) rule[name] = text(name);
  const mask = text('mask');
  if (mask !== undefined) {
    if (!(MASKS as readonly string[]).includes(mask)) throw problem(`unknown mask ${mask} (known: ${MASKS.join(', ')})`);
    rule.mask = mask as Mask;
  }
  if (rule.masked && !rule.mask) throw problem('masked roles need a mask');
  if (rule.mask && !rule.masked && rule.publicWhen === undefined) throw problem('a mask needs masked roles or publicWhen');
  if ((rule.mask === 'PERSON_NAMES_IN_TEXT') !== (rule.names !== undefined)) throw problem('PERSON_NAMES_IN_TEXT and names go together');
  return { kind: 'rule', rule };
}

export function findAccessDeclaration(directives: readonly ConstDirectiveNode[] | undefined, name = 'access'): AccessDeclaration | undefined {
  const directive = directives?.find((d) => d.name.value === name);
  return directive ? parseAccessDeclaration(directive) : undefined;
}

/** The rule a type or field declares; undefined when it declares none or a marker (nothing to enforce). */
export function findAccessRule(directives: readonly ConstDirectiveNode[] | undefined, name = 'access'): AccessRule | undefined {
  const declaration = findAccessDeclaration(directives, name);
  return declaration?.kind === 'rule' ? declaration.rule : undefined;
}

const hasRole = (viewer: Viewer, roles: readonly string[] | undefined) => viewer.roles.some((role) => roles?.includes(role));
const mayOwn = (rule: AccessRule, viewer: Viewer) => rule.owner !== undefined && viewer.roles.includes('enforcement') && viewer.org !== null;

/** The rule a type of an SDL declares (its definition's, not an extension's); throws when it declares none. */
export function declaredTypeRule(typeDefs: DocumentNode, typeName: string): AccessRule {
  const definition = typeDefs.definitions.find((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === typeName);
  const rule = definition?.kind === Kind.OBJECT_TYPE_DEFINITION ? findAccessRule(definition.directives) : undefined;
  if (!rule) throw new Error(`${typeName} declares no @access rule in this SDL`);
  return rule;
}

/** Decides a rule for a viewer and the record (row) the field belongs to. */
export function decideAccess(rule: AccessRule, viewer: Viewer, row: Record<string, unknown>): AccessDecision {
  if (hasRole(viewer, rule.allow)) return 'FULL';
  if (mayOwn(rule, viewer) && row[rule.owner!] === viewer.org) return 'FULL';
  if (hasRole(viewer, rule.masked)) return 'MASKED';
  if (rule.publicWhen !== undefined && row[rule.publicWhen] === true) return rule.mask ? 'MASKED' : 'FULL';
  return 'DENY';
}

/**
 * Decides a rule without the record: DENY when no record could admit the viewer (the
 * gateway drops such fields before planning), MAYBE when the record decides.
 */
export function decideAccessWithoutRecord(rule: AccessRule, viewer: Viewer): 'DENY' | 'MAYBE' {
  if (hasRole(viewer, rule.allow) || mayOwn(rule, viewer) || hasRole(viewer, rule.masked)) return 'MAYBE';
  return rule.publicWhen !== undefined ? 'MAYBE' : 'DENY';
}

/**
 * Whether a viewer may filter, order or count by a value under this rule: only by what it
 * reads in full. Roles in `allow` may; an agency may by a rule it owns, and anyone by a
 * rule public when a flag is set, because a list only holds the records whose flag or
 * owner admits the viewer (its row scope); whoever reads the value masked may not, since a
 * filter would compare the full value.
 */
export function mayFilterBy(rule: AccessRule, viewer: Viewer): boolean {
  if (hasRole(viewer, rule.allow) || mayOwn(rule, viewer)) return true;
  if (hasRole(viewer, rule.masked)) return false;
  return rule.publicWhen !== undefined && !rule.mask;
}

/** A person's name as those who may not see it read it: its first character and `*` (张三 → 张*). */
const maskName = (name: string) => `${Array.from(name)[0] ?? ''}*`;

/** A resident identity number (GB 11643: 17 digits and a check character) inside a text. */
const RESIDENT_ID = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;

/**
 * The masked value of a field, or undefined when the record lacks what masking needs (the
 * value is then withheld). PERSON_NAME: a person's name becomes 张*; an organisation's is
 * kept. PERSON_NAMES_IN_TEXT: every name of the persons the record names (`rule.names`, a
 * list or a function returning one) becomes 张*, and every resident ID number is starred.
 */
export async function maskValue(rule: AccessRule, value: unknown, row: Record<string, unknown>): Promise<unknown> {
  if (typeof value !== 'string') return value;
  if (rule.mask === 'PERSON_NAME') return (row.kind ?? row.partyKind) === 'ORGANIZATION' ? value : maskName(value);
  const source = row[rule.names!];
  const names = (typeof source === 'function' ? await source() : source) as readonly string[] | null | undefined;
  if (!Array.isArray(names)) return undefined;
  let text = value.replace(RESIDENT_ID, (id) => '*'.repeat(id.length));
  // Longest first, so a name inside another (张三 in 张三丰) does not leave the rest.
  for (const name of [...names].filter(Boolean).sort((a, b) => b.length - a.length)) text = text.split(name).join(maskName(name));
  return text;
}
