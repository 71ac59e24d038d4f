import {
  defaultFieldResolver,
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Viewer } from '../auth/viewer';
import { forbidden } from '../graphql/errors';
import { readSearchText, SEARCH_KIND_TITLE, SEARCHED_PATHS, searchPaths, type SearchHitRow } from '../search/search-text';
import {
  decideAccess,
  decideAccessWithoutRecord,
  findAccessDeclaration,
  findAccessRule,
  mayFilterBy,
  maskValue,
  type AccessRule,
} from './access-rule';

/** What the access layer needs of a request's context. */
export interface AccessContext {
  viewer: Viewer;
  audit: { read(entity: string, recordId: string, field: string): void };
}

type Row = Record<string, unknown>;

const recordIdOf = (row: Row): string => String(row.id ?? row.recordId ?? 'unknown');

function auditRecord(context: AccessContext, typeName: string, row: Row, fields: string[]): void {
  for (const field of fields.length ? fields : ['id']) context.audit.read(typeName, recordIdOf(row), field);
}

/**
 * The fields a query asks of a record of `typeName` (one level down; fragments flattened):
 * those on the type itself and, for an object type, on the interfaces it implements.
 */
function selectedFields(info: GraphQLResolveInfo, nodes: readonly FieldNode[], typeName: string): string[] {
  const names = new Set<string>();
  const type = info.schema.getType(typeName);
  const conditions = new Set([typeName, ...(isObjectType(type) ? type.getInterfaces().map((i) => i.name) : [])]);
  const walk = (set: SelectionSetNode | undefined, seen: Set<string>) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__')) names.add(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!selection.typeCondition || conditions.has(selection.typeCondition.name.value)) walk(selection.selectionSet, seen);
      } else if (!seen.has(selection.name.value)) {
        const fragment = info.fragments[selection.name.value];
        if (fragment && conditions.has(fragment.typeCondition.name.value)) walk(fragment.selectionSet, new Set([...seen, selection.name.value]));
      }
    }
  };
  for (const node of nodes) walk(node.selectionSet, new Set());
  return [...names];
}

const nullable = (type: GraphQLOutputType) => (isNonNullType(type) ? type.ofType : type);

/** An argument (or a field inside an input argument) that declares with `@reads` what it reads. */
interface ReadsCheck {
  /** e.g. ['filter', 'transferred'] */
  argument: string[];
  path: string;
  /** The rules along the path: each step's field rule and the rule of the type it returns. */
  rules: AccessRule[];
}

/** The rules a `@reads` path passes through; throws at start-up when the path does not resolve. */
function rulesAlong(schema: GraphQLSchema, path: string, typeRules: Map<string, AccessRule>): AccessRule[] {
  const [typeName, ...steps] = path.split('.');
  let type = schema.getType(typeName!);
  const rules = typeRules.has(typeName!) ? [typeRules.get(typeName!)!] : [];
  for (const step of steps) {
    const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[step] : undefined;
    if (!field) throw new Error(`@reads(path: "${path}"): ${type?.name ?? typeName} has no field ${step}`);
    const fieldRule = findAccessRule(field.astNode?.directives);
    if (fieldRule) rules.push(fieldRule);
    type = getNamedType(field.type);
    if (typeRules.has(type.name)) rules.push(typeRules.get(type.name)!);
  }
  return rules;
}

function readsChecks(schema: GraphQLSchema, field: GraphQLField<unknown, unknown>, typeRules: Map<string, AccessRule>): ReadsCheck[] {
  const checks: ReadsCheck[] = [];
  const visit = (argument: string[], directives: Parameters<typeof findAccessRule>[0], type: GraphQLInputType, seen: Set<string>) => {
    const reads = directives?.find((d) => d.name.value === 'reads');
    const path = reads?.arguments?.find((a) => a.name.value === 'path')?.value;
    if (path?.kind === Kind.STRING) checks.push({ argument, path: path.value, rules: rulesAlong(schema, path.value, typeRules) });
    const named = getNamedType(type);
    if (isInputObjectType(named) && !seen.has(named.name)) {
      for (const inner of Object.values(named.getFields())) visit([...argument, inner.name], inner.astNode?.directives, inner.type, new Set([...seen, named.name]));
    }
  };
  for (const arg of field.args) visit([arg.name], arg.astNode?.directives, arg.type, new Set());
  return checks.filter((c) => c.rules.length > 0);
}

/** A search field's `@searches` paths for each kind of text, with the rules along each path. */
type SearchChecks = Record<string, { path: string; rules: AccessRule[] }[]>;

function searchChecks(schema: GraphQLSchema, field: GraphQLField<unknown, unknown>, typeRules: Map<string, AccessRule>): SearchChecks | undefined {
  const declared = searchPaths(field.astNode);
  if (!declared) return undefined;
  return Object.fromEntries(
    Object.entries(declared).map(([kind, paths]) => [kind, paths.map((path) => ({ path, rules: rulesAlong(schema, path, typeRules) }))]),
  );
}

