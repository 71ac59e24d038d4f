import { readFileSync } from 'node:fs';
import { applyAccessRules, findAccessDeclaration, signAssertion, type Viewer } from '@xianjie/subgraph-kit';
import { apiSchema, composeSupergraph, PERMISSIONS_PATH } from '@xianjie/schema';
import {
  buildSchema,
  getNamedType,
  isNonNullType,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  type ObjectTypeDefinitionNode,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLObjectType,
  type GraphQLInterfaceType,
  type GraphQLSchema,
  type TypeNode,
} from 'graphql';
import { SignJWT } from 'jose';
import { CHAIN } from './operations';
import { DIALECTS, MODULES, post, startStack, type GraphQLResponse, type Stack } from './harness';

/**
 * Issue 9, items 6–9 and 11(b): no protected fact leaks through free text, filters,
 * counts, errors or the existence of a record, and every read is audited under its reader.
 * Each test failed on the code before the fix.
 */

// ---------------------------------------------------------------------------------------
// The rules as declared in each institution's SDL, read straight from the AST (not through
// the kit, so a wrong reading there cannot make these pass).
// ---------------------------------------------------------------------------------------

type Args = Record<string, string | string[] | boolean>;

function directiveArgs(directives: readonly ConstDirectiveNode[] | undefined, name: string): Args | undefined {
  const directive = directives?.find((d) => d.name.value === name);
  if (!directive) return undefined;
  const args: Args = {};
  for (const arg of directive.arguments ?? []) {
    const v = arg.value;
    if (v.kind === Kind.STRING) args[arg.name.value] = v.value;
    else if (v.kind === Kind.BOOLEAN) args[arg.name.value] = v.value;
    else if (v.kind === Kind.LIST) args[arg.name.value] = v.values.flatMap((x) => (x.kind === Kind.STRING ? [x.value] : []));
  }
  return args;
}

interface DeclaredField {
  subgraph: string;
  coordinate: string;
  own?: Args;
  ofType?: Args;
  isKey: boolean;
}

/** Every field of every object type of every institution's SDL, with the @access it and its type carry. */
function declaredFields(): DeclaredField[] {
  const out: DeclaredField[] = [];
  for (const module of MODULES) {
    // A type's rule covers the fields its extensions add (as the subgraph enforces it).
    // A type without a rule of its own takes its interface's (CaseChain's, for the chain's two types).
    const typeRules = new Map<string, Args | undefined>();
    const definitions = (module.typeDefs as DocumentNode).definitions;
    for (const def of definitions) {
      if (def.kind === Kind.INTERFACE_TYPE_DEFINITION) typeRules.set(def.name.value, directiveArgs(def.directives, 'access'));
    }
    for (const def of definitions) {
      if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
      const inherited = (def.interfaces ?? []).map((i) => typeRules.get(i.name.value)).find(Boolean);
      typeRules.set(def.name.value, directiveArgs(def.directives, 'access') ?? inherited);
    }
    for (const def of definitions) {
      if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
      const keys = new Set(
        (def.directives ?? [])
          .filter((d) => d.name.value === 'key')
          .flatMap((d) => String(directiveArgs([d], 'key')?.fields ?? '').split(/\s+/)),
      );
      for (const field of def.fields ?? []) {
        out.push({
          subgraph: module.name,
          coordinate: `${def.name.value}.${field.name.value}`,
          own: directiveArgs(field.directives, 'access'),
          ofType: directiveArgs(def.directives, 'access') ?? typeRules.get(def.name.value),
          isKey: keys.has(field.name.value),
        });
      }
    }
  }
  return out;
}

/**
 * Every argument and input field of every institution's SDL that selects records (all but
 * the pagination arguments, and an input object, whose fields are), with its @reads path.
 */
