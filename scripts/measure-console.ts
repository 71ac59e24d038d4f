// Time to first render of the console's chain view over the bulk-loaded databases
// (`npm run seed:bulk`): starts the system on them (development, so /dev/token signs a
// procurator in), opens `#/chain/<id>` for judged chains drawn at random in headless
// Chromium, and reads the console's own `chain-first-render` measure (from navigation, and
// from the chain's request, to the four stages drawn).
//
//   npx tsx scripts/measure-console.ts [--samples 30] [--prefix xianjie_bench] [--server postgres://postgres@127.0.0.1:5432] [--port 4600]
import { Client } from 'pg';
import { chromium } from 'playwright-core';
import { benchDatabaseUrl, percentile, spawnBenchSystem, type BenchDatabases } from './lib/spawn-system';
import { exitWithUsageOnHelp } from './lib/usage';

exitWithUsageOnHelp(__filename);

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const samples = Number(arg('samples', '30'));
const databases: BenchDatabases = { server: arg('server', 'postgres://postgres@127.0.0.1:5432'), prefix: arg('prefix', 'xianjie_bench') };
const port = Number(arg('port', '4600'));

async function judgedChains(count: number): Promise<string[]> {
  const court = new Client({ connectionString: benchDatabaseUrl(databases, 'court') });
  await court.connect();
  try {
    const { rows } = await court.query<{ chain_id: string }>('select chain_id from criminal_trial where effective_at is not null order by random() limit $1', [count]);
    return rows.map((r) => r.chain_id);
  } finally {
    await court.end();
  }
}

async function main() {
  const chains = await judgedChains(samples);
  console.log(`[console] ${chains.length} judged chains drawn from ${databases.prefix}_*; starting the system on port ${port}`);
  const system = await spawnBenchSystem(databases, port);
  const browser = await chromium.launch({
    executablePath: process.env.XIANJIE_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--lang=zh-CN'],
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    const response = await fetch(`${base}/dev/token`, { method: 'POST', body: JSON.stringify({ role: 'procurator', org: 'PP-421200' }) });
    const { token } = (await response.json()) as { token: string };
    const navigation: number[] = [];
    const request: number[] = [];
    for (const [i, id] of chains.entries()) {
      // A fresh profile each time: nothing cached from the last chain but the browser's HTTP cache.
      const context = await browser.newContext({ baseURL: base, locale: 'zh-CN' });
      await context.addInitScript((t) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('xianjie.token', t), token);
      const page = await context.newPage();
      await page.goto(`/#/chain/${id}`);
      await page.waitForFunction(() => performance.getEntriesByName('chain-first-render').length > 0, undefined, { timeout: 30_000 });
      const timing = await page.evaluate(() => {
        const m = performance.getEntriesByName('chain-first-render').at(-1)!;
        return { sinceNavigation: m.startTime + m.duration, sinceRequest: m.duration };
      });
      navigation.push(timing.sinceNavigation);
      request.push(timing.sinceRequest);
      await context.close();
      if ((i + 1) % 10 === 0) console.log(`[console] ${i + 1}/${chains.length}`);
    }
    const show = (what: string, values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      console.log(`[console] chain view first render, ${what}: p50 ${percentile(sorted, 50).toFixed(0)} ms, p90 ${percentile(sorted, 90).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms (n=${sorted.length})`);
    };
    show('from navigation', navigation);
    show("from the chain's request", request);
  } finally {
    await browser.close();
    await system.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
