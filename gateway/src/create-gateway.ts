import { createHash } from 'node:crypto';
import { ApolloGateway } from '@apollo/gateway';
import type { QueryPlan } from '@apollo/query-planner';
import { ApolloServer } from '@apollo/server';
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import {
  AdmissionQueue,
  apolloParseOptions,
  checkScalarsAsSubgraphsDo,
  DEFAULT_ADMISSION_LIMITS,
  DEFAULT_OPERATION_LIMITS,
  formatError,
  observationPlugin,
  operationLimitsPlugin,
  readListSizes,
  REQUEST_VALIDATION_RULES,
  requestChecksPlugin,
  serveApollo,
  serveMetrics,
  shareMetricsWithPrimary,
  serviceLogger,
  ServiceMetrics,
  SubgraphCallMetrics,
  type AdmissionLimits,
  type MetricsEndpoint,
  type OperationLimits,
  type RunningMetrics,
  type RunningServer,
  workerId,
} from '@xianjie/subgraph-kit';
import { parse, print, type GraphQLSchema } from 'graphql';
import type { CryptoKey } from 'jose';
import { patchPrunedFields, pruneDeniedFields } from './access/prune-denied-fields';
import { readAccessRules } from './access/supergraph-access-rules';
import { verifyUserToken, type UserTokenConfig } from './auth/user-token';
import { createHttpFetcher } from './datasources/http-fetcher';
import './operation-memo';
import { IdentityDataSource } from './datasources/identity-data-source';
import type { GatewayContext } from './gateway-context';
import { serveWeb, type WebOptions } from './web/serve-web';

export interface GatewayOptions {
  /** The composed supergraph (schema/supergraph.graphql). */
  supergraphSdl: string;
  /** Subgraph URLs by name; a name not given uses the URL in the supergraph. */
  subgraphUrls?: Record<string, string>;
  /** Signs the identity assertions sent to subgraphs. */
  assertionKey: CryptoKey;
  /** Verifies users' bearer tokens. */
  userTokens: UserTokenConfig;
  port?: number;
  host?: string;
  /**
   * Development: the offline GraphQL IDE is served at /graphql to a browser and POST
   * /dev/token signs development tokens with `devIssuerKey`. Off in production.
   */
  development?: boolean;
  /** Development: the key `npm run token` signs with, for the console's development sign-in. */
  devIssuerKey?: CryptoKey;
  /** The web console's built files (web/dist); served at `/` when given. */
  webDir?: string;
  /** How long a subgraph may take to answer before its stage is given up (default 10 s). */
  subgraphTimeoutMs?: number;
  /** What an operation may ask (default: DEFAULT_OPERATION_LIMITS). */
  limits?: OperationLimits;
  /** Called with every query plan the gateway makes (tests and `npm run plan`). */
  onQueryPlan?: (plan: QueryPlan, operationName: string | undefined) => void;
  /** Serve /metrics on this endpoint (its own port, never the GraphQL one); default: counted, not served. */
  metrics?: MetricsEndpoint;
  /** A node:cluster worker: its metrics answer the primary's summed /metrics instead (serveClusterMetrics). */
  shareMetrics?: boolean;
  /** How many requests are worked on at once, the others waiting their turn (default DEFAULT_ADMISSION_LIMITS: 64, 1,000 waiting, 10 s). */
  admission?: AdmissionLimits;
  /** Continue a caller's W3C traceparent (a proxy in front that traces); default: every request starts its own trace. */
  trustTraceparent?: boolean;
}

export interface RunningGateway extends RunningServer {
  gateway: ApolloGateway;
  /** Its Prometheus metrics, and where they are served (when `metrics` was given). */
  metrics: ServiceMetrics;
  metricsUrl?: string;
}

/**
 * Wraps the gateway's executor: before planning, fields the viewer can never see are
 * dropped from the operation (so no subgraph is asked for them); after execution they
 * are put back as null with a FORBIDDEN error at their path.
 */
