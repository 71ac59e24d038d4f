import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { QueryPlan } from '@apollo/query-planner';
import * as court from '@xianjie/court';
import * as enforcement from '@xianjie/enforcement';
import { DEV_AUDIENCE, DEV_ISSUER, issueDevToken, startGateway, type RunningGateway } from '@xianjie/gateway';
import * as police from '@xianjie/police';
import * as procuratorate from '@xianjie/procuratorate';
import { composeSupergraph } from '@xianjie/schema';
import {
  configureLogging,
  generateSigningKeys,
  startSubgraph,
  type DatabaseConfig,
  type DemoOptions,
  type KeyPair,
  type Role,
  type RunningSubgraph,
  type SubgraphModule,
} from '@xianjie/subgraph-kit';
import pg from 'pg';

// The services a suite starts in this process log at warn unless XIANJIE_LOG_LEVEL says
// otherwise (a suite that reads the lines captures them: log-capture.ts); processes a suite
// spawns keep their own level (info), whose lines some suites wait for.
configureLogging({ level: process.env.XIANJIE_LOG_LEVEL ?? 'warn' });

/** The storage every end-to-end suite runs over: PGlite always, PostgreSQL when its URL is set. */
export type Dialect = 'pglite' | 'postgres';
export const TEST_DATABASE_URL = process.env.XIANJIE_TEST_DATABASE_URL;
export const DIALECTS: Dialect[] = TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export const MODULES: SubgraphModule[] = [enforcement.subgraph, police.subgraph, procuratorate.subgraph, court.subgraph];

/** A small demo data set: chains 1–6 are the six scenarios (see README). */
export const TEST_DEMO: DemoOptions = { seed: 421200, cases: 120 };

export interface GraphQLResponse<T = any> {
  status: number;
  /** The id the gateway gave the request (its audit entries carry it). */
  requestId?: string | null;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

export interface Stack {
  dialect: Dialect;
  gateway: RunningGateway;
  subgraphs: Record<string, RunningSubgraph>;
  gatewayKeys: KeyPair;
  issuerKeys: KeyPair;
  /** Each institution's document signing keys. */
  documentKeys: Record<string, KeyPair>;
  plans: { operationName: string | undefined; plan: QueryPlan }[];
  /** A user token, as `npm run token` makes them. */
  token(role: Exclude<Role, 'public'>, org?: string): Promise<string>;
  /** Sends an operation to the gateway (no token: the public). */
  query<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  /** Stops a subgraph (as if its process died; its database stays). */
  kill(name: string): Promise<void>;
  /** Starts a killed subgraph again on its port, over the same database. */
  revive(name: string): Promise<void>;
  /** Resets and reads every subgraph's SQL statement counters. */
  statements(): Record<string, number>;
  stop(): Promise<void>;
}

export async function createPostgresDatabases(names: string[]): Promise<{ configs: DatabaseConfig[]; drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  const suffix = randomBytes(4).toString('hex');
  const dbNames = names.map((name) => `xianjie_test_${name}_${suffix}`);
  for (const db of dbNames) await admin.query(`create database ${db}`);
  await admin.end();
  return {
    configs: dbNames.map((db) => {
      const url = new URL(TEST_DATABASE_URL!);
      url.pathname = `/${db}`;
      return { kind: 'postgres', url: url.toString() } as DatabaseConfig;
    }),
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      for (const db of dbNames) await client.query(`drop database if exists ${db} with (force)`);
      await client.end();
    },
  };
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { errors: [{ message: text }] };
  }
  return { status: response.status, requestId: response.headers.get('x-request-id'), ...(parsed as object) } as GraphQLResponse;
}

/** The web console's built files, as the gateway serves them (`npm run build`). */
export const WEB_DIR = path.join(__dirname, '..', '..', 'web', 'dist');

/**
 * Starts the four subgraphs (each over its own fresh database, seeded with the demo data)
 * and the gateway on free ports, like `npm start` does with processes.
 * `metrics`: every service serves /metrics on a port of its own (`metricsUrl`).
 * `web`: the gateway also serves the console from `webDir` (default WEB_DIR), as in
 * production, or as in development (with the GraphQL IDE and POST /dev/token signing with
 * the stack's issuer key).
 */
