import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  getNamedType,
  GraphQLError,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isWrappingType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { wholeNumbersFromEnv } from '../process/env-numbers';

/**
 * What the gateway and every subgraph accept of an operation. Each limit bounds work that
 * grows with it: the parser stops at `maxTokens`, and everything else is worked out in one
 * pass over the parsed document (each fragment once) before the operation is planned or
 * executed.
 */
export interface OperationLimits {
  /** Lexical tokens the parser reads before it gives up (graphql-js `maxTokens`). */
  maxTokens: number;
  /** Aliases, counting a fragment's once for every place it is spread. */
  maxAliases: number;
  /** Directives, counted the same way. */
  maxDirectives: number;
  /** Nested selections. */
  maxDepth: number;
  /** Field values the operation is estimated to resolve (see `analyzeOperation`). */
  maxCost: number;
  /** The largest response body sent, in bytes. */
  maxResponseBytes: number;
}

export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxTokens: 1000,
  maxAliases: 15,
  maxDirectives: 50,
  maxDepth: 15,
  maxCost: 25_000,
  maxResponseBytes: 8 * 1024 * 1024,
};

const ENV_NAMES: Record<keyof OperationLimits, string> = {
  maxTokens: 'XIANJIE_MAX_TOKENS',
  maxAliases: 'XIANJIE_MAX_ALIASES',
  maxDirectives: 'XIANJIE_MAX_DIRECTIVES',
  maxDepth: 'XIANJIE_MAX_DEPTH',
  maxCost: 'XIANJIE_MAX_COST',
  maxResponseBytes: 'XIANJIE_MAX_RESPONSE_BYTES',
};

/** The limits from XIANJIE_MAX_TOKENS, _ALIASES, _DIRECTIVES, _DEPTH, _COST and _RESPONSE_BYTES, else the defaults. */
export function operationLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): OperationLimits {
  return wholeNumbersFromEnv(DEFAULT_OPERATION_LIMITS, ENV_NAMES, env);
}

/**
 * A subgraph is asked what the gateway plans from an operation it admitted: the plan
 * adds key fields and `__typename`, and writes every fragment out in full where it is
 * spread. So a subgraph admits twice the gateway's cost and ten times its tokens; its
 * other limits are the gateway's.
 */
export function subgraphOperationLimits(gateway: OperationLimits): OperationLimits {
  return { ...gateway, maxTokens: gateway.maxTokens * 10, maxCost: gateway.maxCost * 2 };
}

/** A list's size as its schema declares it with federation's `@listSize`. */
export interface ListSize {
  assumedSize?: number;
  /** Int arguments whose value is the list's size (`first`). */
  slicingArguments: string[];
  /** Lists inside the returned object that the slicing argument sizes (a connection's `edges`). */
  sizedFields: string[];
}

