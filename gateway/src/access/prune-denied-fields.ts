import { decideAccessWithoutRecord, type Viewer } from '@xianjie/subgraph-kit';
import {
  getNamedType,
  GraphQLError,
  isNonNullType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { SupergraphAccessRules } from './supergraph-access-rules';

/** A field dropped before planning: where it was asked for and why. */
export interface PrunedField {
  /** Response keys from the root to the object holding the field (lists are expanded when patching). */
  parentPath: string[];
  key: string;
  message: string;
}

export interface PruneResult {
  document: DocumentNode;
  pruned: PrunedField[];
}

/** Selection sets left empty by pruning get this placeholder, removed again from the result. */
export const PLACEHOLDER = '__xianjie_pruned';

function inlineFragments(document: DocumentNode, operationName: string | null | undefined): DocumentNode {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    else if (def.kind === Kind.OPERATION_DEFINITION) operations.push(def);
  }
  const operation = operationName ? operations.find((op) => op.name?.value === operationName) : operations[0];
  if (!operation) return document;
  const inline = (set: SelectionSetNode, seen: Set<string>): SelectionSetNode => ({
    ...set,
    selections: set.selections.map((selection) => {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) return selection;
        return {
          kind: Kind.INLINE_FRAGMENT,
          typeCondition: fragment.typeCondition,
          directives: selection.directives,
          selectionSet: inline(fragment.selectionSet, new Set([...seen, fragment.name.value])),
        };
      }
      return selection.selectionSet ? { ...selection, selectionSet: inline(selection.selectionSet, seen) } : selection;
    }),
  });
  return { kind: Kind.DOCUMENT, definitions: [{ ...operation, selectionSet: inline(operation.selectionSet, new Set()) }] };
}

/**
 * Drops from an operation every nullable field the viewer can never see, whatever the
 * record: the field's own `@access` rule, or the rule of the type it returns, denies the
 * viewer's roles outright. No subgraph is asked for them. Fields whose answer depends on
 * the record (an agency's own cases, published decisions) are left to the owning subgraph.
 */
export function pruneDeniedFields(
  document: DocumentNode,
  operationName: string | null | undefined,
  schema: GraphQLSchema,
  rules: SupergraphAccessRules,
  viewer: Viewer,
): PruneResult {
  const pruned: PrunedField[] = [];
  const path: string[] = [];
  const typeInfo = new TypeInfo(schema);
  const inlined = inlineFragments(document, operationName);
  const withoutDenied = visit(
    inlined,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node: FieldNode) {
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          const key = node.alias?.value ?? node.name.value;
          if (parent && field && !isNonNullType(field.type)) {
            const coordinate = `${parent.name}.${field.name}`;
            const fieldRule = rules.fields.get(coordinate);
            const typeRule = rules.types.get(getNamedType(field.type).name);
            const denied =
              (fieldRule && decideAccessWithoutRecord(fieldRule, viewer) === 'DENY') ||
              (typeRule && decideAccessWithoutRecord(typeRule, viewer) === 'DENY');
            if (denied) {
              pruned.push({ parentPath: [...path], key, message: `${coordinate} is not visible to you` });
              return null;
            }
          }
          path.push(key);
          return undefined;
        },
        leave() {
          path.pop();
        },
      },
    }),
  );
  if (pruned.length === 0) return { document, pruned };
  const placeholder: FieldNode = {
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: PLACEHOLDER },
    name: { kind: Kind.NAME, value: '__typename' },
  };
  const filled = visit(withoutDenied, {
    SelectionSet: {
      leave(node) {
        return node.selections.length === 0 ? { ...node, selections: [placeholder] } : undefined;
      },
    },
  });
  return { document: filled, pruned };
}

type Json = Record<string, unknown>;

/** Puts `null` and a FORBIDDEN error (with its concrete path) where each pruned field was asked for. */
export function patchPrunedFields(data: Json | null | undefined, pruned: PrunedField[]): GraphQLError[] {
  const errors: GraphQLError[] = [];
  if (!data) return errors;
  const visitAt = (value: unknown, rest: string[], at: (string | number)[], field: PrunedField) => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => visitAt(item, rest, [...at, i], field));
      return;
    }
    const object = value as Json;
    if (rest.length === 0) {
      object[field.key] = null;
      errors.push(new GraphQLError(field.message, { path: [...at, field.key], extensions: { code: 'FORBIDDEN' } }));
      return;
    }
    visitAt(object[rest[0]!], rest.slice(1), [...at, rest[0]!], field);
  };
  for (const field of pruned) visitAt(data, field.parentPath, [], field);
  stripPlaceholders(data);
  return errors;
}

function stripPlaceholders(value: unknown): void {
  if (Array.isArray(value)) value.forEach(stripPlaceholders);
  else if (value && typeof value === 'object') {
    const object = value as Json;
    delete object[PLACEHOLDER];
    for (const child of Object.values(object)) stripPlaceholders(child);
  }
}
