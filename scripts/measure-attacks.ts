// Measures the gateway under the two denial-of-service attacks of issue 9 (items 1 and 2):
// starts the system with `npm start` on spare ports and its own data directory, sends one
// attack without a token, and reports the wall time, the gateway's resident memory (before,
// peak while the attack runs) and the slowest /health answer meanwhile. Stops what it started.
//
//   npx tsx scripts/measure-attacks.ts bomb|aliases [--base-port 4100]
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSystem } from './lib/spawn-system';
import { exitWithUsageOnHelp } from './lib/usage';

exitWithUsageOnHelp(__filename);

const attack = process.argv[2];
const portFlag = process.argv.indexOf('--base-port');
const basePort = portFlag > 0 ? Number(process.argv[portFlag + 1]) : 4100;
if (attack !== 'bomb' && attack !== 'aliases') {
  console.error('usage: measure-attacks.ts bomb|aliases [--base-port 4100]');
  process.exit(2);
}
const names = ['enforcement', 'police', 'procuratorate', 'court'];

/** 20 fragments, each spreading the next twice. */
function bomb(): string {
  let query = 'query Bomb { ...F01 }\n';
  for (let i = 1; i <= 20; i++) query += `fragment F${String(i).padStart(2, '0')} on Query { ...F${String(i + 1).padStart(2, '0')} ...F${String(i + 1).padStart(2, '0')} }\n`;
  return `${query}fragment F21 on Query { __typename }`;
}

/** 55,000 `__typename` aliases inside a list of 100 case chains. */
function aliases(): string {
  const ids = Array.from({ length: 100 }, (_, i) => `"XJ-${String(i + 1).padStart(7, '0')}"`).join(',');
  const fields = Array.from({ length: 55_000 }, (_, i) => `a${i}:__typename`).join(' ');
  return `{caseChains(ids:[${ids}]){${fields}}}`;
}

function rssKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]);
}

function findGateway(port: number): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8');
      if (cmdline.includes('gateway/src/main.ts') && environ.split('\0').includes(`XIANJIE_GATEWAY_PORT=${port}`)) return Number(entry);
    } catch {
      // not ours, or gone
    }
  }
  throw new Error('gateway process not found');
}

(async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'xianjie-measure-'));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    XIANJIE_DATA_DIR: dataDir,
    XIANJIE_DEMO_CASES: '120',
    XIANJIE_GATEWAY_PORT: String(basePort),
  };
  names.forEach((name, i) => (env[`XIANJIE_${name.toUpperCase()}_PORT`] = String(basePort + 1 + i)));
  let stop = async (): Promise<void> => undefined;
  try {
    ({ stop } = await spawnSystem(env));
    const gatewayPid = findGateway(basePort);
    const url = `http://127.0.0.1:${basePort}`;
    // Warm up: one ordinary query.
    await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ agencies { id } }' }) });
    const query = attack === 'bomb' ? bomb() : aliases();
    const body = JSON.stringify({ query });
    const rssBefore = rssKb(gatewayPid, 'VmRSS');
    let peak = rssBefore;
    let slowestHealth = 0;
    let done = false;
    const sampler = (async () => {
      while (!done) {
        peak = Math.max(peak, rssKb(gatewayPid, 'VmRSS'));
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const healthProbe = (async () => {
      await new Promise((r) => setTimeout(r, 100));
      while (!done) {
        const started = Date.now();
        await fetch(`${url}/health`, { signal: AbortSignal.timeout(600_000) }).catch(() => undefined);
        slowestHealth = Math.max(slowestHealth, Date.now() - started);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const started = Date.now();
    let status = 0;
    let responseBytes = 0;
    let summary = '';
    try {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(600_000),
      });
      status = response.status;
      const text = await response.text();
      responseBytes = Buffer.byteLength(text);
      summary = text.slice(0, 300);
    } catch (error) {
      summary = `request failed: ${(error as Error).message}`;
    }
    const wallMs = Date.now() - started;
    done = true;
    await Promise.all([sampler, healthProbe]);
    console.log(
      JSON.stringify(
        {
          attack,
          requestBytes: Buffer.byteLength(body),
          queryBytes: Buffer.byteLength(query),
          status,
          wallMs,
          responseBytes,
          gatewayRssBeforeMB: Math.round(rssBefore / 1024),
          gatewayRssPeakMB: Math.round(peak / 1024),
          slowestHealthMs: slowestHealth,
          response: summary,
        },
        null,
        2,
      ),
    );
  } finally {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
})().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