/** The `@listSize` of every field of an SDL (a subgraph's, or the supergraph), by `Type.field`. */
export function readListSizes(sdl: DocumentNode): Map<string, ListSize> {
  const sizes = new Map<string, ListSize>();
  for (const definition of sdl.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const field of definition.fields ?? []) {
      const directive = field.directives?.find((d) => d.name.value === 'listSize');
      if (!directive) continue;
      const args = Object.fromEntries((directive.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
      sizes.set(`${definition.name.value}.${field.name.value}`, {
        assumedSize: typeof args.assumedSize === 'number' ? args.assumedSize : undefined,
        slicingArguments: (args.slicingArguments as string[] | undefined) ?? [],
        sizedFields: (args.sizedFields as string[] | undefined) ?? [],
      });
    }
  }
  return sizes;
}

/** What an operation asks for, worked out before it runs. */
export interface OperationAnalysis {
  /** Field values it is estimated to resolve: every selection counts, meta-fields included. */
  cost: number;
  depth: number;
  aliases: number;
  directives: number;
}

/** A list whose size neither its arguments nor its schema give (the coverage test keeps these away). */
const UNDECLARED_LIST_SIZE = 20;

const isList = (type: GraphQLOutputType) => isListType(isNonNullType(type) ? type.ofType : type);

/**
 * A selection set's cost on one object of a concrete type: `fixed` values, plus, by field
 * name, the lists whose size the parent field may give (a connection's `edges`), with
 * their cost per item and their own size otherwise.
 */
interface SetCost {
  fixed: number;
  lists: Map<string, { perItem: number; size: number }>;
}

/**
 * Works out an operation's cost, depth, aliases and directives in time linear in the
 * document: each selection set (a fragment's included) is analysed once per concrete type
 * it can apply to, and a fragment spread adds its fragment's result, so a fragment spread
 * twice counts twice without being walked twice.
 *
 * The cost counts every field value: a list multiplies what it holds by its size — its
 * `first` (or another slicing argument of its `@listSize`), the number of keys it is given
 * (`ids`, federation's `representations`), or its `@listSize(assumedSize)`. An object of
 * an abstract type counts as the costliest of the concrete types it can be, each counting
 * only the fragments that apply to it; federation's `_entities` counts each
 * representation as its own `__typename`. Introspection counts the values it would
 * return, from the schema itself.
 */
export function analyzeOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  listSizes: ReadonlyMap<string, ListSize>,
): OperationAnalysis {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const innerSet = (selection: Exclude<SelectionNode, FieldNode>) =>
    selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value)?.selectionSet;
  const typeCondition = (selection: Exclude<SelectionNode, FieldNode>) =>
    selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition?.name.value : fragments.get(selection.name.value)?.typeCondition.name.value;

  // Aliases, directives and depth do not depend on types: one result per selection set.
  type Shape = Omit<OperationAnalysis, 'cost'>;
  const shapes = new Map<SelectionSetNode, Shape>();
  const shapeOf = (set: SelectionSetNode): Shape => {
    const known = shapes.get(set);
    if (known) return known;
    const shape: Shape = { depth: 0, aliases: 0, directives: 0 };
    shapes.set(set, shape); // a fragment cycle (refused by validation) ends here
    for (const selection of set.selections) {
      shape.directives += selection.directives?.length ?? 0;
      if (selection.kind === Kind.FIELD && selection.alias) shape.aliases++;
      if (selection.kind === Kind.FRAGMENT_SPREAD) shape.directives += fragments.get(selection.name.value)?.directives?.length ?? 0;
      const inner = selection.kind === Kind.FIELD ? selection.selectionSet : innerSet(selection);
      if (!inner) continue;
      const sub = shapeOf(inner);
      shape.aliases += sub.aliases;
      shape.directives += sub.directives;
      shape.depth = Math.max(shape.depth, sub.depth + (selection.kind === Kind.FIELD ? 1 : 0));
    }
    return shape;
  };

  const argument = (node: FieldNode, name: string): unknown => {
    const value: ValueNode | undefined = node.arguments?.find((a) => a.name.value === name)?.value;
    if (!value) return undefined;
    return value.kind === Kind.VARIABLE ? variables[value.name.value] : valueFromASTUntyped(value, variables);
  };
  const possibleTypes = (type: GraphQLNamedType): readonly GraphQLObjectType[] =>
    isObjectType(type) ? [type] : isAbstractType(type) ? schema.getPossibleTypes(type) : [];
  const applies = (condition: string | undefined, type: GraphQLObjectType) => {
    if (condition === undefined || condition === type.name) return true;
    const conditionType = schema.getType(condition);
    return conditionType !== undefined && isAbstractType(conditionType) && schema.isSubType(conditionType, type);
  };
  const evaluate = (cost: SetCost, sized?: ReadonlyMap<string, number>) => {
    let total = cost.fixed;
    for (const [name, list] of cost.lists) total += list.perItem * (sized?.get(name) ?? list.size);
    return total;
  };

  const costs = new Map<SelectionSetNode, Map<GraphQLObjectType, SetCost>>();
  const costOn = (set: SelectionSetNode, type: GraphQLObjectType): SetCost => {
    let byType = costs.get(set);
    if (!byType) costs.set(set, (byType = new Map()));
    const known = byType.get(type);
    if (known) return known;
    const cost: SetCost = { fixed: 0, lists: new Map() };
    byType.set(type, cost); // a fragment cycle (refused by validation) ends here
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        addField(cost, selection, type);
        continue;
      }
      const inner = innerSet(selection);
      if (!inner || !applies(typeCondition(selection), type)) continue;
      const sub = costOn(inner, type);
      cost.fixed += sub.fixed;
      for (const [name, list] of sub.lists) {
        const entry = cost.lists.get(name);
        if (entry) entry.perItem += list.perItem;
        else cost.lists.set(name, { ...list });
      }
    }
    return cost;
  };

  // One object of `type` (abstract: the costliest concrete type it can be), given the
  // sizes its parent field sets for lists inside it.
  const objectCost = (set: SelectionSetNode, type: GraphQLNamedType, sized?: ReadonlyMap<string, number>) =>
    Math.max(0, ...possibleTypes(type).map((concrete) => evaluate(costOn(set, concrete), sized)));

  const addField = (cost: SetCost, node: FieldNode, parent: GraphQLObjectType) => {
    const name = node.name.value;
    if (name === '__typename') {
      cost.fixed += 1;
      return;
    }
    if (name === '__schema' || name === '__type') {
      const root = name === '__schema' ? schema : schema.getType(String(argument(node, 'name')));
      cost.fixed += root && node.selectionSet ? 1 + introspectionCost(node.selectionSet, getNamedType(fieldDef(parent, name)!.type).name, root) : 1;
      return;
    }
    const field = fieldDef(parent, name);
    if (!field) return; // validation refuses it
    const named = getNamedType(field.type);
    const declared = listSizes.get(`${parent.name}.${field.name}`);
    const slicing = Math.max(-1, ...(declared?.slicingArguments ?? []).map((arg) => sizeOf(argument(node, arg))));
    const sized = slicing >= 0 && declared?.sizedFields.length ? new Map(declared.sizedFields.map((f) => [f, slicing])) : undefined;
    if (name === '_entities' && node.selectionSet) {
      // Federation's entity fetch: each representation is one object of its __typename.
      const representations = argument(node, 'representations');
      if (!Array.isArray(representations) || representations.length === 0) {
        cost.fixed += 1 + objectCost(node.selectionSet, named);
        return;
      }
      for (const representation of representations) {
        const type = schema.getType(String((representation as { __typename?: unknown })?.__typename));
        cost.fixed += 1 + (type && isObjectType(type) ? evaluate(costOn(node.selectionSet, type)) : 0);
      }
      return;
    }
    const perItem = 1 + (node.selectionSet ? objectCost(node.selectionSet, named, sized) : 0);
    if (!isList(field.type)) {
      cost.fixed += perItem;
      return;
    }
    // A list answering a list of keys holds one item per key.
    const keys = Math.max(-1, ...field.args.filter((a) => isNonNullType(a.type) && isListType(a.type.ofType)).map((a) => sizeOf(argument(node, a.name))));
    const size = slicing >= 0 ? slicing : keys;
    if (size >= 0) {
      cost.fixed += size * perItem;
      return;
    }
    const entry = cost.lists.get(field.name);
    if (entry) entry.perItem += perItem;
    else cost.lists.set(field.name, { perItem, size: Math.max(1, declared?.assumedSize ?? UNDECLARED_LIST_SIZE) });
  };

  const introspectionCost = introspectionCounter(schema, fragments);
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  const shape = shapeOf(operation.selectionSet);
  return {
    ...shape,
    directives: shape.directives + (operation.directives?.length ?? 0),
    cost: root ? evaluate(costOn(operation.selectionSet, root)) : 0,
  };
}

