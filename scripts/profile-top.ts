// `npx tsx scripts/profile-top.ts FILE.cpuprofile [--top 25]`
// The top self-time entries of a V8 CPU profile (node --cpu-prof; `npm run bench -- --profile DIR`
// writes one per service): by function, and by package (node_modules/<package>, node: for
// Node's own modules, (program)/(garbage collector) and native entries as themselves).
import { readFileSync } from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[] }

const file = process.argv[2];
if (!file) throw new Error('usage: tsx scripts/profile-top.ts FILE.cpuprofile [--top 25]');
const top = Number(process.argv[process.argv.indexOf('--top') + 1] || 25) || 25;
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
// Self time: each sample's time delta goes to the node it landed in.
const self = new Map<number, number>();
profile.samples.forEach((id, k) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[k] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const idle = [...self].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0);
const busy = total - idle;

const where = (url: string) => {
  if (!url) return '';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const src = url.search(/\/(gateway|subgraphs|scripts)\//);
  return src >= 0 ? url.slice(src + 1) : url.replace(/^file:\/\//, '');
};
const pkg = (url: string) => {
  if (!url) return '(native)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const src = /\/(gateway|subgraphs\/\w+)\//.exec(url);
  return src ? src[1]! : url;
};
const functions = new Map<string, number>();
const packages = new Map<string, number>();
for (const [id, t] of self) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  if (functionName === '(idle)') continue;
  const key = `${functionName || '(anonymous)'} ${where(url)}${url ? `:${lineNumber + 1}` : ''}`;
  functions.set(key, (functions.get(key) ?? 0) + t);
  const p = functionName.startsWith('(') ? functionName : pkg(url);
  packages.set(p, (packages.get(p) ?? 0) + t);
}
const show = (title: string, map: Map<string, number>, n: number) => {
  console.log(`\n${title}`);
  for (const [key, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`${((100 * t) / busy).toFixed(1).padStart(5)} %  ${(t / 1000).toFixed(0).padStart(6)} ms  ${key}`);
  }
};
console.log(`${file}: ${(busy / 1000).toFixed(0)} ms busy of ${(total / 1000).toFixed(0)} ms sampled`);
show('self time by function (share of busy time)', functions, top);
show('self time by package', packages, 15);
