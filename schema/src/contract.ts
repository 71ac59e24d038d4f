import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { Kind, parse, type DocumentNode, type GraphQLSchema } from 'graphql';

/**
 * The contract: the operations Xianjie's users run (../shared/contract/operations.graphql,
 * beside the repository; schema/contract/ keeps a copy for clones without it).
 */
export const SHARED_CONTRACT_PATH = path.resolve(__dirname, '../../../shared/contract/operations.graphql');
export const CONTRACT_COPY_PATH = path.resolve(__dirname, '../contract/operations.graphql');

export function contractSource(): { path: string; text: string } {
  const file = existsSync(SHARED_CONTRACT_PATH) ? SHARED_CONTRACT_PATH : CONTRACT_COPY_PATH;
  return { path: file, text: readFileSync(file, 'utf8') };
}

/** Each named operation of the contract as its own document. */
export function contractOperations(): Record<string, DocumentNode> {
  const document = parse(contractSource().text);
  const operations: Record<string, DocumentNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) {
      operations[definition.name.value] = { kind: Kind.DOCUMENT, definitions: [definition] };
    }
  }
  return operations;
}

/** The API schema clients see through the gateway. */
export function apiSchema(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}
