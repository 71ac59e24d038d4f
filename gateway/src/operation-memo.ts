import type { DefinitionNode, DocumentNode } from 'graphql';

/**
 * @apollo/gateway turns the operation's syntax tree into federation's `Operation` on every
 * execution (executeQueryPlan calls operationFromDocument with `validate: false`, for result
 * shaping), about 5 % of the gateway's CPU per CaseChain, though the tree it converts comes
 * from Apollo Server's document cache: the same objects for every request of the same text.
 * This keeps what that call built for each schema and operation node (with its fragments),
 * and answers the same call with it again. An `Operation` is not changed by result shaping
 * (the variables are passed beside it), and the cached trees are never changed either.
 *
 * The gateway reads the function through the package's index, whose re-export is a getter
 * of the operations module's own export, so replacing that export reaches it. If a version
 * of the package is laid out otherwise, nothing is replaced and `installed` says so.
 */
type OperationFromDocument = (schema: object, document: DocumentNode, options?: { operationName?: string; validate?: boolean }) => unknown;

interface Kept {
  fragments: readonly DefinitionNode[];
  operation: unknown;
}

/** Whether the memo is in place (false: the package is laid out differently; the gateway works as it did). */
export const operationMemo = { installed: false, hits: 0 };

function install(): void {
  let operations: { operationFromDocument?: OperationFromDocument };
  try {
    operations = require('@apollo/federation-internals/dist/operations');
  } catch {
    return;
  }
  const original = operations.operationFromDocument;
  const descriptor = Object.getOwnPropertyDescriptor(operations, 'operationFromDocument');
  if (typeof original !== 'function' || !descriptor?.writable) return;
  const kept = new WeakMap<object, WeakMap<DefinitionNode, Kept>>();
  const memoized: OperationFromDocument = (schema, document, options) => {
    // Only the call executeQueryPlan makes: no operation name, not validated, the operation first.
    const [first, ...fragments] = document.definitions;
    if (options?.validate !== false || options.operationName !== undefined || first?.kind !== 'OperationDefinition') {
      return original(schema, document, options);
    }
    let bySchema = kept.get(schema);
    if (!bySchema) kept.set(schema, (bySchema = new WeakMap()));
    const hit = bySchema.get(first);
    if (hit && hit.fragments.length === fragments.length && hit.fragments.every((f, i) => f === fragments[i])) {
      operationMemo.hits += 1;
      return hit.operation;
    }
    const operation = original(schema, document, options);
    bySchema.set(first, { fragments, operation });
    return operation;
  };
  operations.operationFromDocument = memoized;
  operationMemo.installed = true;
}

install();
