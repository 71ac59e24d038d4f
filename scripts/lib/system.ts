// Starts the whole system as `npm start` does (separate processes), on ports of its own,
// over the bulk-loaded PostgreSQL databases (`npm run seed:bulk`), for the measurement
// scripts. Stops what it started.
import { spawn } from 'node:child_process';
import path from 'node:path';

export const INSTITUTIONS = ['enforcement', 'police', 'procuratorate', 'court'] as const;
export type InstitutionName = (typeof INSTITUTIONS)[number];

const repo = path.resolve(__dirname, '../..');

export interface BenchDatabases {
  /** The PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432 */
  server: string;
  /** The database name prefix given to `npm run seed:bulk` (default xianjie_bench). */
  prefix: string;
}

export function benchDatabaseUrl(db: BenchDatabases, institution: InstitutionName): string {
  const url = new URL(db.server);
  url.pathname = `/${db.prefix}_${institution}`;
  return url.toString();
}

export interface RunningSystem {
  /** The gateway, e.g. http://127.0.0.1:4200 */
  url: string;
  stop(): Promise<void>;
}

/** `npm start` over the bench databases, the gateway on `basePort`, the subgraphs on the next four. */
export async function startBenchSystem(db: BenchDatabases, basePort: number): Promise<RunningSystem> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), XIANJIE_GATEWAY_PORT: String(basePort) };
  INSTITUTIONS.forEach((name, i) => {
    env[`XIANJIE_${name.toUpperCase()}_PORT`] = String(basePort + 1 + i);
    env[`XIANJIE_${name.toUpperCase()}_DATABASE_URL`] = benchDatabaseUrl(db, name);
  });
  const system = spawn('npm', ['start'], { cwd: repo, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => system.once('exit', () => resolve()));
  const stop = async () => {
    if (system.exitCode !== null || system.signalCode !== null) return;
    try {
      process.kill(-system.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    await exited;
  };
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const collect = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Xianjie is up')) resolve();
    };
    system.stdout!.on('data', collect);
    system.stderr!.on('data', collect);
    system.once('exit', () => reject(new Error(`npm start exited before it was up:\n${out.slice(-4000)}`)));
  });
  return { url: `http://127.0.0.1:${basePort}`, stop };
}

/** Percentiles of a list of durations (ms). */
export function percentiles(samples: number[]): { p50: number; p90: number; p99: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: s[s.length - 1] ?? NaN };
}

/** Times `n` sequential runs of `run` after `warm` unmeasured ones. */
export async function timeSequential(n: number, run: (k: number) => Promise<void>, warm = 10): Promise<number[]> {
  for (let k = 0; k < warm; k++) await run(k);
  const samples: number[] = [];
  for (let k = 0; k < n; k++) {
    const t0 = performance.now();
    await run(k);
    samples.push(performance.now() - t0);
  }
  return samples;
}