function fieldDef(parent: GraphQLObjectType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === '__schema') return SchemaMetaFieldDef;
  if (name === '__type') return TypeMetaFieldDef;
  return parent.getFields()[name];
}

/**
 * An Int argument's value, or a list argument's length, at least 1; -1 when not given.
 * A list counts at least one item, so everything written in an operation counts at least
 * once: `first: 0` cannot hide a fragment bomb from the estimate.
 */
function sizeOf(value: unknown): number {
  if (typeof value === 'number') return Math.max(1, value);
  if (Array.isArray(value)) return Math.max(1, value.length);
  return -1;
}

type SchemaElement = object;

/**
 * Introspection's values come from the schema, so they are counted exactly: what each
 * introspection field holds for a schema element, each (selection set, element) pair
 * worked out once. graphql-js refuses introspection nested more than three lists deep.
 */
function introspectionCounter(schema: GraphQLSchema, fragments: ReadonlyMap<string, FragmentDefinitionNode>) {
  const fieldsOf = (t: object) => (isObjectType(t) || isInterfaceType(t) || isInputObjectType(t) ? Object.values(t.getFields()) : []);
  const children: Record<string, (element: any) => readonly unknown[]> = {
    '__Schema.types': () => Object.values(schema.getTypeMap()),
    '__Schema.queryType': () => [schema.getQueryType()],
    '__Schema.mutationType': () => [schema.getMutationType()],
    '__Schema.subscriptionType': () => [schema.getSubscriptionType()],
    '__Schema.directives': () => schema.getDirectives(),
    '__Type.fields': (t) => (isInputObjectType(t) ? [] : fieldsOf(t)),
    '__Type.inputFields': (t) => (isInputObjectType(t) ? fieldsOf(t) : []),
    '__Type.interfaces': (t) => (isObjectType(t) || isInterfaceType(t) ? t.getInterfaces() : []),
    '__Type.possibleTypes': (t) => (isAbstractType(t) ? schema.getPossibleTypes(t) : []),
    '__Type.enumValues': (t) => (isEnumType(t) ? t.getValues() : []),
    '__Type.ofType': (t) => (isWrappingType(t) ? [t.ofType] : []),
    '__Field.args': (f) => f.args,
    '__Field.type': (f) => [f.type],
    '__InputValue.type': (v) => [v.type],
    '__Directive.args': (d) => d.args,
    '__Directive.locations': (d) => d.locations,
  };
  const costs = new Map<SelectionSetNode, Map<SchemaElement, number>>();
  const cost = (set: SelectionSetNode, typeName: string, element: SchemaElement): number => {
    let byElement = costs.get(set);
    if (!byElement) costs.set(set, (byElement = new Map()));
    const known = byElement.get(element);
    if (known !== undefined) return known;
    byElement.set(element, 0); // a fragment cycle (refused by validation) ends here
    const type = schema.getType(typeName) as GraphQLObjectType;
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind !== Kind.FIELD) {
        const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value)?.selectionSet;
        if (inner) total += cost(inner, typeName, element);
        continue;
      }
      const items = children[`${typeName}.${selection.name.value}`]?.(element).filter((item) => item != null);
      const field = type.getFields()[selection.name.value];
      if (!items || !field) {
        total += 1;
        continue;
      }
      total += isList(field.type) ? items.length : 1;
      if (selection.selectionSet) {
        for (const item of items) total += cost(selection.selectionSet, getNamedType(field.type).name, item as SchemaElement);
      }
    }
    byElement.set(element, total);
    return total;
  };
  return cost;
}