function selectingArguments(): { subgraph: string; where: string; reads?: string }[] {
  const out: { subgraph: string; where: string; reads?: string }[] = [];
  for (const module of MODULES) {
    const definitions = (module.typeDefs as DocumentNode).definitions;
    const inputs = new Set(definitions.flatMap((d) => (d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION ? [d.name.value] : [])));
    const namedType = (t: TypeNode): string => (t.kind === Kind.NAMED_TYPE ? t.name.value : namedType(t.type));
    // A mutation's input says what to write, not which records to select.
    const mutationInputs = new Set(
      definitions.flatMap((d) =>
        (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION) && d.name.value === 'Mutation'
          ? (d.fields ?? []).flatMap((f) => (f.arguments ?? []).map((a) => namedType(a.type)))
          : [],
      ),
    );
    const nestedInputs = (name: string, seen = new Set<string>()): Set<string> => {
      if (seen.has(name)) return seen;
      seen.add(name);
      const def = definitions.find((d) => d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION && d.name.value === name);
      if (def && def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) for (const f of def.fields ?? []) if (inputs.has(namedType(f.type))) nestedInputs(namedType(f.type), seen);
      return seen;
    };
    const writeInputs = new Set([...mutationInputs].filter((n) => inputs.has(n)).flatMap((n) => [...nestedInputs(n)]));
    for (const def of definitions) {
      if (def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.OBJECT_TYPE_EXTENSION) {
        for (const field of def.fields ?? []) {
          for (const arg of field.arguments ?? []) {
            if (arg.name.value === 'first' || arg.name.value === 'after' || inputs.has(namedType(arg.type))) continue;
            // A step names the record it acts on by id; its other arguments are what it writes.
            if (def.name.value === 'Mutation' && namedType(arg.type) !== 'ID') continue;
            out.push({ subgraph: module.name, where: `${def.name.value}.${field.name.value}(${arg.name.value})`, reads: directiveArgs(arg.directives, 'reads')?.path as string });
          }
        }
      } else if (def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION && !writeInputs.has(def.name.value)) {
        for (const field of def.fields ?? []) out.push({ subgraph: module.name, where: `${def.name.value}.${field.name.value}`, reads: directiveArgs(field.directives, 'reads')?.path as string });
      }
    }
  }
  return out;
}

/** The roles that see a person's identity in full (schema/PERMISSIONS.md, "A person's identity"). */
const IDENTITY_ROLES = ['police', 'procurator', 'judge'];

/**
 * Every field that can carry a private person's identity — a name or an ID number, as a
 * value of its own or inside a text. (Officials acting in office, whose names are
 * published, are not private persons: Officer.name, CaseTransfer.approvedBy.)
 */
const PERSON_FIELDS = [
  'Party.name', 'Party.idNumber', 'PublishedDecision.partyName', 'AdministrativeCase.facts',
  'Suspect.name', 'Suspect.idNumber', 'Filing.reason', 'Reconsideration.reason', 'PoliceCase.investigationNotes',
  'ProsecutionCase.reviewOpinion', 'ReverseTransfer.opinion', 'ProcuratorialOpinion.opinion',
  'CriminalTrial.defendantName', 'CriminalTrial.deliberationNotes', 'ServedRecord.document',
  'PoliceCase.closeReason', 'PoliceCase.explanationRequestReason', 'PoliceCase.nonFilingExplanation', 'Reconsideration.requestReason',
  'FilingSupervision.reason', 'FilingSupervision.explanation', 'FilingSupervision.findingReason',
];