export async function startStack(
  dialect: Dialect,
  demo: DemoOptions = TEST_DEMO,
  options: { pgliteDir?: string; web?: 'development' | 'production'; webDir?: string; metrics?: boolean } = {},
): Promise<Stack> {
  const gatewayKeys = await generateSigningKeys();
  const issuerKeys = await generateSigningKeys();
  const names = MODULES.map((m) => m.name);
  const pgDatabases = dialect === 'postgres' ? await createPostgresDatabases(names) : undefined;
  const documentKeys = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await generateSigningKeys()] as const)));
  const publicKeys = Object.fromEntries(names.map((n) => [n, documentKeys[n]!.publicKey]));
  const subgraphs: Record<string, RunningSubgraph> = {};
  const start = (module: SubgraphModule, i: number, port?: number) =>
    startSubgraph(module, {
      database: pgDatabases ? pgDatabases.configs[i]! : { kind: 'pglite', dataDir: options.pgliteDir ? `${options.pgliteDir}/${module.name}` : 'memory://' },
      assertionKey: gatewayKeys.publicKey,
      documentKeys: { privateKey: documentKeys[module.name]!.privateKey, publicKeys },
      seed: demo,
      port,
      log: () => undefined,
      metrics: options.metrics ? { port: 0 } : undefined,
    });
  // Every institution's inbox, once their ports are known.
  const connectPeers = () => {
    for (const running of Object.values(subgraphs)) {
      for (const name of names) Object.assign(running.deliverer.peers, { [name]: subgraphs[name]!.url.replace(/\/graphql$/, '/handoff/inbox') });
    }
  };
  await Promise.all(MODULES.map(async (module, i) => (subgraphs[module.name] = await start(module, i))));
  connectPeers();
  const plans: Stack['plans'] = [];
  const gateway = await startGateway({
    supergraphSdl: composeSupergraph(),
    subgraphUrls: Object.fromEntries(names.map((n) => [n, subgraphs[n]!.url])),
    assertionKey: gatewayKeys.privateKey,
    userTokens: { key: issuerKeys.publicKey, issuer: DEV_ISSUER, audience: DEV_AUDIENCE },
    development: options.web === 'development',
    devIssuerKey: options.web === 'development' ? issuerKeys.privateKey : undefined,
    webDir: options.web ? (options.webDir ?? WEB_DIR) : undefined,
    onQueryPlan: (plan, operationName) => plans.push({ plan, operationName }),
    metrics: options.metrics ? { port: 0 } : undefined,
  });
  return {
    dialect,
    gateway,
    subgraphs,
    gatewayKeys,
    issuerKeys,
    documentKeys,
    plans,
    token: (role, org) => issueDevToken({ subject: `test-${role}`, role, org }, issuerKeys.privateKey),
    query: (query, variables, token) =>
      post(gateway.url, { query, variables }, token ? { authorization: `Bearer ${token}` } : {}),
    kill: async (name) => {
      await subgraphs[name]!.stop();
    },
    revive: async (name) => {
      const i = names.indexOf(name);
      subgraphs[name] = await start(MODULES[i]!, i, subgraphs[name]!.port);
      connectPeers();
    },
    statements: () => {
      const counts: Record<string, number> = {};
      for (const [name, running] of Object.entries(subgraphs)) {
        counts[name] = running.database.statements.count;
        running.database.statements.count = 0;
      }
      return counts;
    },
    stop: async () => {
      await gateway.stop();
      await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
      await pgDatabases?.drop();
    },
  };
}

/** The first error of a response, as a test compares it: its code and its message. */
/** Two of an agency's officers whose certificates are valid today (行政处罚法 Art. 42), from its `officers { id validUntil }`. */
export const twoValidOfficerIds = (officers: { id: string; validUntil: string }[]): string[] =>
  officers.filter((o) => new Date(o.validUntil) > new Date()).slice(0, 2).map((o) => o.id);

export const errorOf = (res: GraphQLResponse) => ({ code: res.errors?.[0]?.extensions?.code, message: res.errors?.[0]?.message ?? '' });

/** Polls until `done` holds (a document delivered between subgraphs), or fails after about 15 s. */
export async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const value = await probe();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
