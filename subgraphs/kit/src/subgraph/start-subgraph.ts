import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { CryptoKey } from 'jose';
import { sql } from 'kysely';
import { applyAccessRules } from '../access/apply-access-rules';
import { AuditCollector, AuditWriter } from '../audit/audit-log';
import { AssertionVerifier } from '../auth/assertion';
import { AuthenticationError } from '../auth/errors';
import { devKeyDir, generateSigningKeys, importPublicKey } from '../auth/keys';
import { createDatabase, isDatabaseUnreachable, type Database } from '../db/create-database';
import { databaseConfigFromEnv, describeDatabase, type DatabaseConfig } from '../db/database-config';
import { migrateToLatest } from '../db/migrate';
import { DEFAULT_DEMO, type DemoOptions } from '../demo/demo-options';
import { markSeeded, seededWith } from '../demo/seed-marker';
import { documentKeysFromEnv, inboxUrlsFromEnv, type DocumentKeys } from '../handoff/handoff-config';
import { Deliverer, enqueueDocument, receiveDocument } from '../handoff/outbox';
import { REQUEST_VALIDATION_RULES, requestChecksPlugin, withoutSuggestions } from '../graphql/request-checks';
import {
  apolloParseOptions,
  operationLimitsFromEnv,
  operationLimitsPlugin,
  readListSizes,
  subgraphOperationLimits,
  type OperationLimits,
} from '../graphql/operation-limits';
import { serveApollo, type RunningServer } from '../http/serve-apollo';
import { institutionPort, type InstitutionName } from '../institutions';
import cluster from 'node:cluster';
import { runServiceProcesses, workerCount, workerId } from '../process/cluster';
import { checkProductionConfig, isProduction, missingConfiguration } from '../process/production';
import { serviceLogger } from '../observability/log';
import {
  metricsEndpointFromEnv, serveClusterMetrics, serveMetrics, ServiceMetrics, shareMetricsWithPrimary, SubgraphStoreMetrics,
  type MetricsEndpoint, type RunningMetrics,
} from '../observability/metrics';
import { observationPlugin } from '../observability/request';
import { tracingFromEnv } from '../observability/tracing';
import type { SubgraphContext, SubgraphModule } from './subgraph-module';

export interface StartSubgraphOptions {
  /** Default: from the environment (databaseConfigFromEnv). */
  database?: DatabaseConfig;
  port?: number;
  host?: string;
  /** The gateway's public key: only assertions it signed are accepted. */
  assertionKey: CryptoKey;
  /** Seed the demo data into an empty database; false to leave it empty. */
  seed?: DemoOptions | false;
  /** The database is migrated (and seeded) already, by the primary of a clustered service: serve only. */
  prepared?: boolean;
  /**
   * This institution's document signing key and every institution's public key. Without
   * them (a subgraph started alone) it signs with a key of its own that no one knows, and
   * receives no document.
   */
  documentKeys?: DocumentKeys;
  /** Where each institution's inbox is (may be filled in after start: `deliverer.peers`). */
  inboxUrls?: Partial<Record<InstitutionName, string>>;
  /** Where the start-up lines go (starting, seeding, serving); default: the service's log at info. */
  log?: (message: string) => void;
  /** Serve /metrics on this endpoint (its own port, never the GraphQL one); default: counted, not served. */
  metrics?: MetricsEndpoint;
  /** A node:cluster worker: its metrics answer the primary's summed /metrics instead (serveClusterMetrics). */
  shareMetrics?: boolean;
  /** What an operation may ask (default: the gateway's limits from the environment, with a subgraph's headroom). */
  limits?: OperationLimits;
}

export interface RunningSubgraph extends RunningServer {
  name: string;
  database: Database<any>;
  /** Posts this institution's outgoing documents; `deliverer.peers` says where. */
  deliverer: Deliverer;
  /** Its Prometheus metrics, and where they are served (when `metrics` was given). */
  metrics: ServiceMetrics;
  metricsUrl?: string;
}

/**
 * Masks anything that is not a deliberate client-facing error, so no internals leak, and
 * drops "Did you mean …?" suggestions, which would tell a client the schema's names.
 */
