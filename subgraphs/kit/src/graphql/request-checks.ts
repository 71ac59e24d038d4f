import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, Kind, type ASTVisitor, type DocumentNode, type ValidationContext } from 'graphql';

/**
 * Checks of a request that neither graphql-js nor Apollo Server makes in a way a client can
 * act on. The gateway and every subgraph use them (a subgraph can be called directly), so a
 * client's mistake is a 400 that says what is wrong, never a 500 or an internal error.
 */

const NUL = '\u0000';
const NUL_TEXT = 'a NUL character (U+0000), which text may not contain; remove it';

/** A path into a variable's value, as `f.ids[1]`. */
function findNul(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = findNul(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Validation rules added to graphql-js's: an operation of a type the schema does not have
 * (every subscription: Xianjie serves none) and a NUL character in a string written in the
 * document (PostgreSQL refuses it in text) are refused when the document is validated.
 */
export const REQUEST_VALIDATION_RULES = [
  (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      if (!context.getSchema().getRootType(node.operation)) {
        context.reportError(
          new GraphQLError(`This service does not support ${node.operation} operations; it answers ${supportedOperations(context)} over HTTP`, { nodes: node }),
        );
      }
    },
    StringValue(node) {
      if (node.value.includes(NUL)) context.reportError(new GraphQLError(`This string contains ${NUL_TEXT}`, { nodes: node }));
    },
  }),
];

function supportedOperations(context: ValidationContext): string {
  const schema = context.getSchema();
  return [schema.getQueryType() && 'queries', schema.getMutationType() && 'mutations'].filter(Boolean).join(' and ');
}

function operationNames(document: DocumentNode): string[] {
  return document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value ?? '(anonymous)'] : []));
}

function badRequest(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/**
 * Refuses, once the document is validated and before anything runs: a request whose
 * operation cannot be determined (an unknown `operationName`, or several operations and
 * none named), which `@apollo/gateway` otherwise answers with HTTP 500; and a NUL character
 * anywhere in the variables, whatever argument or input field it is bound for.
 */
export function requestChecksPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (!operation) {
            const names = operationNames(document);
            const defined = names.length === 1 && names[0] === '(anonymous)' ? 'one anonymous operation' : names.join(', ');
            throw request.operationName
              ? badRequest(`Unknown operation named "${request.operationName}": the document defines ${defined}`, 'OPERATION_RESOLUTION_FAILURE')
              : badRequest(`The document defines ${names.length} operations (${names.join(', ')}): set operationName to the one to run`, 'OPERATION_RESOLUTION_FAILURE');
          }
          for (const [name, value] of Object.entries(request.variables ?? {})) {
            const path = findNul(value, name);
            if (path) throw badRequest(`Variable "$${name}" contains ${NUL_TEXT} (at ${path})`, 'BAD_USER_INPUT');
          }
        },
      };
    },
  };
}

const SUGGESTION = / ?Did you mean .+\?$/;

/** Drops graphql-js's "Did you mean …?" from a message: it would tell a client the schema's names. */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}
