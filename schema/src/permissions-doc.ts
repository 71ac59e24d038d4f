import { findAccessDeclaration, type AccessDeclaration, type AccessRule } from '@xianjie/subgraph-kit';
import { Kind, parse, type ConstDirectiveNode, type FieldDefinitionNode, type InterfaceTypeDefinitionNode, type ObjectTypeDefinitionNode } from 'graphql';

const ROLE_ORDER = ['public', 'enforcement', 'police', 'procurator', 'judge', 'oversight'];

/** The subgraphs named by a type's `@join__type` or a field's `@join__field` directives. */
function graphsOf(directives: readonly ConstDirectiveNode[] | undefined, name: string): string[] {
  return (directives ?? [])
    .filter((d) => d.name.value === name)
    .map((d) => d.arguments?.find((a) => a.name.value === 'graph')?.value)
    .flatMap((v) => (v && v.kind === Kind.ENUM ? [v.value.toLowerCase()] : []));
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '?';
}

const MASK_WORDS: Record<string, string> = {
  PERSON_NAME: "a person's name as 张*",
  PERSON_NAMES_IN_TEXT: 'the names of the persons it names as 张*, ID numbers starred',
};

function describeRule(rule: AccessRule): string {
  const parts = [rule.allow.length ? rule.allow.join(', ') : 'nobody by role'];
  if (rule.owner) parts.push(`the owning agency (enforcement officers whose agency is the record's \`${rule.owner}\`)`);
  const mask = rule.mask ? MASK_WORDS[rule.mask] : '';
  if (rule.masked) parts.push(`masked (${mask}) for ${rule.masked.join(', ')}`);
  if (rule.publicWhen) parts.push(`everyone when \`${rule.publicWhen}\`${rule.mask ? `, masked (${mask}) for those not admitted otherwise` : ''}`);
  return parts.join('; ');
}

function cell(rule: AccessRule, role: string): string {
  if (rule.allow.includes(role)) return 'yes';
  const notes = [];
  if (rule.owner && role === 'enforcement') notes.push('own agency');
  if (rule.masked?.includes(role)) notes.push(notes.length ? 'others masked' : 'masked');
  else if (rule.publicWhen) notes.push(`if ${rule.publicWhen}${rule.mask ? ' (masked)' : ''}`);
  return notes.length ? notes.join(', ') : '—';
}

const names = (items: string[]) => (items.length ? items.map((i) => `\`${i}\``).join(', ') : '(none)');

/**
 * The permission document: every `@access` rule of the composed supergraph, by type and
 * field, with the subgraph that owns it, the two markers, and the rules that hold across
 * them (a person's identity; filters and counts). Generated from the SDL by `npm run
 * compose`, so it cannot drift from what the subgraphs enforce.
 */
