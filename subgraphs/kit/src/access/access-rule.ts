import type { ConstDirectiveNode } from 'graphql';
import type { Viewer } from '../auth/viewer';

/** An `@access` rule as declared in an institution's SDL (see federation-header.ts). */
export interface AccessRule {
  allow: readonly string[];
  owner?: string;
  publicWhen?: string;
  mask?: string;
}

/** Full value, masked value, or nothing (null + FORBIDDEN). */
export type AccessDecision = 'FULL' | 'MASKED' | 'DENY';

export function parseAccessDirective(directive: ConstDirectiveNode): AccessRule {
  const rule: { allow: string[]; owner?: string; publicWhen?: string; mask?: string } = { allow: [] };
  for (const arg of directive.arguments ?? []) {
    const value = arg.value;
    if (arg.name.value === 'allow' && value.kind === 'ListValue') {
      rule.allow = value.values.flatMap((v) => (v.kind === 'StringValue' ? [v.value] : []));
    } else if (value.kind === 'StringValue' && (arg.name.value === 'owner' || arg.name.value === 'publicWhen' || arg.name.value === 'mask')) {
      rule[arg.name.value] = value.value;
    }
  }
  return rule;
}

export function findAccessRule(directives: readonly ConstDirectiveNode[] | undefined, name = 'access'): AccessRule | undefined {
  const directive = directives?.find((d) => d.name.value === name);
  return directive ? parseAccessDirective(directive) : undefined;
}

const isOwner = (rule: AccessRule, viewer: Viewer, row: Record<string, unknown>) =>
  rule.owner !== undefined && viewer.roles.includes('enforcement') && viewer.org !== null && row[rule.owner] === viewer.org;

/** Decides a rule for a viewer and the record (row) the field belongs to. */
export function decideAccess(rule: AccessRule, viewer: Viewer, row: Record<string, unknown>): AccessDecision {
  if (viewer.roles.some((role) => rule.allow.includes(role))) return 'FULL';
  if (isOwner(rule, viewer, row)) return 'FULL';
  if (rule.publicWhen !== undefined && row[rule.publicWhen] === true) return rule.mask ? 'MASKED' : 'FULL';
  return 'DENY';
}

/**
 * Decides a rule without the record: DENY when no record could admit the viewer (the
 * gateway drops such fields before planning), MAYBE when the record decides.
 */
export function decideAccessWithoutRecord(rule: AccessRule, viewer: Viewer): 'DENY' | 'MAYBE' {
  if (viewer.roles.some((role) => rule.allow.includes(role))) return 'MAYBE';
  if (rule.owner !== undefined && viewer.roles.includes('enforcement') && viewer.org) return 'MAYBE';
  if (rule.publicWhen !== undefined) return 'MAYBE';
  return 'DENY';
}

/** PERSON_NAME: a person's name becomes its first character and `*` (张三 → 张*); organisations are not masked. */
export function maskValue(mask: string, value: unknown, row: Record<string, unknown>): unknown {
  if (typeof value !== 'string') return value;
  if (mask === 'PERSON_NAME') {
    const kind = row.kind ?? row.partyKind;
    if (kind === 'ORGANIZATION') return value;
    return `${Array.from(value)[0] ?? ''}*`;
  }
  return null;
}