describe('the rules as declared', () => {
  const fields = declaredFields();

  it('give every field of every type an explicit rule (its own @access, its type\'s, or it is the key of a reference)', () => {
    const missing = fields.filter((f) => !f.own && !f.ofType && !f.isKey).map((f) => `${f.subgraph}: ${f.coordinate}`);
    expect(missing).toEqual([]);
  });

  it('declare what every filter, order and lookup argument reads (@reads), so none uses what the caller may not read', () => {
    const args = selectingArguments();
    expect(args.length).toBeGreaterThan(10);
    expect(args.filter((a) => !a.reads).map((a) => `${a.subgraph}: ${a.where}`)).toEqual([]);
    expect(args.find((a) => a.where === 'AdministrativeCaseFilter.transferred')?.reads).toBe('AdministrativeCase.transfer');
  });

  it('declare what every search field compares (@searches), and search persons only by their identity fields', () => {
    const searchFields: { where: string; args: Args | undefined }[] = [];
    for (const module of MODULES) {
      for (const def of (module.typeDefs as DocumentNode).definitions) {
        if ((def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.OBJECT_TYPE_EXTENSION) && def.name.value === 'CaseSearch') {
          for (const field of def.fields ?? []) if (field.name.value.endsWith('Hits')) searchFields.push({ where: `${module.name}: CaseSearch.${field.name.value}`, args: directiveArgs(field.directives, 'searches') });
        }
      }
    }
    expect(searchFields.map((f) => f.where).sort()).toEqual(['court: CaseSearch.courtHits', 'enforcement: CaseSearch.enforcementHits', 'police: CaseSearch.policeHits', 'procuratorate: CaseSearch.procuratorateHits']);
    expect(searchFields.filter((f) => !f.args).map((f) => f.where)).toEqual([]);
    // A search by ID number or name compares only the fields that carry a person's identity.
    const personPaths = searchFields.flatMap((f) => [...((f.args?.identity as string[]) ?? []), ...((f.args?.name as string[]) ?? [])]);
    expect(personPaths.length).toBeGreaterThan(0);
    const typeOfStep: Record<string, string> = { 'AdministrativeCase.party': 'Party', 'PoliceCase.suspects': 'Suspect' };
    const resolved = personPaths.map((p) => {
      const steps = p.split('.');
      return steps.length === 2 ? p : `${typeOfStep[`${steps[0]}.${steps[1]}`] ?? '?'}.${steps[2]}`;
    });
    expect(resolved.filter((p) => !PERSON_FIELDS.includes(p))).toEqual([]);
  });

  it('hold one rule for a person\'s identity in every field that can carry it, free text included', () => {
    const violations: string[] = [];
    for (const coordinate of PERSON_FIELDS) {
      const declared = fields.filter((f) => f.coordinate === coordinate && !f.isKey);
      if (declared.length === 0) violations.push(`${coordinate}: not declared`);
      for (const f of declared) {
        const rule = f.own;
        if (!rule) {
          violations.push(`${coordinate}: no rule of its own`);
          continue;
        }
        const allow = (rule.allow as string[] | undefined) ?? [];
        const masked = (rule.masked as string[] | undefined) ?? [];
        const beyond = allow.filter((r) => !IDENTITY_ROLES.includes(r));
        if (beyond.length) violations.push(`${coordinate}: shown in full to ${beyond.join(', ')}`);
        if (masked.some((r) => IDENTITY_ROLES.includes(r))) violations.push(`${coordinate}: masked for a role that sees identities`);
        if (masked.length && !String(rule.mask ?? '').startsWith('PERSON_')) violations.push(`${coordinate}: masked without a person mask`);
        if (rule.publicWhen && !rule.mask) violations.push(`${coordinate}: public in full when ${rule.publicWhen}`);
        // Only the agency that recorded a person as its party sees that party in full.
        if (rule.owner && f.subgraph !== 'enforcement') violations.push(`${coordinate}: shown in full to the agency, which did not record this person`);
      }
    }
    // A field declared with a person mask is one of the fields above.
    for (const f of fields) if (String(f.own?.mask ?? '').startsWith('PERSON_') && !PERSON_FIELDS.includes(f.coordinate)) violations.push(`${f.coordinate}: masks persons but is not listed`);
    expect(violations).toEqual([]);
  });

  it('refuse, at start-up, a rule the kit could not enforce as written', () => {
    const declared = (args: string) => () => findAccessDeclaration((parse(`type T @access(${args}) { f: String }`).definitions[0] as ObjectTypeDefinitionNode).directives);
    expect(declared('public: true, allow: ["police"]')).toThrow(/stands alone/);
    expect(declared('allow: ["polise"]')).toThrow(/unknown role polise/);
    expect(declared('allow: ["judge"], masked: ["public"], mask: "INITIALS"')).toThrow(/unknown mask/);
    expect(declared('allow: ["judge"], masked: ["public"]')).toThrow(/masked roles need a mask/);
    expect(declared('allow: ["judge"], masked: ["public"], mask: "PERSON_NAMES_IN_TEXT"')).toThrow(/names go together/);
    expect(declared('allow: ["judge"], masked: ["public"], mask: "PERSON_NAME"')()).toMatchObject({ kind: 'rule' });
    // A rule on an interface's field would be enforced nowhere (its types' fields resolve).
    const withInterface = (field: string) => () => applyAccessRules(buildSchema(`
      directive @access(allow: [String!], inherit: Boolean) on OBJECT | INTERFACE | FIELD_DEFINITION
      interface I @access(allow: ["police"]) { ${field} }
      type T implements I { f: String }
      type Query { t: T }`));
    expect(withInterface('f: String @access(allow: ["judge"])')).toThrow(/I\.f: declare @access on the field of each type that implements I/);
    expect(withInterface('f: String')).not.toThrow();
  });

  it('is stated in PERMISSIONS.md', () => {
    const doc = readFileSync(PERMISSIONS_PATH, 'utf8');
    expect(doc).toMatch(/## A person's identity/);
    expect(doc).toMatch(/police, procurators and\s+judges/);
  });
});

// ---------------------------------------------------------------------------------------
// Against the running system.
// ---------------------------------------------------------------------------------------

/** Types whose names are officials' or organisations', published by law: not followed. */
const OFFICIAL_TYPES = new Set(['Agency', 'Officer']);
const OFFICIAL_FIELDS = new Set(['approvedBy']);

/**
 * A selection of every field of `type`, following each link once per path (no type twice);
 * a field of an interface or union type (the court's UpstreamRecord) with every type it can be.
 */
function selectEverything(type: GraphQLObjectType | GraphQLInterfaceType, onPath: Set<string>, depth: number, schema?: GraphQLSchema): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type)) || OFFICIAL_FIELDS.has(field.name)) continue;
    const named = getNamedType(field.type);
    // An interface whose types add nothing to it (CaseChain) is selected by its own fields.
    if (isObjectType(named) || (isInterfaceType(named) && schema?.getPossibleTypes(named).every((t) => Object.keys(t.getFields()).length === Object.keys(named.getFields()).length))) {
      if (OFFICIAL_TYPES.has(named.name) || onPath.has(named.name) || depth >= 7) continue;
      parts.push(`${field.name} { ${selectEverything(named, new Set([...onPath, named.name]), depth + 1, schema)} }`);
    } else if (isAbstractType(named)) {
      // On a stage's own record only: followed deeper, the operation passes the gateway's 1,000 tokens.
      if (!schema || depth > 2) continue;
      const each = schema.getPossibleTypes(named).map((t) => `... on ${t.name} { ${selectEverything(t, new Set([...onPath, t.name]), depth + 1, schema)} }`);
      parts.push(`${field.name} { __typename ${each.join(' ')} }`);
    } else parts.push(field.name);
  }
  return parts.length ? parts.join(' ') : '__typename';
}