export function permissionsDocument(supergraphSdl: string): string {
  const rows: string[] = [];
  const markers = { public: [] as string[], inherit: [] as string[] };
  const definitions = parse(supergraphSdl).definitions;
  const objectTypes = definitions.filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION);
  const graphOf = (type: ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode) => {
    const typeGraphs = graphsOf(type.directives, 'join__type');
    return (field: FieldDefinitionNode) => graphsOf(field.directives, 'join__field')[0] ?? (typeGraphs.length === 1 ? typeGraphs[0]! : '?');
  };
  for (const definition of definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const fieldGraph = graphOf(definition);
    const entries: [string, AccessRule, string][] = [];
    const declare = (declaration: AccessDeclaration | undefined, what: string, label: string, graph: () => string) => {
      if (declaration?.kind === 'rule') entries.push([label, declaration.rule, graph()]);
      else if (declaration) markers[declaration.kind].push(what);
    };
    const type = definition.name.value;
    // A type rule belongs to the subgraph whose fields it covers (those without a rule of their own);
    // an interface's, to the subgraph whose fields it covers in the types that implement it.
    const covered = definition.kind === Kind.INTERFACE_TYPE_DEFINITION
      ? objectTypes.filter((t) => t.interfaces?.some((i) => i.name.value === type)).flatMap((t) => (t.fields ?? []).map((f) => [f, graphOf(t)] as const))
      : (definition.fields ?? []).map((f) => [f, fieldGraph] as const);
    const ownedBy = () => mostCommon(covered.filter(([f]) => !findAccessDeclaration(f.directives)).map(([f, graph]) => graph(f)).filter((g) => g !== '?'));
    const label = definition.kind === Kind.INTERFACE_TYPE_DEFINITION ? `\`${type}\` (every record, of every type that implements it)` : `\`${type}\` (every record)`;
    declare(findAccessDeclaration(definition.directives), type, label, ownedBy);
    for (const field of definition.fields ?? []) {
      const what = `${type}.${field.name.value}`;
      declare(findAccessDeclaration(field.directives), what, `\`${what}\``, () => fieldGraph(field));
    }
    for (const [what, rule, graph] of entries) {
      rows.push(`| ${what} | ${graph} | ${ROLE_ORDER.map((r) => cell(rule, r)).join(' | ')} | ${describeRule(rule)} |`);
    }
  }
  return [
    '# Xianjie permissions',
    '',
    'Generated by `npm run compose` from the `@access` directives in `schema/supergraph.graphql`;',
    'do not edit by hand. Each rule is declared by the institution that owns the data, in its',
    'subgraph SDL (`subgraphs/*/src/schema.graphql`), and enforced by that subgraph whoever',
    'calls; the gateway also drops fields a caller can never see before planning.',
    '',
    "Every field of every type has an explicit rule: its own, or its type's (the key of",
    "another institution's record, which the caller supplies, excepted); a test fails when",
    'one has none. A rule is a row of the table below, or one of the two markers after it.',
    '',
    'A field a caller may not read is `null` with an error whose `extensions.code` is',
    '`FORBIDDEN`, whatever the record holds. A record a caller may not read answers as one',
    'that does not exist (`null`, or left out of a list), so nobody learns from it that it',
    'exists or whose it is; a kind of record the caller may never read is `FORBIDDEN`',
    'wherever it is asked for.',
    '',
    `| rule | subgraph | ${ROLE_ORDER.join(' | ')} | in words |`,
    `| --- | --- | ${ROLE_ORDER.map(() => '---').join(' | ')} | --- |`,
    ...rows,
    '',
    `Open to anyone (\`@access(public: true)\`): ${names(markers.public)}.`,
    '',
    `Read with the record that holds it (\`@access(inherit: true)\`; a record it returns keeps its own rule): ${names(markers.inherit)}.`,
    '',
    "## A person's identity",
    '',
    "One rule, in all four institutions: a private person's identity (a name, an ID number),",
    'as a field of its own or written into a text, is seen in full by police, procurators and',
    'judges, who handle the person in the criminal case, and by the agency that recorded the',
    "person as the party of its own administrative case (its `Party`, its `facts`, its",
    "published decision's `partyName`). Everyone else who may read the record (the agency",
    "for suspects and defendants, oversight, other agencies, the public) sees a person's name",
    "masked (张*) and no ID number. So a field that can carry a person's identity is either",
    'denied to them, or masked for them: a name with `PERSON_NAME`; a text with',
    '`PERSON_NAMES_IN_TEXT`, which masks the names of the persons the record knows (its',
    'party, its suspects) and stars every resident ID number, and withholds the text when the',
    'record does not say whom it may name. Texts that may name persons the record does not',
    'know (investigation notes, review opinions, deliberation notes) are for the criminal',
    "justice organs only. Organisations' names are not masked; officials acting in office",
    '(officers, the head who approved a transfer) are published under 四个公开 and are not',
    'private persons here.',
    '',
    '## Filters, orders and counts',
    '',
    'An argument that selects records declares with `@reads` (in the subgraph SDL) the',
    'fields it reads. A caller may give it only if it reads every rule on that path in full;',
    'otherwise the request is refused with `FORBIDDEN` naming the argument and the field, so',
    'neither a filter nor an order nor a `totalCount` tells what the caller may not see (the',
    'public may not filter cases by `transferred`: it may not see the transfer).',
    '',
    '## Searches',
    '',
    '`caseSearch(text)` reads the text once (the kit\'s `readSearchText`: a linkage number, a',
    'case or document number, an 18-character ID number or credit code whose check character',
    'holds, or a name), and each institution\'s hits field declares with `@searches` (in the',
    'subgraph SDL) the paths it compares for each kind. A text of a kind whose paths the',
    'caller may not read in full is refused with `FORBIDDEN` (a name or ID number: police,',
    'procurators and judges; an agency searches its own parties); a record found is answered',
    'only when the caller reads every step of the path that matched it in full, so a hidden',
    'record is not found, as if unknown. Every search by ID number or name is audited',
    '(`CaseSearch`, the text, the paths), and so is every record it answers.',
    '',
  ].join('\n');
}
