import { badUserInput } from './errors';

/**
 * Every record id is `PREFIX-` and a body of digits, capitals and dashes, e.g. `AC-0000042`,
 * `AG-421202-SCJG`. The prefix names the kind of record, so an id passed to the wrong
 * lookup is a client error, not a silent miss.
 */
export const ID_PREFIX = {
  chain: 'XJ',
  agency: 'AG',
  officer: 'OF',
  administrativeCase: 'AC',
  transfer: 'TR',
  policeCase: 'PC',
  prosecutionCase: 'PR',
  criminalTrial: 'CT',
  filingSupervision: 'FS',
} as const;

export type IdKind = keyof typeof ID_PREFIX;

const BODY = /^[0-9A-Z][0-9A-Z-]{0,47}$/;

/** Validates an id argument; malformed ids are BAD_USER_INPUT, well-formed unknown ids are not errors. */
export function parseId(kind: IdKind, value: string, argument = 'id'): string {
  const prefix = ID_PREFIX[kind];
  if (value.startsWith(`${prefix}-`) && BODY.test(value.slice(prefix.length + 1))) return value;
  throw badUserInput(`"${value}" is not a valid ${kind} id: expected ${prefix}- followed by digits, e.g. ${prefix}-0000001`, argument);
}

/** The id of record `index` (1-based) of a kind, as the demo generator assigns them. */
export function indexedId(kind: IdKind, index: number): string {
  return `${ID_PREFIX[kind]}-${String(index).padStart(7, '0')}`;
}
