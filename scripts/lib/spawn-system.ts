import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * Starts the whole system with `npm start` in its own process group, with `env`, and
 * resolves once it says it is up. `stop()` ends that group only (what this started),
 * and waits for it. For the measuring scripts, which run beside a system on spare ports.
 */
export async function spawnSystem(env: Record<string, string>): Promise<{ system: ChildProcess; stop(signal?: NodeJS.Signals): Promise<void> }> {
  const system = spawn('npm', ['start'], { cwd: path.resolve(__dirname, '../..'), env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (system.exitCode !== null || system.signalCode !== null) return;
    const exited = new Promise((r) => system.once('exit', r));
    try {
      process.kill(-system.pid!, signal);
    } catch {
      return; // already gone
    }
    await exited;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const collect = (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Xianjie is up')) resolve();
      };
      system.stdout!.on('data', collect);
      system.stderr!.on('data', collect);
      system.once('exit', () => reject(new Error(`npm start exited:\n${out.slice(-3000)}`)));
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { system, stop };
}

/** The bulk-loaded databases (`npm run seed:bulk`): a PostgreSQL server and a name prefix. */
export interface BenchDatabases {
  /** e.g. postgres://postgres@127.0.0.1:5432 */
  server: string;
  /** e.g. xianjie_bench: the databases are xianjie_bench_enforcement … xianjie_bench_court */
  prefix: string;
}

export const INSTITUTION_NAMES = ['enforcement', 'police', 'procuratorate', 'court'] as const;
export type InstitutionName = (typeof INSTITUTION_NAMES)[number];

export function benchDatabaseUrl(databases: BenchDatabases, institution: InstitutionName): string {
  const url = new URL(databases.server);
  url.pathname = `/${databases.prefix}_${institution}`;
  return url.toString();
}

/**
 * The system over the bulk-loaded databases, never seeding, the gateway on `basePort` and
 * the four subgraphs on the next four ports.
 */
export function spawnBenchSystem(databases: BenchDatabases, basePort: number): ReturnType<typeof spawnSystem> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), XIANJIE_GATEWAY_PORT: String(basePort), XIANJIE_SEED: 'false' };
  INSTITUTION_NAMES.forEach((name, i) => {
    env[`XIANJIE_${name.toUpperCase()}_PORT`] = String(basePort + 1 + i);
    env[`XIANJIE_${name.toUpperCase()}_DATABASE_URL`] = benchDatabaseUrl(databases, name);
  });
  return spawnSystem(env);
}

/** The p-th percentile (0–100) of durations sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
