import {
  defaultFieldResolver,
  Kind,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import type { Viewer } from '../auth/viewer';
import { forbidden } from '../graphql/errors';
import { decideAccess, findAccessRule, maskValue, type AccessRule } from './access-rule';

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

/** The fields a query asks of a record of `typeName` (one level down; fragments flattened). */
function selectedFields(info: GraphQLResolveInfo, nodes: readonly FieldNode[], typeName: string): string[] {
  const names = new Set<string>();
  const walk = (set: SelectionSetNode | undefined, seen: Set<string>) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__')) names.add(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!selection.typeCondition || selection.typeCondition.name.value === typeName) walk(selection.selectionSet, seen);
      } else if (!seen.has(selection.name.value)) {
        const fragment = info.fragments[selection.name.value];
        if (fragment && fragment.typeCondition.name.value === typeName) walk(fragment.selectionSet, new Set([...seen, selection.name.value]));
      }
    }
  };
  for (const node of nodes) walk(node.selectionSet, new Set());
  return [...names];
}

function unwrapList(type: GraphQLOutputType): boolean {
  const inner = isNonNullType(type) ? type.ofType : type;
  return isListType(inner);
}

/**
 * Enforces every `@access` rule of a subgraph's schema in the subgraph itself, whoever
 * calls: a field rule is checked against the record the field belongs to before it is
 * resolved (denied: null + FORBIDDEN; masked: the masked value); a type rule is checked
 * on every record a field or an entity lookup returns (denied: null + FORBIDDEN for a
 * single record, left out of a list). Every read of a protected field is audited.
 */
export function applyAccessRules(schema: GraphQLSchema): GraphQLSchema {
  const typeRules = new Map<string, AccessRule>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    const rule = findAccessRule(type.astNode?.directives);
    if (rule) typeRules.set(type.name, rule);
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
      auditRecord(context, typeName, row, fields);
      return true;
    };
    if (unwrapList(type) && Array.isArray(value)) return value.filter((row) => row === null || admit(row as Row));
    if (!admit(value as Row)) throw forbidden(`This ${typeName} is not visible to you`);
    return value;
  };

  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const fieldRule = findAccessRule(field.astNode?.directives);
      const returnsRuled = typeRules.has(getNamedType(field.type).name);
      const isEntities = type === schema.getQueryType() && field.name === '_entities';
      if (!fieldRule && !returnsRuled && !isEntities) continue;

      const resolve: GraphQLFieldResolver<unknown, AccessContext> = field.resolve ?? defaultFieldResolver;
      const where = `${type.name}.${field.name}`;
      field.resolve = async (source, args, context, info) => {
        const row = (source ?? {}) as Row;
        let decision: 'FULL' | 'MASKED' = 'FULL';
        if (fieldRule) {
          const verdict = decideAccess(fieldRule, context.viewer, row);
          if (verdict === 'DENY') throw forbidden(`${where} is not visible to you`);
          decision = verdict;
          context.audit.read(type.name, recordIdOf(row), field.name);
        }
        let value = await resolve(source, args, context, info);
        if (decision === 'MASKED') value = maskValue(fieldRule!.mask!, value, row);
        if (isEntities && Array.isArray(value)) {
          // Entity lookups from the gateway: each representation names its type.
          const representations = (args as { representations: Row[] }).representations;
          const entities = await Promise.all(value);
          const fieldsOf = new Map<string, string[]>();
          const fieldsFor = (typeName: string) => {
            if (!fieldsOf.has(typeName)) fieldsOf.set(typeName, selectedFields(info, info.fieldNodes, typeName));
            return fieldsOf.get(typeName)!;
          };
          return entities.map((entity, i) => {
            const typeName = String(representations[i]?.__typename);
            const rule = typeRules.get(typeName);
            if (!rule || entity === null || entity === undefined) return entity;
            if (decideAccess(rule, context.viewer, entity as Row) === 'DENY') return forbidden(`This ${typeName} is not visible to you`);
            auditRecord(context, typeName, entity as Row, fieldsFor(typeName));
            return entity;
          });
        }
        return returnsRuled ? filterRecords(value, field.type, context, info) : value;
      };
    }
  }
  return schema;
}