/** The values given at an argument path (lists of input objects spread). */
function givenAt(args: Row, path: string[]): unknown[] {
  let values: unknown[] = [args];
  for (const key of path) {
    values = values.flatMap((v) => (Array.isArray(v) ? v : [v])).flatMap((v) => (v && typeof v === 'object' ? [(v as Row)[key]] : []));
  }
  return values.filter((v) => v !== null && v !== undefined);
}

/**
 * Enforces every `@access` rule of a subgraph's schema in the subgraph itself, whoever
 * calls:
 * - a field rule is checked against the record the field belongs to before it is resolved
 *   (denied: null + FORBIDDEN; masked: the masked value, withheld when the record lacks
 *   what masking needs);
 * - a type rule is checked on every record a field or an entity lookup returns. A type
 *   the caller can never read is FORBIDDEN before anything is looked up; a record the
 *   caller may not read is answered as one that does not exist (null, or left out of a
 *   list that holds no nulls), so neither tells a hidden record from an unknown one;
 * - an argument that declares with `@reads` what it reads is refused (FORBIDDEN) to a
 *   caller who may not read that in full, so no filter, order or count uses it.
 * Every read of a protected field and of a record behind a type rule is audited.
 */
export function applyAccessRules(schema: GraphQLSchema): GraphQLSchema {
  const typeRules = new Map<string, AccessRule>();
  /** The name a record is audited under: an interface's, for a type that takes the interface's rule. */
  const auditName = new Map<string, string>();
  const mutationType = schema.getMutationType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (isInterfaceType(type)) {
      const rule = findAccessRule(type.astNode?.directives);
      if (rule) typeRules.set(type.name, rule);
      // A field of an interface resolves in the types that implement it: its rule belongs there.
      for (const field of Object.values(type.getFields())) {
        if (findAccessDeclaration(field.astNode?.directives)) throw new Error(`${type.name}.${field.name}: declare @access on the field of each type that implements ${type.name}, not on the interface's`);
      }
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    const own = findAccessRule(type.astNode?.directives);
    // A type without a rule of its own takes that of the interface it implements (one at most).
    const inherited = type.getInterfaces().filter((i) => typeRules.has(i.name));
    if (!own && inherited.length > 1) throw new Error(`${type.name} implements ${inherited.map((i) => i.name).join(' and ')}, each with an @access rule: declare its own`);
    if (own) typeRules.set(type.name, own);
    else if (inherited[0]) {
      typeRules.set(type.name, typeRules.get(inherited[0].name)!);
      auditName.set(type.name, inherited[0].name);
    }
    for (const field of Object.values(type.getFields())) {
      const declared = findAccessDeclaration(field.astNode?.directives); // throws on a malformed rule
      if (declared?.kind === 'rule' && declared.rule.mask && getNamedType(field.type).name !== 'String') {
        throw new Error(`${type.name}.${field.name}: a mask applies to text (String), not ${getNamedType(field.type).name}`);
      }
    }
  }

  /**
   * Applies a type rule to what a field returned (one record, or a list of them), and
   * audits each record it admits with the fields asked of it.
   */
  const filterRecords = (value: unknown, type: GraphQLOutputType, context: AccessContext, info: GraphQLResolveInfo): unknown => {
    const typeName = getNamedType(type).name;
    const rule = typeRules.get(typeName);
    if (!rule || value === null || value === undefined) return value;
    const fields = selectedFields(info, info.fieldNodes, typeName); // once for a whole list
    const admit = (row: Row) => {
      if (decideAccess(rule, context.viewer, row) === 'DENY') return false;
      auditRecord(context, auditName.get(typeName) ?? typeName, row, fields);
      return true;
    };
    const list = nullable(type);
    if (isListType(list) && Array.isArray(value)) {
      // Lookups by ids keep their positions (null, as for an unknown id); other lists leave the record out.
      if (isNonNullType(list.ofType)) return value.filter((row) => row === null || admit(row as Row));
      return value.map((row) => (row === null || admit(row as Row) ? row : null));
    }
    return admit(value as Row) ? value : null;
  };

  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const isMutation = type === mutationType;
    for (const field of Object.values(type.getFields())) {
      const fieldRule = findAccessRule(field.astNode?.directives);
      const returnedRule = typeRules.get(getNamedType(field.type).name);
      const isEntities = type === schema.getQueryType() && field.name === '_entities';
      const checks = readsChecks(schema, field, typeRules);
      const search = searchChecks(schema, field, typeRules);
      if (!fieldRule && !returnedRule && !isEntities && checks.length === 0 && !search) continue;

      const resolve: GraphQLFieldResolver<unknown, AccessContext> = field.resolve ?? defaultFieldResolver;
      const where = `${type.name}.${field.name}`;
      field.resolve = async (source, args, context, info) => {
        const row = (source ?? {}) as Row;
        const { viewer } = context;
        // Decided before anything is looked up, so the answer never depends on what exists.
        if (returnedRule && decideAccessWithoutRecord(returnedRule, viewer) === 'DENY') throw forbidden(`${where} is not visible to you`);
        for (const check of checks) {
          if (givenAt(args as Row, check.argument).length > 0 && !check.rules.every((rule) => mayFilterBy(rule, viewer))) {
            throw forbidden(`${check.argument.join('.')} reads ${check.path}, which is not visible to you: leave it out`);
          }
        }
        let decision: 'FULL' | 'MASKED' = 'FULL';
        if (fieldRule) {
          const verdict = decideAccess(fieldRule, viewer, row);
          if (verdict === 'DENY') throw forbidden(`${where} is not ${isMutation ? 'allowed' : 'visible'} to you`);
          decision = verdict;
          if (!isMutation) context.audit.read(type.name, recordIdOf(row), field.name); // a write is audited as a write
        }
        if (search) return searchHits(search, row, (paths) => resolve({ ...row, [SEARCHED_PATHS]: paths }, args, context, info), context);
        let value = await resolve(source, args, context, info);
        if (decision === 'MASKED') {
          value = await maskValue(fieldRule!, value, row);
          if (value === undefined) throw forbidden(`${where} is withheld from you: the persons it may name are not recorded with it, so it cannot be masked`);
        }
        if (isEntities && Array.isArray(value)) return entitiesFor(value, args as { representations: Row[] }, context, info);
        return returnedRule ? filterRecords(value, field.type, context, info) : value;
      };
    }
  }

  /**
   * A search (`@searches`): of the paths declared for the text's kind, only those the
   * caller may read in full are searched, and a kind with none is refused before anything
   * is looked up (both decided by role, never by what exists); a search by ID number or
   * name is audited (who searched for what, in the institution's audit log, never in a
   * plain log); each record found is answered, and audited as a read of the field that
   * matched, only when the caller reads every step of that path of it in full — so a
   * hidden record answers like an unknown one, and an agency finds by name only its own
   * parties, not the masked names of other agencies' published cases.
   */
  const searchHits = async (search: SearchChecks, row: Row, resolve: (paths: string[]) => unknown, context: AccessContext) => {
    const text = readSearchText(String(row.text ?? ''));
    const declared = search[text.kind] ?? [];
    if (declared.length === 0) return [];
    const readable = declared.filter((d) => d.rules.every((rule) => mayFilterBy(rule, context.viewer)));
    if (readable.length === 0) {
      throw forbidden(`a search by ${SEARCH_KIND_TITLE[text.kind]} reads ${declared.map((d) => d.path).join(', ')}, which is not visible to you`);
    }
    if (text.kind === 'IDENTITY' || text.kind === 'NAME') for (const d of readable) context.audit.read('CaseSearch', text.value, d.path);
    const hits = (await resolve(readable.map((d) => d.path))) as SearchHitRow[];
    return hits.filter((hit) => {
      const match = readable.find((d) => d.path === hit.path);
      if (!match) throw new Error(`a search found ${hit.recordType} ${hit.recordId} by ${hit.path}, which it was not to search for ${text.kind}`);
      if (!match.rules.every((rule) => decideAccess(rule, context.viewer, hit.row as Row) === 'FULL')) return false;
      context.audit.read(hit.recordType, hit.recordId, hit.path.split('.').slice(1).join('.'));
      return true;
    });
  };

  /** Entity lookups from the gateway: each representation names its type, whose rule applies. */
  const entitiesFor = async (value: unknown[], args: { representations: Row[] }, context: AccessContext, info: GraphQLResolveInfo) => {
    const entities = await Promise.all(value);
    const fieldsOf = new Map<string, string[]>();
    const fieldsFor = (typeName: string) => {
      if (!fieldsOf.has(typeName)) fieldsOf.set(typeName, selectedFields(info, info.fieldNodes, typeName));
      return fieldsOf.get(typeName)!;
    };
    return entities.map((entity, i) => {
      const typeName = String(args.representations[i]?.__typename);
      const rule = typeRules.get(typeName);
      if (!rule) return entity;
      if (decideAccessWithoutRecord(rule, context.viewer) === 'DENY') return forbidden(`${typeName} is not visible to you`);
      if (entity === null || entity === undefined || decideAccess(rule, context.viewer, entity as Row) === 'DENY') return null;
      auditRecord(context, auditName.get(typeName) ?? typeName, entity as Row, fieldsFor(typeName));
      return entity;
    });
  };
  return schema;
}
