// The production build of one service (`npm run build` runs it in each subgraph and the
// gateway through turbo): bundles src/main.ts with the Xianjie sources it imports (the kit
// included) into dist/main.js, plain JavaScript for Node 20; third-party packages stay
// external and are required from node_modules at run time, so nothing TypeScript (no tsx)
// is needed to run it: `node --enable-source-maps subgraphs/police/dist/main.js`. The SDL
// files (src/*.graphql) are copied beside it, where the bundle reads them at run time.
// `node build-service.mjs [ENTRY OUTFILE]` bundles another entry (the launcher,
// scripts/start.ts → scripts/dist/start.js) the same way.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const [entry, outfile] = process.argv.length > 3 ? process.argv.slice(2, 4).map((p) => path.resolve(p)) : [path.resolve('src/main.ts'), path.resolve('dist/main.js')];
const outdir = path.dirname(outfile);
if (process.argv.length <= 3) rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

/** Bare imports other than @xianjie/* (npm packages, node: builtins) are left to Node. */
const thirdPartyExternal = {
  name: 'third-party-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@xianjie/') ? undefined : { path: args.path, external: true }));
  },
};

await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  // Error messages and class names stay readable in logs.
  keepNames: true,
  logLevel: 'warning',
  plugins: [thirdPartyExternal],
});

const srcdir = path.dirname(entry);
for (const file of readdirSync(srcdir)) if (file.endsWith('.graphql')) copyFileSync(path.join(srcdir, file), path.join(outdir, file));
