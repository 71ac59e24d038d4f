import { decideAccessWithoutRecord, type Viewer } from '@xianjie/subgraph-kit';
import {
  getNamedType,
  getOperationAST,
  GraphQLError,
  isAbstractType,
  isNonNullType,
  isObjectType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { SupergraphAccessRules } from './supergraph-access-rules';

export interface PruneResult {
  /** The operation without the denied fields, fragments pruned where they are defined. */
  document: DocumentNode;
  /** The document as asked, which `patchPrunedFields` walks along the response. */
  original: DocumentNode;
  /** Each denied field of the original document, with why it is denied. */
  pruned: Map<FieldNode, string>;
}

/**
 * A pruned field is replaced by this alias of `__typename` (so a selection set is never
 * left empty, and the record's type is known where it is an interface); it is removed
 * again from the result.
 */
export const PLACEHOLDER = '__xianjie_pruned';

const placeholder: FieldNode = {
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: PLACEHOLDER },
  name: { kind: Kind.NAME, value: '__typename' },
};

/**
 * Drops from an operation every nullable field the viewer can never see, whatever the
 * record: the field's own `@access` rule, or the rule of the type it returns, denies the
 * viewer's roles outright. No subgraph is asked for them. Fields whose answer depends on
 * the record (an agency's own cases, published decisions) are left to the owning subgraph.
 *
 * Whether a field is denied depends only on its parent type, so each definition
 * (operation or fragment) is pruned once where it is written: one pass over the document.
 */
export function pruneDeniedFields(document: DocumentNode, schema: GraphQLSchema, rules: SupergraphAccessRules, viewer: Viewer): PruneResult {
  const pruned = new Map<FieldNode, string>();
  const typeInfo = new TypeInfo(schema);
  const withoutDenied = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node: FieldNode) {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field || isNonNullType(field.type)) return undefined;
        const coordinate = `${parent.name}.${field.name}`;
        const fieldRule = rules.fields.get(coordinate);
        const typeRule = rules.types.get(getNamedType(field.type).name);
        const denied =
          (fieldRule && decideAccessWithoutRecord(fieldRule, viewer) === 'DENY') ||
          (typeRule && decideAccessWithoutRecord(typeRule, viewer) === 'DENY');
        if (!denied) return undefined;
        pruned.set(node, `${coordinate} is not visible to you`);
        return placeholder;
      },
    }),
  );
  if (pruned.size === 0) return { document, original: document, pruned };
  // A selection on an interface or union that holds a pruned field, itself or further down,
  // asks the record's type too: patchPrunedFields follows the response by it (and removes it).
  const holdsPruned = holdingTest(withoutDenied, (field) => field === placeholder);
  const typed = new TypeInfo(schema);
  const withTypes = visit(
    withoutDenied,
    visitWithTypeInfo(typed, {
      SelectionSet(node: SelectionSetNode) {
        const type = typed.getParentType();
        if (!type || !isAbstractType(type) || node.selections.includes(placeholder) || !holdsPruned(node)) return undefined;
        return { ...node, selections: [...node.selections, placeholder] };
      },
    }),
  );
  return { document: withTypes, original: document, pruned };
}

/**
 * Whether a selection set holds a field `marked`, itself or further down (through fields,
 * inline fragments and the document's fragments): worked out once per set.
 */
function holdingTest(document: DocumentNode, marked: (field: FieldNode) => boolean): (set: SelectionSetNode) => boolean {
  const fragments = new Map<string, SelectionSetNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition.selectionSet);
  }
  const holds = new Map<SelectionSetNode, boolean>();
  const holdsMarked = (set: SelectionSetNode): boolean => {
    const known = holds.get(set);
    if (known !== undefined) return known;
    holds.set(set, false);
    const result = set.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return marked(selection) || (!!selection.selectionSet && holdsMarked(selection.selectionSet));
      const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value);
      return !!inner && holdsMarked(inner);
    });
    holds.set(set, result);
    return result;
  };
  return holdsMarked;
}

type Json = Record<string, unknown>;

/**
 * Puts `null` and a FORBIDDEN error (with its concrete path) where each pruned field was
 * asked for, walking the response along the original document. Only the parts of the
 * document that hold a pruned field are followed, and each fragment at most once per
 * object (as execution does), so the work is bounded by the response and the document
 * however often a fragment is spread.
 */
export function patchPrunedFields(
  data: Json | null | undefined,
  operationName: string | null | undefined,
  schema: GraphQLSchema,
  prune: PruneResult,
): GraphQLError[] {
  const errors: GraphQLError[] = [];
  if (!data) return errors;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of prune.original.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const holdsPruned = holdingTest(prune.original, (field) => prune.pruned.has(field));
  // Per object: the fragments already followed and the keys already answered.
  const seen = new WeakMap<Json, { fragments: Set<string>; keys: Set<string> }>();

  const patchValue = (value: unknown, set: SelectionSetNode, type: GraphQLNamedType, path: (string | number)[]) => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => patchValue(item, set, type, [...path, i]));
      return;
    }
    const object = value as Json;
    const runtime = isObjectType(type) ? type : schema.getType(String(object[PLACEHOLDER] ?? object.__typename));
    if (runtime && isObjectType(runtime)) patchObject(object, set, runtime, path);
  };

  const patchObject = (object: Json, set: SelectionSetNode, type: GraphQLObjectType, path: (string | number)[]) => {
    let state = seen.get(object);
    if (!state) seen.set(object, (state = { fragments: new Set(), keys: new Set() }));
    delete object[PLACEHOLDER];
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const message = prune.pruned.get(selection);
        if (message !== undefined) {
          if (state.keys.has(key)) continue;
          state.keys.add(key);
          object[key] = null;
          errors.push(new GraphQLError(message, { path: [...path, key], extensions: { code: 'FORBIDDEN' } }));
        } else if (selection.selectionSet && holdsPruned(selection.selectionSet)) {
          const field = type.getFields()[selection.name.value];
          if (field) patchValue(object[key], selection.selectionSet, getNamedType(field.type), [...path, key]);
        }
        continue;
      }
      let inner: SelectionSetNode | undefined;
      let condition: string | undefined;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = selection.selectionSet;
        condition = selection.typeCondition?.name.value;
      } else {
        if (state.fragments.has(selection.name.value)) continue;
        state.fragments.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        inner = fragment?.selectionSet;
        condition = fragment?.typeCondition.name.value;
      }
      const conditionType = condition === undefined ? type : schema.getType(condition);
      const applies = conditionType === type || (!!conditionType && isAbstractType(conditionType) && schema.isSubType(conditionType, type));
      if (inner && applies && holdsPruned(inner)) patchObject(object, inner, type, path);
    }
  };

  const operation = getOperationAST(prune.original, operationName);
  const root = operation?.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (operation && root && holdsPruned(operation.selectionSet)) patchObject(data, operation.selectionSet, root, []);
  return errors;
}