function withAccessPruning(gateway: ApolloGateway, supergraphSdl: string): GatewayInterface {
  const rules = readAccessRules(supergraphSdl);
  // What is pruned depends only on the operation and the viewer's roles and whether it has
  // an organisation, so it is worked out once per (operation, kind of viewer).
  const cache = new Map<string, ReturnType<typeof pruneDeniedFields> & { queryHash: string }>();
  const wrap = (schema: GraphQLSchema, executor: GatewayExecutor): GatewayExecutor => async (requestContext) => {
    const viewer = (requestContext.context as unknown as GatewayContext).viewer;
    const key = `${requestContext.queryHash}\u0000${requestContext.operationName ?? ''}\u0000${[...viewer.roles].sort().join(',')}\u0000${viewer.org ? 1 : 0}`;
    let entry = cache.get(key);
    if (!entry) {
      const result = pruneDeniedFields(requestContext.document, schema, rules, viewer);
      const queryHash = result.pruned.size ? createHash('sha256').update(print(result.document)).digest('hex') : requestContext.queryHash;
      entry = { ...result, queryHash };
      if (cache.size >= 5000) cache.clear();
      cache.set(key, entry);
    }
    if (entry.pruned.size === 0) return executor(requestContext);
    const { errors: executionErrors, ...result } = await executor({ ...requestContext, document: entry.document, queryHash: entry.queryHash } as typeof requestContext);
    const errors = [
      ...(executionErrors ?? []),
      ...patchPrunedFields(result.data as Record<string, unknown> | null | undefined, requestContext.operationName, schema, entry),
    ];
    // A response without errors has no `errors` key at all.
    return errors.length > 0 ? { ...result, errors } : result;
  };
  return {
    async load(options) {
      const { schema, executor } = await gateway.load(options);
      return { schema, executor: executor ? wrap(schema, executor) : null };
    },
    onSchemaLoadOrUpdate: (callback) =>
      gateway.onSchemaLoadOrUpdate((context) => {
        checkScalarsAsSubgraphsDo(context.apiSchema);
        callback(context);
      }),
    stop: () => gateway.stop(),
  };
}

/** Each subgraph's health, as 'ok' or 'unavailable' (the reason is logged, not shown). */
async function subgraphHealth(urls: Record<string, string>): Promise<Record<string, 'ok' | 'unavailable'>> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      try {
        const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(2000) });
        if (response.ok) return [name, 'ok'] as const;
        serviceLogger('gateway').warn({ subgraph: name, status: response.status }, `health: the ${name} subgraph answered HTTP ${response.status}`);
      } catch (error) {
        const reason = (error as Error).message;
        serviceLogger('gateway').warn({ subgraph: name, reason, errno: ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code }, `health: the ${name} subgraph did not answer: ${reason}`);
      }
      return [name, 'unavailable'] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** Starts the federated gateway over a static supergraph. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const limits = options.limits ?? DEFAULT_OPERATION_LIMITS;
  const urls: Record<string, string> = {};
  const fetcher = createHttpFetcher(options.subgraphTimeoutMs);
  const log = serviceLogger('gateway');
  const metrics = new ServiceMetrics('gateway');
  const calls = new SubgraphCallMetrics(metrics);
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => {
      urls[name] = options.subgraphUrls?.[name] ?? url!;
      return new IdentityDataSource(name, urls[name]!, options.assertionKey, fetcher, calls);
    },
    experimental_didResolveQueryPlan: options.onQueryPlan
      ? ({ queryPlan, requestContext }) => options.onQueryPlan!(queryPlan, requestContext.operationName ?? undefined)
      : undefined,
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway: withAccessPruning(gateway, options.supergraphSdl),
    includeStacktraceInErrorResponses: false,
    formatError,
    validationRules: REQUEST_VALIDATION_RULES,
    // Signals are handled by stopWithParent, which also closes the database.
    stopOnTerminationSignals: false,
    parseOptions: apolloParseOptions(limits),
    plugins: [
      observationPlugin<GatewayContext>(metrics),
      requestChecksPlugin(),
      operationLimitsPlugin(limits, readListSizes(parse(options.supergraphSdl))),
      // Apollo's own landing page loads from a CDN; the IDE is served from web/dist instead.
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  const running = await serveApollo<GatewayContext>({
    apollo,
    port: options.port,
    host: options.host,
    maxResponseBytes: limits.maxResponseBytes,
    admission: new AdmissionQueue(options.admission ?? DEFAULT_ADMISSION_LIMITS),
    observability: { metrics, log, trustRequestId: false, trustTraceparent: options.trustTraceparent ?? false },
    health: async () => {
      const subgraphs = await subgraphHealth(urls);
      const status = Object.values(subgraphs).every((s) => s === 'ok') ? 'ok' : 'unavailable';
      return { status, gateway: 'ok', subgraphs, worker: workerId() };
    },
    // The gateway names every request itself (serveApollo, trustRequestId false): a client's
    // own id must not let it file its reads under another request in the audit logs.
    context: async (req, observation) => ({
      viewer: await verifyUserToken(req.headers.authorization, options.userTokens),
      requestId: observation.requestId,
      observation,
    }),
  });
  let metricsServer: RunningMetrics | undefined;
  try {
    if (options.metrics) metricsServer = await serveMetrics(metrics, options.metrics);
    else if (options.shareMetrics) shareMetricsWithPrimary(metrics);
  } catch (error) {
    await running.stop();
    throw error;
  }
  if (options.webDir) {
    const web: WebOptions = { dir: options.webDir, development: options.development };
    if (options.development && options.devIssuerKey) web.devTokens = { issuerKey: options.devIssuerKey, userTokens: options.userTokens };
    serveWeb(running.server, web);
  }
  return {
    ...running,
    gateway,
    metrics,
    metricsUrl: metricsServer?.url,
    stop: async () => {
      await metricsServer?.stop();
      await running.stop();
      fetcher.close();
    },
  };
}