/** Every string in a response, with its path. */
function strings(value: unknown, path: string[] = [], out: [string, string][] = []): [string, string][] {
  if (typeof value === 'string') out.push([path.join('.'), value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, [...path, String(i)], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, [...path, k], out);
  return out;
}

/** A response with every id of the form XX-0000000 replaced, to compare a hidden record's answer with an unknown one's. */
const withoutIds = (res: GraphQLResponse) =>
  JSON.stringify({ status: res.status, data: res.data ?? null, errors: res.errors ?? null }).replace(/\b[A-Z]{2}-\d{7}\b/g, 'ID');

const UNKNOWN = { chain: 'XJ-9999999', case: 'AC-9999999', transfer: 'TR-9999999', police: 'PC-9999999', prosecution: 'PR-9999999', trial: 'CT-9999999' };

for (const dialect of DIALECTS) {
  describe(`leaks (${dialect})`, () => {
    let stack: Stack;
    let procurator: string;
    /** An agency that owns none of the demo cases: it sees only what is public. */
    let otherAgency: string;
    let oversight: string;
    const db = (name: string) => stack.subgraphs[name]!.database.db as any;

    beforeAll(async () => {
      stack = await startStack(dialect);
      procurator = await stack.token('procurator', 'PP-421200');
      otherAgency = await stack.token('enforcement', 'AG-999999-NONE');
      oversight = await stack.token('oversight', 'LA-421200');
    });
    afterAll(() => stack?.stop());

    // --- item 6: names in free text ------------------------------------------------------
    describe('a person\'s identity', () => {
      interface Person { chainId: string; agencyId: string; name: string; idNumber: string; party: boolean }
      let persons: Person[];
      let chainsByAgency: Map<string, string[]>;
      const schema = apiSchema(composeSupergraph());
      const chainSelection = selectEverything(schema.getType('CaseChain') as GraphQLInterfaceType, new Set(['CaseChain']), 1, schema);
      const caseSelection = selectEverything(schema.getType('AdministrativeCase') as GraphQLObjectType, new Set(['AdministrativeCase', 'CaseChain']), 2);
      const decisionSelection = selectEverything(schema.getType('PublishedDecision') as GraphQLObjectType, new Set(['PublishedDecision']), 2);

      beforeAll(async () => {
        const cases: { chainId: string; agencyId: string; partyKind: string; partyName: string; partyIdNumber: string }[] =
          await db('enforcement').selectFrom('administrativeCase').select(['chainId', 'agencyId', 'partyKind', 'partyName', 'partyIdNumber']).execute();
        const agencyOf = new Map(cases.map((c) => [c.chainId, c.agencyId]));
        const suspects: { chainId: string; name: string; idNumber: string }[] = await db('police')
          .selectFrom('suspect').innerJoin('policeCase', 'policeCase.id', 'suspect.policeCaseId')
          .select(['policeCase.chainId', 'suspect.name', 'suspect.idNumber']).execute();
        const defendants: { chainId: string; defendantName: string }[] = await db('court').selectFrom('criminalTrial').select(['chainId', 'defendantName']).execute();
        persons = [
          ...cases.filter((c) => c.partyKind === 'PERSON').map((c) => ({ chainId: c.chainId, agencyId: c.agencyId, name: c.partyName, idNumber: c.partyIdNumber, party: true })),
          ...suspects.map((s) => ({ ...s, agencyId: agencyOf.get(s.chainId)!, party: false })),
          ...defendants.map((d) => ({ chainId: d.chainId, agencyId: agencyOf.get(d.chainId)!, name: d.defendantName, idNumber: '', party: false })),
        ];
        chainsByAgency = new Map();
        for (const s of suspects) {
          const agency = agencyOf.get(s.chainId)!;
          chainsByAgency.set(agency, [...new Set([...(chainsByAgency.get(agency) ?? []), s.chainId])]);
        }
      });

      /** The top-level fields of a selection, each with its sub-selection. */
      function topLevelSelections(selection: string): string[] {
        const out: string[] = [];
        let depth = 0;
        let current = '';
        for (const token of selection.split(/\s+/).filter(Boolean)) {
          if (depth === 0 && token !== '{' && current && !current.endsWith('{')) {
            out.push(current.trim());
            current = '';
          }
          current += ` ${token}`;
          if (token === '{') depth++;
          if (token === '}') depth--;
        }
        if (current.trim()) out.push(current.trim());
        return out;
      }

      /** Everything a caller can ask about the given chains, every case and every published decision. */
      async function everything(chainIds: string[], token: string | undefined): Promise<[string, string][]> {
        const found: [string, string][] = [];
        for (let i = 0; i < chainIds.length; i += 4) {
          // One stage at a time, four chains at a time, so each operation stays within the gateway's token and cost limits.
          for (const stage of topLevelSelections(chainSelection)) {
            const res = await stack.query(`{ caseChains(ids: ${JSON.stringify(chainIds.slice(i, i + 4))}) { ${stage} } }`, {}, token);
            if (res.status !== 200) throw new Error(`${res.status}: ${JSON.stringify(res.errors)} for ${stage.slice(0, 200)}`);
            expect(res.data?.caseChains).toBeDefined();
            found.push(...strings(res.data));
          }
        }
        // The lists: the same records, seen through a connection (a page: its fields are the chains').
        for (const list of [
          `{ administrativeCases(first: 3) { edges { node { ${caseSelection} } } } }`,
          `{ publishedDecisions(first: 100) { edges { node { ${decisionSelection} } } } }`,
        ]) {
          const res = await stack.query(list, {}, token);
          expect(res.status).toBe(200);
          expect(res.data).toBeTruthy();
          found.push(...strings(res.data));
        }
        return found;
      }

      /** The full names and ID numbers found, except those the caller may see (its own party, for an agency). */
      function leaked(found: [string, string][], ownAgency?: string): string[] {
        const ownParties = persons.filter((p) => p.party && p.agencyId === ownAgency);
        const leaks: string[] = [];
        for (const [path, text] of found) {
          const ownPartyField = /(party\.(name|idNumber)|partyName|facts)$/.test(path);
          for (const p of persons) {
            const own = (value: string) => ownPartyField && ownParties.some((q) => q.name === value || q.idNumber === value);
            if (text.includes(p.name) && !own(p.name)) leaks.push(`${path}: ${p.name} in "${text.slice(0, 60)}"`);
            if (p.idNumber && text.includes(p.idNumber) && !own(p.idNumber)) leaks.push(`${path}: an ID number`);
          }
        }
        return [...new Set(leaks)];
      }

      it('reaches no caller outside the identity rule in full, in any field (every field of every stage, lists included)', async () => {
        const transferred = [...new Set([...chainsByAgency.values()].flat())].sort();
        expect(transferred.length).toBeGreaterThan(20);
        const offenders: Record<string, string[]> = {};
        for (const [caller, token] of [['public', undefined], ['oversight', oversight], ['another agency', otherAgency]] as const) {
          const leaks = leaked(await everything(transferred, token));
          if (leaks.length) offenders[caller] = leaks.slice(0, 5);
        }
        for (const [agency, chains] of chainsByAgency) {
          const leaks = leaked(await everything(chains, await stack.token('enforcement', agency)), agency);
          if (leaks.length) offenders[`owner ${agency}`] = leaks.slice(0, 5);
        }
        expect(offenders).toEqual({});
        // Those the rule admits still see them.
        const full = (await everything(transferred, procurator)).map(([, text]) => text).join('\n');
        const suspects = persons.filter((p) => !p.party);
        expect(suspects.every((p) => full.includes(p.name))).toBe(true);
      });

      const reasonQuery = 'query($id: ID!) { caseChain(id: $id) { policeCase { filing { reason } } prosecution { reverseTransfer { opinion } } trial { defendantName } } }';
      const mask = (text: string, names: string[]) => names.reduce((t, n) => t.split(n).join(`${Array.from(n)[0]}*`), text);
      const namesOf = (chainId: string) => persons.filter((p) => p.chainId === chainId).map((p) => p.name).sort((a, b) => b.length - a.length);

      it('masks the names inside a filing reason, an opinion and the defendant\'s name for the agency, and keeps the rest', async () => {
        for (const chainId of [CHAIN.judged, CHAIN.notProsecuted]) {
          const agency = persons.find((p) => p.chainId === chainId)!.agencyId;
          const full = (await stack.query(reasonQuery, { id: chainId }, procurator)).data.caseChain;
          const owner = await stack.query(reasonQuery, { id: chainId }, await stack.token('enforcement', agency));
          expect(owner.errors).toBeUndefined();
          const seen = owner.data.caseChain;
          const names = namesOf(chainId);
          expect(names.some((n) => full.policeCase.filing.reason.includes(n))).toBe(true);
          expect(seen.policeCase.filing.reason).toBe(mask(full.policeCase.filing.reason, names));
          if (full.prosecution.reverseTransfer) expect(seen.prosecution.reverseTransfer.opinion).toBe(mask(full.prosecution.reverseTransfer.opinion, names));
          if (full.trial) expect(seen.trial.defendantName).toBe(mask(full.trial.defendantName, names));
        }
      });

      it('masks an ID number written into a text', async () => {
        const suspect = await db('police').selectFrom('suspect').select(['idNumber']).where('policeCaseId', '=', 'PC-0000004').orderBy('id').executeTakeFirstOrThrow();
        await db('police').updateTable('policeCase').set({ filingReason: `经审查，犯罪嫌疑人（公民身份号码${suspect.idNumber}）涉嫌犯罪，决定立案侦查。` }).where('id', '=', 'PC-0000004').execute();
        const agency = persons.find((p) => p.chainId === CHAIN.filed)!.agencyId;
        const res = await stack.query(reasonQuery, { id: CHAIN.filed }, await stack.token('enforcement', agency));
        expect(res.errors).toBeUndefined();
        expect(res.data.caseChain.policeCase.filing.reason).toMatch(/^经审查，犯罪嫌疑人（公民身份号码\*{18}）涉嫌犯罪/);
        const police = await stack.query(reasonQuery, { id: CHAIN.filed }, await stack.token('police', 'PB-421202'));
        expect(police.data.caseChain.policeCase.filing.reason).toContain(suspect.idNumber);
      });

      it('withholds a text whose persons the institution has not recorded, rather than show it unmasked', async () => {
        await db('procuratorate').updateTable('prosecutionCase').set({ suspectNames: null }).where('chainId', '=', CHAIN.notProsecuted).execute();
        try {
          const agency = persons.find((p) => p.chainId === CHAIN.notProsecuted)!.agencyId;
          const res = await stack.query(reasonQuery, { id: CHAIN.notProsecuted }, await stack.token('enforcement', agency));
          expect(res.data.caseChain.prosecution.reverseTransfer.opinion).toBeNull();
          expect(res.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['caseChain.prosecution.reverseTransfer.opinion', 'FORBIDDEN']]);
          expect(res.errors![0]!.message).toMatch(/not recorded/);
          const full = await stack.query(reasonQuery, { id: CHAIN.notProsecuted }, procurator);
          expect(full.data.caseChain.prosecution.reverseTransfer.opinion).toBeTruthy();
        } finally {
          const names = persons.filter((p) => p.chainId === CHAIN.notProsecuted && !p.party).map((p) => p.name);
          await db('procuratorate').updateTable('prosecutionCase').set({ suspectNames: names }).where('chainId', '=', CHAIN.notProsecuted).execute();
        }
      });
    });

    // --- item 7: filters, orders and counts ----------------------------------------------
    describe('filters and counts', () => {
      const list = 'query($filter: AdministrativeCaseFilter) { administrativeCases(filter: $filter, first: 100) { totalCount edges { node { id } } } }';

      it('refuse the public a filter on the transfer it may not see, saying why', async () => {
        for (const transferred of [true, false]) {
          const res = await stack.query(list, { filter: { transferred } });
          expect(res.data?.administrativeCases ?? null).toBeNull();
          expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
          expect(res.errors?.[0]?.message).toMatch(/filter\.transferred.*AdministrativeCase\.transfer.*not visible to you/);
          expect(JSON.stringify(res)).not.toMatch(/totalCount|"AC-/);
        }
      });

      it('still let those who may read the transfer filter and count by it', async () => {
        for (const token of [procurator, oversight]) {
          const all = await stack.query(list, {}, token);
          const transferred = await stack.query(list, { filter: { transferred: true } }, token);
          const notTransferred = await stack.query(list, { filter: { transferred: false } }, token);
          expect(transferred.errors).toBeUndefined();
          expect(transferred.data.administrativeCases.totalCount + notTransferred.data.administrativeCases.totalCount).toBe(all.data.administrativeCases.totalCount);
        }
        // An agency filters its own cases (the only ones in its list).
        const agency = (await db('enforcement').selectFrom('caseTransfer').select('agencyId').executeTakeFirstOrThrow()).agencyId;
        const own = await stack.query(list, { filter: { transferred: true } }, await stack.token('enforcement', agency));
        expect(own.errors).toBeUndefined();
        expect(own.data.administrativeCases.totalCount).toBeGreaterThan(0);
      });

      it('answer the public the filters on what it may read', async () => {
        const res = await stack.query(list, { filter: { violationCategory: 'ILLEGAL_FISHING', regionCode: '421202', procedure: 'GENERAL', registeredFrom: '2022-01-01T00:00:00Z' } });
        expect(res.errors).toBeUndefined();
        expect(res.data.administrativeCases.totalCount).toBe(res.data.administrativeCases.edges.length);
      });
    });

    // --- item 8 and 11(b): existence and ownership oracles ------------------------------
    describe('a record the caller may not see', () => {
      let unpublished: { id: string; caseNumber: string; agencyId: string };
      let notEffectiveTrial: string;

      beforeAll(async () => {
        unpublished = await db('enforcement').selectFrom('administrativeCase as c').innerJoin('penaltyDecision as d', 'd.caseId', 'c.id')
          .select(['c.id', 'c.caseNumber', 'c.agencyId']).where('d.published', '=', false).orderBy('c.id').executeTakeFirstOrThrow();
        const trial = await db('court').selectFrom('criminalTrial').select('id').where('chainId', '!=', CHAIN.judged).orderBy('id').executeTakeFirstOrThrow();
        await db('court').updateTable('criminalTrial').set({ effectiveAt: null, appealed: true }).where('id', '=', trial.id).execute();
        notEffectiveTrial = trial.id;
      });

      it('answers exactly as an unknown one, for every lookup by id or number', async () => {
        const asPublic = [
          ['query($id: ID!) { administrativeCase(id: $id) { id caseNumber } }', unpublished.id, UNKNOWN.case],
          ['query($id: String!) { administrativeCase(caseNumber: $id) { id } }', unpublished.caseNumber, '不存在〔2024〕0000001号'],
          ['query($id: ID!) { caseChain(id: $id) { id } }', CHAIN.notProsecuted, UNKNOWN.chain],
          ['query($id: ID!) { caseChains(ids: [$id]) { id } }', CHAIN.notProsecuted, UNKNOWN.chain],
          ['query($id: ID!) { criminalTrial(id: $id) { id caseNumber } }', notEffectiveTrial, UNKNOWN.trial],
        ] as const;
        const asOtherAgency = [
          ['query($id: ID!) { administrativeCase(id: $id) { id } }', unpublished.id, UNKNOWN.case],
          ['query($id: ID!) { caseChain(id: $id) { id } }', CHAIN.notProsecuted, UNKNOWN.chain],
          ['query($id: ID!) { caseTransfer(id: $id) { id } }', 'TR-0000005', UNKNOWN.transfer],
          ['query($id: ID!) { policeCase(id: $id) { id } }', 'PC-0000005', UNKNOWN.police],
          ['query($id: ID!) { prosecutionCase(id: $id) { id } }', 'PR-0000005', UNKNOWN.prosecution],
          ['query($id: ID!) { criminalTrial(id: $id) { id } }', notEffectiveTrial, UNKNOWN.trial],
        ] as const;
        for (const [cases, token] of [[asPublic, undefined], [asOtherAgency, otherAgency]] as const) {
          for (const [query, hidden, unknown] of cases) {
            const a = await stack.query(query, { id: hidden }, token);
            const b = await stack.query(query, { id: unknown }, token);
            expect([query, withoutIds(a)]).toEqual([query, withoutIds(b)]);
            expect(JSON.stringify(a)).not.toContain(hidden);
          }
        }
      });

      it('answers exactly as no record, inside a record the caller may see (a transfer of another agency\'s published case)', async () => {
        // AC-0000005 was transferred, AC-0000001 was not; both are published and belong to other agencies.
        const q = 'query($id: ID!) { administrativeCase(id: $id) { transfer { id transferredAt } } }';
        const transferred = await stack.query(q, { id: 'AC-0000005' }, otherAgency);
        const not = await stack.query(q, { id: 'AC-0000001' }, otherAgency);
        expect(withoutIds(transferred)).toEqual(withoutIds(not));
        // Nor does the chain's type (an AgencyCaseChain is one never transferred): to whoever may
        // not read the transfer, both chains are linked, and their later stages answer the same.
        const chain = 'query($id: ID!) { caseChain(id: $id) { __typename id administrativeCase { id } policeCase { id } prosecution { id } } }';
        for (const token of [undefined, otherAgency]) {
          const a = await stack.query(chain, { id: 'XJ-0000005' }, token);
          const b = await stack.query(chain, { id: 'XJ-0000001' }, token);
          expect(a.data?.caseChain?.__typename).toBe('LinkedCaseChain');
          expect(withoutIds(a)).toEqual(withoutIds(b));
        }
        // Those who may read it are told.
        expect((await stack.query(chain, { id: 'XJ-0000001' }, procurator)).data.caseChain.__typename).toBe('AgencyCaseChain');
      });

      it('answers the same to an entity lookup sent to the subgraph directly', async () => {
        const viewer: Viewer = { subject: 'reviewer', institution: 'enforcement', org: 'AG-999999-NONE', roles: ['enforcement'], region: '421200' };
        const ask = async (id: string) => {
          const assertion = await signAssertion(viewer, 'police', stack.gatewayKeys.privateKey);
          return post(stack.subgraphs.police!.url, { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on PoliceCase { id caseNumber } } }', variables: { r: [{ __typename: 'PoliceCase', id }] } }, { authorization: `Bearer ${assertion}` });
        };
        expect(withoutIds(await ask('PC-0000005'))).toEqual(withoutIds(await ask(UNKNOWN.police)));
      });

      it('is not named, nor its owner, by a refused publication', async () => {
        const publish = 'mutation($id: ID!) { publishPenaltyDecision(caseId: $id) { published } }';
        const hidden = await stack.query(publish, { id: unpublished.id }, otherAgency);
        const unknown = await stack.query(publish, { id: UNKNOWN.case }, otherAgency);
        expect(withoutIds(hidden)).toEqual(withoutIds(unknown));
        expect(JSON.stringify(hidden)).not.toContain(unpublished.agencyId);
        expect(hidden.errors?.[0]?.message).toMatch(/your agency/);
        const police = await stack.query(publish, { id: unpublished.id }, await stack.token('police', 'PB-421202'));
        expect(police.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(JSON.stringify(police)).not.toContain(unpublished.agencyId);
      });

      it('is not shown by id from a public effective trial; only that field is null (issue 9, 11b)', async () => {
        for (const query of [
          'query($id: ID!) { criminalTrial(id: $id) { caseNumber prosecution { id } judgment { verdict } } }',
          'query($id: ID!) { caseChain(id: $id) { trial { caseNumber judgment { verdict } prosecution { caseNumber } } } }',
        ]) {
          const id = query.includes('caseChain') ? CHAIN.judged : 'CT-0000005';
          const res = await stack.query(query, { id });
          const trial = res.data?.criminalTrial ?? res.data?.caseChain?.trial;
          expect(trial).toMatchObject({ caseNumber: expect.any(String), judgment: { verdict: 'GUILTY' }, prosecution: null });
          expect(res.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([[query.includes('caseChain') ? 'caseChain.trial.prosecution' : 'criminalTrial.prosecution', 'FORBIDDEN']]);
          expect(JSON.stringify(res)).not.toContain('PR-');
        }
        // Those who may see the prosecution still follow the link.
        const judge = await stack.query('{ criminalTrial(id: "CT-0000005") { prosecution { id } } }', {}, await stack.token('judge', 'CO-421202'));
        expect(judge.data.criminalTrial.prosecution.id).toBe('PR-0000005');
      });
    });

    // --- item 9: reserved subjects -------------------------------------------------------
    describe('who read it', () => {
      const sign = (subject: string) => new SignJWT({ roles: ['procurator'], inst: 'procuratorate', org: 'PP-421200' })
        .setProtectedHeader({ alg: 'ES256' }).setSubject(subject).setIssuer('xianjie-dev-issuer').setAudience('xianjie')
        .setIssuedAt().setExpirationTime('5m').sign(stack.issuerKeys.privateKey);
      const read = '{ policeCase(id: "PC-0000005") { caseNumber investigationNotes } }';

      it('refuses (401) a token whose subject is reserved for the public, and audits no read without a reader', async () => {
        for (const subject of ['public', 'PUBLIC', ' public ', '']) {
          const res = await post(stack.gateway.url, { query: read }, { authorization: `Bearer ${await sign(subject)}` });
          expect([subject, res.status]).toEqual([subject, 401]);
          expect(res.errors?.[0]?.message).toMatch(/subject/);
          expect(res.data).toBeUndefined();
        }
        for (const subgraph of ['enforcement', 'police', 'procuratorate', 'court']) {
          const anonymous = await db(subgraph).selectFrom('auditLog').select(['seq', 'roles']).where('subject', 'is', null).execute();
          expect(anonymous.filter((e: { roles: string[] }) => e.roles.join() !== 'public')).toEqual([]);
        }
      });

      it('has each subgraph refuse an assertion that passes a role off as the public, or names nobody', async () => {
        for (const [subject, message] of [['public', /subject "public" is reserved/], [' ', /subject is empty/]] as const) {
          const viewer: Viewer = { subject, institution: 'procuratorate', org: 'PP-421200', roles: ['procurator'], region: '421200' };
          const assertion = await signAssertion(viewer, 'police', stack.gatewayKeys.privateKey);
          const res = await post(stack.subgraphs.police!.url, { query: read }, { authorization: `Bearer ${assertion}` });
          expect(res.status).toBe(401);
          expect(res.errors?.[0]?.message).toMatch(message);
        }
      });
    });
  });
}
