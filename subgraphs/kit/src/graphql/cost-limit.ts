import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  getNamedType,
  GraphQLError,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

export interface CostLimits {
  /** The most field values an operation may be estimated to resolve. */
  maxCost: number;
  /** The deepest selection an operation may have. */
  maxDepth: number;
  /** How many items a list without a size argument is assumed to hold. */
  defaultListSize: number;
}

export const DEFAULT_COST_LIMITS: CostLimits = { maxCost: 25_000, maxDepth: 15, defaultListSize: 20 };

export interface CostEstimate {
  cost: number;
  depth: number;
}

const isList = (type: GraphQLOutputType) => isListType(isNonNullType(type) ? type.ofType : type);

function argumentLength(value: ValueNode | undefined, variables: Record<string, unknown>): number | undefined {
  if (!value) return undefined;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    if (typeof v === 'number') return v;
    if (Array.isArray(v)) return v.length;
  }
  return undefined;
}

/**
 * Estimates what an operation costs before it runs: every field value it would resolve,
 * a list multiplying what is below it by its size (`first`, or the length of `ids` or
 * `representations`, or `defaultListSize`). Introspection is not counted: its size is
 * the schema's, not the data's.
 */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
  limits: CostLimits = DEFAULT_COST_LIMITS,
): CostEstimate {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    else if (def.kind === Kind.OPERATION_DEFINITION && (!operationName || def.name?.value === operationName)) operation ??= def;
  }
  if (!operation) return { cost: 0, depth: 0 };
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  let depth = 0;
  const walk = (set: SelectionSetNode, typeName: string, multiplier: number, level: number, seen: Set<string>): number => {
    depth = Math.max(depth, level);
    const type = schema.getType(typeName);
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        const field = isObjectType(type) ? type.getFields()[selection.name.value] : undefined;
        if (!field) continue;
        const size = isList(field.type) ? listSize(selection, variables, limits) : 1;
        cost += multiplier * size;
        if (selection.selectionSet) cost += walk(selection.selectionSet, getNamedType(field.type).name, multiplier * size, level + 1, seen);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        cost += walk(selection.selectionSet, selection.typeCondition?.name.value ?? typeName, multiplier, level, seen);
      } else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) cost += walk(fragment.selectionSet, fragment.typeCondition.name.value, multiplier, level, new Set([...seen, selection.name.value]));
      }
    }
    return cost;
  };
  const cost = root ? walk(operation.selectionSet, root.name, 1, 0, new Set()) : 0;
  return { cost, depth };
}

function listSize(field: FieldNode, variables: Record<string, unknown>, limits: CostLimits): number {
  for (const name of ['first', 'ids', 'representations']) {
    const size = argumentLength(field.arguments?.find((a) => a.name.value === name)?.value, variables);
    if (size !== undefined) return Math.max(size, 1);
  }
  return limits.defaultListSize;
}

/**
 * Refuses, before execution (and, at the gateway, before planning), an operation that is
 * too deep or would resolve too much: HTTP 400 with `extensions.code` QUERY_TOO_COMPLEX.
 * The gateway and every subgraph use it, since a subgraph can be called directly.
 */
export function costLimitPlugin<TContext extends BaseContext>(limits: CostLimits = DEFAULT_COST_LIMITS): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operationName, schema, request }) {
          const { cost, depth } = estimateCost(schema, document, operationName, request.variables ?? {}, limits);
          if (depth > limits.maxDepth || cost > limits.maxCost) {
            throw new GraphQLError(
              `This operation is too complex: estimated ${cost} values at depth ${depth} (the limits are ${limits.maxCost} values and depth ${limits.maxDepth}); ask for fewer items or levels`,
              { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}
