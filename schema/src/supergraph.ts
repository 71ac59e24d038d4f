import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { INSTITUTIONS } from '@xianjie/subgraph-kit';
import * as court from '@xianjie/court/schema';
import * as enforcement from '@xianjie/enforcement/schema';
import * as police from '@xianjie/police/schema';
import * as procuratorate from '@xianjie/procuratorate/schema';

/** The four institutions, in the order of the case chain, with their default local ports. */
const MODULES = { enforcement, police, procuratorate, court };
export const SUBGRAPHS = INSTITUTIONS.map(({ name, port }) => ({ module: MODULES[name], port }));

export const SUPERGRAPH_PATH = path.resolve(__dirname, '../supergraph.graphql');
export const PERMISSIONS_PATH = path.resolve(__dirname, '../PERMISSIONS.md');

/** Composes the four subgraph SDLs into a supergraph; throws with every composition error. */
export function composeSupergraph(): string {
  const result = composeServices(
    SUBGRAPHS.map(({ module, port }) => ({
      name: module.name,
      typeDefs: module.typeDefs,
      url: `http://127.0.0.1:${port}/graphql`,
    })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}

export function readCommittedSupergraph(): string {
  return readFileSync(SUPERGRAPH_PATH, 'utf8');
}
