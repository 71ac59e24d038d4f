import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { exportJWK, exportPKCS8 } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER } from '@xianjie/gateway';
import { generateSigningKeys, loadOrCreateDevKeys } from '@xianjie/subgraph-kit';

/**
 * Starts the whole system with `npm start` in its own process group, with `env`, and
 * resolves once it says it is up. `stop()` ends that group only (what this started),
 * and waits for it. For the measuring scripts, which run beside a system on spare ports.
 * Being in a group of its own, the system gets no Ctrl-C from the terminal: when this
 * process is interrupted (SIGINT, SIGTERM) or exits, it ends the system too, rather than
 * leaving it on the ports.
 */
export async function spawnSystem(env: Record<string, string>): Promise<{ system: ChildProcess; stop(signal?: NodeJS.Signals): Promise<void> }> {
  const system = spawn('npm', ['start'], { cwd: path.resolve(__dirname, '../..'), env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-system.pid!, signal);
      return true;
    } catch {
      return false; // already gone
    }
  };
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (system.exitCode !== null || system.signalCode !== null) return;
    const exited = new Promise((r) => system.once('exit', r));
    if (killGroup(signal)) await exited;
  };
  // Until stop(): this process ending, or interrupted, ends the system too.
  const onExit = () => void killGroup('SIGTERM');
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`[${path.basename(process.argv[1] ?? 'script', '.ts')}] ${signal}: stopping the system it started…`);
    void stop(signal).finally(() => process.exit(128 + constants.signals[signal]));
  };
  process.on('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
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
 * the four subgraphs on the next four ports. `production`: as an operator runs it (README,
 * Operations): the compiled services with NODE_ENV=production, one worker each (so each
 * service is one process to measure), key material in the environment, and the users'
 * keys published by a JWKS this process serves: the development issuer's, so the tokens
 * `issueDevToken` makes with it are accepted.
 */
export async function spawnBenchSystem(databases: BenchDatabases, basePort: number, options: { production?: boolean } = {}): ReturnType<typeof spawnSystem> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), XIANJIE_GATEWAY_PORT: String(basePort), XIANJIE_SEED: 'false' };
  INSTITUTION_NAMES.forEach((name, i) => {
    env[`XIANJIE_${name.toUpperCase()}_PORT`] = String(basePort + 1 + i);
    env[`XIANJIE_${name.toUpperCase()}_DATABASE_URL`] = benchDatabaseUrl(databases, name);
  });
  if (!options.production) return spawnSystem(env);
  const issuer = await loadOrCreateDevKeys('issuer');
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(issuer.publicKey)), alg: 'ES256', use: 'sig' }] });
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const gateway = await generateSigningKeys();
  Object.assign(env, {
    NODE_ENV: 'production',
    XIANJIE_WORKERS: '1',
    XIANJIE_JWKS_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
    XIANJIE_JWT_ISSUER: DEV_ISSUER,
    XIANJIE_JWT_AUDIENCE: DEV_AUDIENCE,
    XIANJIE_GATEWAY_PRIVATE_KEY: await exportPKCS8(gateway.privateKey),
    XIANJIE_GATEWAY_PUBLIC_KEY: gateway.publicPem,
  });
  for (const name of INSTITUTION_NAMES) {
    const documents = await generateSigningKeys();
    env[`XIANJIE_${name.toUpperCase()}_DOCUMENT_PRIVATE_KEY`] = await exportPKCS8(documents.privateKey);
    env[`XIANJIE_${name.toUpperCase()}_DOCUMENT_PUBLIC_KEY`] = documents.publicPem;
  }
  try {
    const system = await spawnSystem(env);
    return { ...system, stop: (signal) => system.stop(signal).finally(() => server.close()) };
  } catch (error) {
    server.close();
    throw error;
  }
}

/** The p-th percentile (0–100) of durations sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