/** What exceeds the limits, in words; empty when the operation is within them. */
export function describeExcess(analysis: OperationAnalysis, limits: OperationLimits): string[] {
  const excess: string[] = [];
  const n = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'more than can be counted');
  // Negated, so that a count too large for a number (NaN) is over the limit too.
  if (!(analysis.aliases <= limits.maxAliases)) excess.push(`${n(analysis.aliases)} aliases (at most ${limits.maxAliases})`);
  if (!(analysis.directives <= limits.maxDirectives)) excess.push(`${n(analysis.directives)} directives (at most ${limits.maxDirectives})`);
  if (!(analysis.depth <= limits.maxDepth)) excess.push(`depth ${analysis.depth} (at most ${limits.maxDepth})`);
  if (!(analysis.cost <= limits.maxCost)) excess.push(`an estimated ${n(analysis.cost)} values (at most ${n(limits.maxCost)})`);
  return excess;
}

/**
 * Refuses, before execution (and, at the gateway, before planning), an operation beyond
 * the limits: HTTP 400 with `extensions.code` QUERY_TOO_COMPLEX, saying which limits and
 * by how much. The gateway and every subgraph use it, since a subgraph can be called
 * directly. The token limit is the parser's (`apolloParseOptions`).
 */
export function operationLimitsPlugin<TContext extends BaseContext>(
  limits: OperationLimits,
  listSizes: ReadonlyMap<string, ListSize>,
): ApolloServerPlugin<TContext> {
  // What an operation exceeds, by its parsed document (Apollo keeps one per query text),
  // operation and what the analysis read of the variables: sizes and representations'
  // types (variableShape), so a subgraph's entity fetch of one CaseChain is analysed once.
  // `names`: the variables the first analysis read (those its arguments name).
  const known = new WeakMap<DocumentNode, Map<OperationDefinitionNode, { names: string[]; byShape: Map<string, string[]> }>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, schema, request }) {
          if (!operation) return; // execution refuses it
          const given = request.variables ?? {};
          let kept = known.get(document)?.get(operation);
          let excess = kept?.byShape.get(variableShape(kept.names, given));
          if (!excess) {
            const read = new Set<string>();
            const variables = new Proxy(given, { get: (target, name) => (typeof name === 'string' && read.add(name), Reflect.get(target, name)) });
            excess = describeExcess(analyzeOperation(schema, document, operation, variables, listSizes), limits);
            if (!kept) {
              if (!known.has(document)) known.set(document, new Map());
              known.get(document)!.set(operation, (kept = { names: [...read].sort(), byShape: new Map() }));
            }
            // Kept only when this analysis read those same variables: its result then depends on nothing else.
            if (kept.byShape.size < MAX_SHAPES && sameNames(kept.names, read)) kept.byShape.set(variableShape(kept.names, given), excess);
          }
          if (excess.length > 0) {
            throw new GraphQLError(`This operation is too complex: ${excess.join('; ')}. Ask for fewer items, fields or levels`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

/** Variable shapes kept per operation (an operation whose variables are free text stops being kept there). */
const MAX_SHAPES = 64;

const sameNames = (names: string[], read: Set<string>) => names.length === read.size && names.every((n) => read.has(n));

/**
 * What the analysis depends on in the variables it read: a list by its items' __typename
 * (its length and, for federation's representations, each one's type), anything else as
 * it is (a number is a size; a boolean may decide a directive).
 */
function variableShape(names: string[], variables: Record<string, unknown>): string {
  return names
    .map((name) => {
      const value = variables[name];
      if (!Array.isArray(value)) return JSON.stringify(value) ?? 'undefined';
      return `[${value.map((item) => (item && typeof item === 'object' && !Array.isArray(item) ? String((item as { __typename?: unknown }).__typename) : typeof item)).join(',')}]`;
    })
    .join('\u0000');
}

/** Apollo Server's parse options: the parser stops after `maxTokens` tokens. */
export function apolloParseOptions(limits: OperationLimits) {
  return { maxTokens: limits.maxTokens };
}
