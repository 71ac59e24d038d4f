import { writeFileSync } from 'node:fs';
import { permissionsDocument } from './permissions-doc';
import { composeSupergraph, PERMISSIONS_PATH, SUPERGRAPH_PATH } from './supergraph';

// `npm run compose`: writes schema/supergraph.graphql from the four subgraph SDLs, and
// schema/PERMISSIONS.md from the @access rules in it.
try {
  const supergraph = composeSupergraph();
  writeFileSync(SUPERGRAPH_PATH, supergraph);
  writeFileSync(PERMISSIONS_PATH, permissionsDocument(supergraph));
  console.log(`Wrote ${SUPERGRAPH_PATH} and ${PERMISSIONS_PATH}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
