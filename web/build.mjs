// Builds the console and the developers' GraphQL IDE into web/dist with esbuild: every
// script, style and font the pages use is in these files (system CJK fonts, nothing fetched).
// `node build.mjs [--out DIR]` (npm run build -w @xianjie/web); prints each file's size, raw
// and gzip. The tests build into a directory of their own, so no run rewrites the files
// another is serving.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const outFlag = process.argv.indexOf('--out');
const out = outFlag > 0 ? path.resolve(process.argv[outFlag + 1]) : path.join(here, 'dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  sourcemap: false,
  target: ['chrome110', 'firefox110', 'safari16'],
  legalComments: 'none',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
};
await Promise.all([
  build({ ...common, entryPoints: { console: path.join(here, 'src/main.tsx') }, outdir: out, jsx: 'automatic', jsxImportSource: 'preact', loader: { '.graphql': 'text' } }),
  // The charts (ECharts), a bundle of its own that the assessment view loads when opened.
  build({ ...common, entryPoints: { charts: path.join(here, 'src/charts/main.ts') }, outdir: out }),
  // The IDE (GraphiQL, React) is a separate bundle the gateway serves in development only.
  build({ ...common, entryPoints: { ide: path.join(here, 'src/ide/main.js') }, outdir: out, loader: { '.css': 'css' } }),
]);
for (const page of ['index.html', 'ide.html']) copyFileSync(path.join(here, 'src', page), path.join(out, page));

for (const file of readdirSync(out).sort()) {
  const bytes = statSync(path.join(out, file)).size;
  const gzip = gzipSync(readFileSync(path.join(out, file))).length;
  console.log(`[web] ${path.relative(process.cwd(), path.join(out, file)).padEnd(22)} ${bytes.toLocaleString('en-US').padStart(10)} B  gzip ${gzip.toLocaleString('en-US').padStart(9)} B`);
}
