import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { usablePort } from '../institutions';
import { redactText } from './redact';

/** Seconds: from 1 ms (a cached read) to 10 s (the subgraph timeout). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds from a hand-off document's commit to its delivery: immediate, retried, after an outage. */
const LAG_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
/** Operation names are chosen by clients: the first this many are labels, the rest `other`. */
const MAX_OPERATIONS = 200;

/**
 * One service's Prometheus metrics (the gateway's or a subgraph's), in a registry of its
 * own, so services in one process (the tests) keep theirs apart. Every sample carries
 * `service`. Counting costs a few hundred nanoseconds per request; nothing is collected
 * that a scrape does not ask for except these counters.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private defaults = false;

  /** Requests by operation and result: ok, partial (data and errors), error, refused (before execution), unauthenticated. */
  readonly requests = new Counter({
    name: 'xianjie_graphql_requests_total',
    help: 'GraphQL requests by operation and result (ok, partial, error, refused, unauthenticated)',
    labelNames: ['operation', 'result'] as const,
    registers: [this.registry],
  });
  readonly requestDuration = new Histogram({
    name: 'xianjie_graphql_request_duration_seconds',
    help: 'Time from a GraphQL request to its answer, by operation',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'xianjie_graphql_errors_total',
    help: 'Errors in GraphQL responses, by extensions.code (FORBIDDEN, SUBGRAPH_UNAVAILABLE, QUERY_TOO_COMPLEX, …)',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly refused = new Counter({
    name: 'xianjie_graphql_refused_total',
    help: 'Requests refused before execution, by reason (QUERY_TOO_COMPLEX, GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT, BAD_REQUEST, RESPONSE_TOO_LARGE, PAYLOAD_TOO_LARGE; QUEUE_FULL and QUEUE_TIMEOUT: busy, answered 503)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
  }

  /** An operation name as a label: the resolved name, `anonymous`, or `other` past the first 200 distinct names. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATIONS) return 'other';
    const label = redactText(name).slice(0, 100);
    this.operations.add(label);
    return label;
  }

  /**
   * The admission queue's state (read at scrape) and how long requests waited in it
   * (`admission.ts`): the gateway's, where a request waits its turn before any work.
   */
  watchAdmission(queue: { readonly load: { inFlight: number; queued: number } }): Histogram {
    new Gauge({
      name: 'xianjie_graphql_requests_in_progress',
      help: 'GraphQL requests being worked on (working) and waiting their turn (waiting), read at scrape',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const { inFlight, queued } = queue.load;
        this.set({ state: 'working' }, inFlight);
        this.set({ state: 'waiting' }, queued);
      },
    });
    return new Histogram({
      name: 'xianjie_graphql_queue_wait_seconds',
      help: 'Time a GraphQL request waited for its turn before any work on it (admitted or refused as busy)',
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
  }

  /** Node's process metrics (CPU, memory, event loop lag, GC), once: when the metrics are served. */
  collectProcessMetrics(): void {
    if (this.defaults) return;
    this.defaults = true;
    collectDefaultMetrics({ register: this.registry });
    // prom-client's nodejs_eventloop_lag_* sample every 10 ms and read 0.01 s in a process idle
    // or busy alike; how much of the time the loop was busy tells saturation instead, without a timer.
    let last = performance.eventLoopUtilization();
    new Gauge({
      name: 'xianjie_eventloop_utilization',
      help: "Share of the time since the previous scrape that the process's event loop was busy (0 to 1; a cluster's workers averaged): near 1, requests wait inside the process",
      aggregator: 'average',
      registers: [this.registry],
      collect() {
        const now = performance.eventLoopUtilization();
        this.set(performance.eventLoopUtilization(now, last).utilization);
        last = now;
      },
    });
  }
}

/** The gateway's calls to subgraphs. */
export class SubgraphCallMetrics {
  readonly calls: Counter<'subgraph' | 'result'>;
  readonly duration: Histogram<'subgraph'>;
  constructor(metrics: ServiceMetrics) {
    this.calls = new Counter({
      name: 'xianjie_subgraph_requests_total',
      help: "The gateway's calls to subgraphs, by subgraph and result (ok, error: an HTTP error, unavailable: no answer, a timeout or 503)",
      labelNames: ['subgraph', 'result'] as const,
      registers: [metrics.registry],
    });
    this.duration = new Histogram({
      name: 'xianjie_subgraph_request_duration_seconds',
      help: "The gateway's calls to subgraphs: time to the subgraph's answer, by subgraph",
      labelNames: ['subgraph'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [metrics.registry],
    });
  }
}

/** A subgraph's storage, hand-offs and audit log. */
export class SubgraphStoreMetrics {
  readonly auditAppend: Histogram;
  readonly deliveryLag: Histogram<'receiver'>;
  readonly deliveries: Counter<'receiver' | 'result'>;
  readonly queryDuration: Histogram;
  constructor(
    metrics: ServiceMetrics,
    sources: {
      /** Pending hand-off documents per receiver and the age of the oldest, read at each scrape. */
      backlog(): Promise<{ receiver: string; pending: number; oldestSeconds: number }[]>;
      /** Connections of the database pool (PostgreSQL), or PGlite's one session and the statements waiting for it. */
      connections(): { total: number; idle: number; waiting: number };
    },
  ) {
    const registers = [metrics.registry];
    this.auditAppend = new Histogram({
      name: 'xianjie_audit_append_duration_seconds',
      help: 'Appending a batch of audit entries to the hash chain (one statement; group commit shares it between requests)',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.deliveryLag = new Histogram({
      name: 'xianjie_handoff_delivery_lag_seconds',
      help: "Hand-off documents: seconds from the step's commit (outbox) to the receiver's acknowledgement, by receiver",
      labelNames: ['receiver'] as const,
      buckets: LAG_BUCKETS,
      registers,
    });
    this.deliveries = new Counter({
      name: 'xianjie_handoff_delivery_attempts_total',
      help: 'Hand-off delivery attempts by receiver and result (delivered, retry, rejected)',
      labelNames: ['receiver', 'result'] as const,
      registers,
    });
    this.queryDuration = new Histogram({
      name: 'xianjie_db_query_duration_seconds',
      help: 'SQL statements: execution time (without waiting for a connection)',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const pending = new Gauge({
      name: 'xianjie_handoff_backlog',
      help: 'Hand-off documents in the outbox not yet delivered, by receiver (read at scrape)',
      labelNames: ['receiver'] as const,
      registers,
    });
    const oldest = new Gauge({
      name: 'xianjie_handoff_oldest_pending_seconds',
      help: 'Age of the oldest undelivered hand-off document, by receiver (read at scrape)',
      labelNames: ['receiver'] as const,
      registers,
    });
    // One query at a scrape fills both gauges; a database that cannot be reached leaves them empty.
    let scrape: Promise<void> | undefined;
    const readBacklog = () =>
      (scrape ??= sources
        .backlog()
        .then(
          (rows) => {
            pending.reset();
            oldest.reset();
            for (const row of rows) {
              pending.set({ receiver: row.receiver }, row.pending);
              oldest.set({ receiver: row.receiver }, row.oldestSeconds);
            }
          },
          () => {
            pending.reset();
            oldest.reset();
          },
        )
        .finally(() => (scrape = undefined)));
    Object.assign(pending, { collect: readBacklog });
    Object.assign(oldest, { collect: readBacklog });
    new Gauge({
      name: 'xianjie_db_pool_connections',
      help: 'Database connections by state: total, idle, waiting (requests waiting for one). PGlite: one session, waiting = statements queued for it',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const c = sources.connections();
        this.set({ state: 'total' }, c.total);
        this.set({ state: 'idle' }, c.idle);
        this.set({ state: 'waiting' }, c.waiting);
      },
    });
  }
}

/** Where a service serves /metrics: its own port (never the GraphQL one), 127.0.0.1 unless told, a bearer token if set. */
export interface MetricsEndpoint {
  port: number;
  host?: string;
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token?: string;
}

/** Offsets from XIANJIE_METRICS_PORT, in the order of the service ports (4000–4004). */
const METRICS_OFFSETS: Record<string, number> = { gateway: 0, enforcement: 1, police: 2, procuratorate: 3, court: 4 };

/**
 * A service's metrics endpoint from the environment: XIANJIE_<SERVICE>_METRICS_PORT, or
 * XIANJIE_METRICS_PORT plus the service's offset (gateway +0, enforcement +1, police +2,
 * procuratorate +3, court +4); none when neither is set (metrics are counted, not served).
 * XIANJIE_METRICS_HOST (127.0.0.1) and XIANJIE_METRICS_TOKEN apply to all.
 */
export function metricsEndpointFromEnv(service: string, env = process.env): MetricsEndpoint | undefined {
  const own = `XIANJIE_${service.toUpperCase()}_METRICS_PORT`;
  let port: number | undefined;
  if (env[own]) port = usablePort(env[own]!, own);
  else if (env.XIANJIE_METRICS_PORT) port = usablePort(Number(env.XIANJIE_METRICS_PORT) + (METRICS_OFFSETS[service] ?? 0), `XIANJIE_METRICS_PORT (+${METRICS_OFFSETS[service] ?? 0} for ${service})`);
  if (port === undefined) return undefined;
  return { port, host: env.XIANJIE_METRICS_HOST ?? '127.0.0.1', token: env.XIANJIE_METRICS_TOKEN || undefined };
}

export interface RunningMetrics {
  url: string;
  server: Server;
  stop(): Promise<void>;
}

/** Serves GET /metrics (Prometheus text format) on the endpoint's own port. */
export async function serveMetrics(metrics: ServiceMetrics, endpoint: MetricsEndpoint): Promise<RunningMetrics> {
  metrics.collectProcessMetrics();
  return serveMetricsText(() => metrics.registry.metrics(), metrics.registry.contentType, endpoint);
}

/**
 * In a cluster worker (XIANJIE_WORKERS > 1): the worker serves no metrics port of its own
 * (its workers would share it, and a scrape would see one worker); its registry answers the
 * primary, which sums every worker's (serveClusterMetrics).
 */
export function shareMetricsWithPrimary(metrics: ServiceMetrics): void {
  metrics.collectProcessMetrics();
  // Constructing one is what makes a worker answer the primary's requests (prom-client adds its listeners then).
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([metrics.registry]);
}

/** In a cluster's primary: GET /metrics gives the workers' metrics summed (prom-client's aggregation: counters, histograms and gauges added up). */
export async function serveClusterMetrics(endpoint: MetricsEndpoint): Promise<RunningMetrics> {
  const aggregator = new AggregatorRegistry();
  return serveMetricsText(() => aggregator.clusterMetrics(), aggregator.contentType, endpoint);
}

async function serveMetricsText(text: () => Promise<string>, contentType: string, endpoint: MetricsEndpoint): Promise<RunningMetrics> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('Not found: metrics are served at GET /metrics\n');
    }
    if (endpoint.token && req.headers.authorization !== `Bearer ${endpoint.token}`) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' });
      return res.end('A bearer token is required (XIANJIE_METRICS_TOKEN)\n');
    }
    text().then(
      (text) => {
        res.writeHead(200, { 'content-type': contentType });
        res.end(text);
      },
      (error: Error) => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`metrics could not be collected: ${error.message}\n`);
      },
    );
  });
  const host = endpoint.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`the metrics port ${endpoint.port} on ${host} is in use: choose another (XIANJIE_METRICS_PORT)`) : error),
    );
    server.listen(endpoint.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/metrics`,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