export function formatError(formatted: { message: string; extensions?: Record<string, unknown> }, _error?: unknown) {
  const code = formatted.extensions?.code;
  const tokens = code === 'GRAPHQL_PARSE_FAILED' && /Document contains more tha[nt] (\d+) tokens/.exec(formatted.message);
  if (tokens) {
    return {
      message: `The operation has more than ${tokens[1]} tokens, the most this server reads; send a shorter operation (a long list of ids can be a variable)`,
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    };
  }
  // The error itself is logged with the request's ids by observationPlugin.
  if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
    return { ...formatted, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  return { ...formatted, message: withoutSuggestions(formatted.message) };
}

/** A request caught by a database outage (a restart, a failover) loses this subgraph's part, named as when the subgraph is down. */
function unreachableDatabase(subgraph: string) {
  return { message: `The ${subgraph} subgraph cannot reach its database; its part of the response is missing`, extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph } };
}

/** Seeds the demo data into an empty database, once: the seed marker records it. */
async function seedOnce(module: SubgraphModule, database: Database<any>, options: DemoOptions, log: (m: string) => void, documentKey: CryptoKey) {
  if (await seededWith(database.db)) return;
  const started = Date.now();
  let lastReport = 0;
  // One transaction: a start interrupted while seeding leaves an empty database, not half a
  // seed. Its lock makes two instances started at once over one database seed it once.
  const rows = await database.db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(7231002)`.execute(tx);
    if (await seededWith(tx)) return undefined;
    log(`seeding ${options.cases} demo cases (seed ${options.seed})…`);
    const written = await module.seed(tx, options, (done) => {
      if (Date.now() - lastReport > 2000) {
        lastReport = Date.now();
        log(`  ${done}/${options.cases} cases`);
      }
    }, documentKey);
    await markSeeded(tx, options, written);
    return written;
  });
  if (rows !== undefined) log(`seeded ${rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Migrates an institution's database to the latest schema and, when `seed` is given, seeds
 * the demo data into it if it is empty. Kysely's migration lock makes instances started at
 * once over one PostgreSQL database migrate it once.
 */
async function prepareDatabase(module: SubgraphModule, database: Database<any>, seed: DemoOptions | false, log: (m: string) => void, documentKey: CryptoKey): Promise<void> {
  await migrateToLatest(database.db, module.migrations, module.name);
  if (seed !== false) await seedOnce(module, database, seed, log, documentKey);
}

/**
 * Starts an institution's subgraph: opens and migrates its database, seeds the demo data
 * on first start, and serves GraphQL. Every request must carry the gateway's identity
 * assertion for this subgraph (else 401); every `@access` rule is enforced here, and
 * every protected read is appended to this institution's audit log before the response.
 */
export async function startSubgraph(module: SubgraphModule, options: StartSubgraphOptions): Promise<RunningSubgraph> {
  const logger = serviceLogger(module.name);
  const log = options.log ?? ((message: string) => logger.info(message));
  const config = options.database ?? databaseConfigFromEnv(module.name);
  const database = await createDatabase<any>(config, module.name);
  // The seeded chains' hand-offs are signed with this institution's key, as its workflow signs them.
  const documentKeys = options.documentKeys ?? { privateKey: (await generateSigningKeys()).privateKey, publicKeys: {} };
  try {
    if (!options.prepared) await prepareDatabase(module, database, options.seed ?? DEFAULT_DEMO, log, documentKeys.privateKey);
  } catch (error) {
    await database.close();
    throw error;
  }

  const self = module.name as InstitutionName;
  const metrics = new ServiceMetrics(module.name);
  const store = new SubgraphStoreMetrics(metrics, {
    connections: () => database.connections(),
    backlog: async () => {
      const { rows } = await sql<{ receiver: string; pending: string; oldest: number }>`
        select receiver, count(*) as pending, extract(epoch from now() - min(created_at))::float8 as oldest
        from handoff_outbox where state = 'pending' group by receiver`.execute(database.background);
      return rows.map((r) => ({ receiver: r.receiver, pending: Number(r.pending), oldestSeconds: Number(r.oldest) }));
    },
  });
  database.statements.onStatement = (ms) => store.queryDuration.observe(ms / 1000);
  // The deliverer's polling is background work: not counted as any request's statements.
  const deliverer = new Deliverer(database.background, {
    peers: { ...options.inboxUrls },
    log: logger.child({ component: 'handoff' }),
    metrics: store,
  });
  const handoff = {
    publicKeys: documentKeys.publicKeys,
    send: async (tx: Parameters<typeof enqueueDocument>[0], document: Parameters<typeof enqueueDocument>[1]) => {
      const signed = await enqueueDocument(tx, document, documentKeys.privateKey);
      deliverer.wake();
      return signed;
    },
  };
  let running!: RunningServer;
  let metricsServer: RunningMetrics | undefined;
  let apollo: ApolloServer<SubgraphContext> | undefined;
  try {
    const schema = applyAccessRules(buildSubgraphSchema({ typeDefs: module.typeDefs, resolvers: module.resolvers as never }));
    const limits = options.limits ?? subgraphOperationLimits(operationLimitsFromEnv());
    const auditWriter = new AuditWriter(database.db, store.auditAppend);
    const auditPlugin: ApolloServerPlugin<SubgraphContext> = {
      async requestDidStart() {
        return {
          // The audit entries are written before the response leaves: a read that was not
          // recorded is never served.
          async willSendResponse({ contextValue, response }) {
            try {
              await auditWriter.write({ viewer: contextValue.viewer, requestId: contextValue.requestId, entries: contextValue.audit.drain() });
            } catch (error) {
              if (!isDatabaseUnreachable(error)) throw error;
              // The database went away: the answer is replaced, so nothing unrecorded leaves.
              contextValue.observation.log.warn({ err: error, code: 'SUBGRAPH_UNAVAILABLE' }, 'the audit entries could not be written: the database cannot be reached; the answer is withheld (503)');
              contextValue.observation.codes.push('SUBGRAPH_UNAVAILABLE');
              response.http.status = 503;
              response.body = { kind: 'single', singleResult: { errors: [unreachableDatabase(module.name)] } };
            }
          },
        };
      },
    };
    apollo = new ApolloServer<SubgraphContext>({
      schema,
      includeStacktraceInErrorResponses: false,
      formatError: (formatted, error) =>
        isDatabaseUnreachable(unwrapResolverError(error)) ? { ...formatted, ...unreachableDatabase(module.name) } : formatError(formatted, error),
      validationRules: REQUEST_VALIDATION_RULES,
      // Signals are handled by stopWithParent, which also closes the database.
      stopOnTerminationSignals: false,
      parseOptions: apolloParseOptions(limits),
      plugins: [
        // A resolver that lost the database answers SUBGRAPH_UNAVAILABLE (formatError): logged with why, counted so.
        observationPlugin<SubgraphContext>(metrics, (error, observation) => {
          const cause = unwrapResolverError(error);
          if (!isDatabaseUnreachable(cause)) return undefined;
          observation.log.warn({ err: cause, path: error.path?.join('.') }, 'the database cannot be reached: answered SUBGRAPH_UNAVAILABLE');
          return 'SUBGRAPH_UNAVAILABLE';
        }),
        requestChecksPlugin(),
        operationLimitsPlugin(limits, readListSizes(module.typeDefs)),
        auditPlugin,
        ApolloServerPluginLandingPageDisabled(),
        ApolloServerPluginInlineTraceDisabled(),
        // No field has a cache hint (@cacheControl), so every answer is uncacheable: said here
        // once, as Apollo's cache-control plugin says it, without that plugin's work for every
        // field resolved.
        ApolloServerPluginCacheControlDisabled(),
        { requestDidStart: async () => ({ willSendResponse: async ({ response }) => void response.http.headers.set('cache-control', 'no-store') }) },
      ],
    });
    await apollo.start();

    const verifier = new AssertionVerifier(module.name, options.assertionKey);
    running = await serveApollo<SubgraphContext>({
      apollo,
      port: options.port,
      host: options.host,
      maxResponseBytes: limits.maxResponseBytes,
      // The gateway names the request and starts the trace; the subgraph carries both on.
      observability: { metrics, log: logger, trustRequestId: true, trustTraceparent: true },
      health: async () => {
        await sql`select 1`.execute(database.db);
        return { subgraph: module.name, database: database.config.kind, worker: workerId() };
      },
      routes: {
        '/handoff/inbox': async (body) =>
          receiveDocument(database.db, body, { self, publicKeys: documentKeys.publicKeys, handlers: module.inbox ?? {}, log: logger }),
      },
      context: async (req, observation) => {
        const header = req.headers.authorization ?? '';
        const match = /^Bearer\s+(\S+)$/i.exec(header);
        if (!match) throw new AuthenticationError(`${module.name}: missing identity assertion; call this subgraph through the Xianjie gateway`);
        const viewer = await verifier.verify(match[1]!);
        return {
          db: database.db,
          loaders: module.createLoaders(database.db, viewer),
          viewer,
          requestId: observation.requestId,
          observation,
          audit: new AuditCollector(),
          auditLatency: store.auditAppend,
          handoff,
        };
      },
    });
    if (options.metrics) metricsServer = await serveMetrics(metrics, options.metrics);
    else if (options.shareMetrics) shareMetricsWithPrimary(metrics);
  } catch (error) {
    // Nothing half-started is left behind: no open pool, no PGlite lock.
    await apollo?.stop().catch(() => undefined);
    await running?.stop().catch(() => undefined);
    await database.close();
    throw error;
  }
  log(`serving ${running.url} over ${describeDatabase(config)}${metricsServer ? `; metrics at ${metricsServer.url}` : ''}`);
  deliverer.start();
  return {
    ...running,
    name: module.name,
    database,
    deliverer,
    metrics,
    metricsUrl: metricsServer?.url,
    stop: async () => {
      await deliverer.stop();
      await metricsServer?.stop();
      await running.stop();
      await database.close();
    },
  };
}

/** The gateway's public key: XIANJIE_GATEWAY_PUBLIC_KEY (PEM), or the development key file. */
export async function gatewayPublicKeyFromEnv(env = process.env): Promise<CryptoKey> {
  if (env.XIANJIE_GATEWAY_PUBLIC_KEY) return importPublicKey(env.XIANJIE_GATEWAY_PUBLIC_KEY);
  if (isProduction(env)) throw missingConfiguration(['XIANJIE_GATEWAY_PUBLIC_KEY']);
  const file = path.join(devKeyDir(), 'gateway.public.pem');
  if (!existsSync(file)) {
    throw new Error(`No gateway public key: set XIANJIE_GATEWAY_PUBLIC_KEY, or run \`npm start\`, which creates development keys in ${devKeyDir()}`);
  }
  return importPublicKey(readFileSync(file, 'utf8'));
}

/**
 * The demo data a subgraph seeds into an empty database: XIANJIE_DEMO_CASES and
 * XIANJIE_DEMO_SEED; none with XIANJIE_SEED=false, and never in production (an empty
 * production database is migrated only).
 */
export function demoSeedFromEnv(env = process.env): DemoOptions | false {
  if (isProduction(env) || env.XIANJIE_SEED === 'false') return false;
  return { seed: Number(env.XIANJIE_DEMO_SEED ?? DEFAULT_DEMO.seed), cases: Number(env.XIANJIE_DEMO_CASES ?? DEFAULT_DEMO.cases) };
}

/**
 * A subgraph process's entry point: configuration from the environment (refused at once in
 * production when any required variable is missing), on XIANJIE_WORKERS processes
 * (runServiceProcesses: the primary migrates, the workers serve), stopping on SIGINT/SIGTERM.
 */
export function runSubgraphMain(module: SubgraphModule): void {
  const env = process.env;
  const name = module.name as InstitutionName;
  const logger = serviceLogger(name);
  const log = (message: string) => logger.info(message);
  const database = databaseConfigFromEnv(name, env);
  const seed = demoSeedFromEnv(env);
  const keys = async () => ({ assertionKey: await gatewayPublicKeyFromEnv(env), documentKeys: await documentKeysFromEnv(name, env) });
  try {
    // The configuration is checked before anything is opened: a bad port, a missing key.
    const port = institutionPort(name, env);
    const inboxUrls = inboxUrlsFromEnv(env);
    const metrics = metricsEndpointFromEnv(name, env);
    checkProductionConfig(name, env);
    runServiceProcesses({
      name,
      workers: workerCount(env, { pglite: database.kind === 'pglite', log }),
      prepare: async () => {
        const { documentKeys } = await keys();
        const db = await createDatabase<any>(database);
        try {
          await prepareDatabase(module, db, seed, log, documentKeys.privateKey);
        } finally {
          await db.close();
        }
      },
      // Under node:cluster the primary serves the metrics port: every worker's metrics summed.
      primary: async () => (metrics ? serveClusterMetrics(metrics) : undefined),
      serve: async (prepared) => {
        const tracing = tracingFromEnv(name, env);
        const running = await startSubgraph(module, {
          ...(await keys()),
          database,
          prepared,
          port,
          host: env.XIANJIE_HOST ?? '127.0.0.1',
          inboxUrls,
          seed,
          metrics: cluster.isWorker ? undefined : metrics,
          shareMetrics: cluster.isWorker && metrics !== undefined,
        });
        return {
          stop: async () => {
            await running.stop();
            await tracing?.shutdown();
          },
        };
      },
    });
  } catch (error) {
    logger.fatal(`failed to start: ${(error as Error).message}`);
    process.exit(1);
  }
}
