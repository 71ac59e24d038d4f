import { readFileSync } from 'node:fs';
import { parse, type DocumentNode } from 'graphql';
import { federationHeader } from './federation-header';

/** Reads an institution's `schema.graphql` and prefixes the shared federation head. */
export function loadSdl(file: string): DocumentNode {
  return parse(federationHeader + readFileSync(file, 'utf8'));
}
