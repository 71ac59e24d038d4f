import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLResponse } from '@apollo/server';
import { AuthenticationError } from '../auth/errors';
import { serviceLogger, type Logger } from '../observability/log';
import { ServiceMetrics } from '../observability/metrics';
import { RequestObservation } from '../observability/request';
import { activeTraceId, inServerSpan, traceIdOf, tracingEnabled } from '../observability/tracing';
import { BusyError, ClientGoneError, type AdmissionQueue } from './admission';

const MAX_BODY_BYTES = 1 << 20;

/** How a service follows its requests: metrics, the log, and which incoming ids it trusts. */
export interface ServeObservability {
  metrics: ServiceMetrics;
  log: Logger;
  /**
   * Whether an incoming x-request-id (word characters and dashes, at most 64) names the
   * request: a subgraph's, which the gateway sends. The gateway names every request itself
   * (a client must not file its reads under another request in the audit logs) and logs a
   * client's id as clientRequestId.
   */
  trustRequestId: boolean;
  /** Whether an incoming W3C traceparent continues its trace (subgraphs: the gateway's); otherwise a request starts one. */
  trustTraceparent: boolean;
}

const REQUEST_ID = /^[\w-]{1,64}$/;

export interface ServeOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** Builds the request context (with the request's observation in it); throw AuthenticationError to answer 401. */
  context(req: IncomingMessage, observation: RequestObservation): Promise<TContext>;
  /** Default: counted in a registry of its own (not served), logged as service `server`, no incoming id trusted. */
  observability?: ServeObservability;
  /** The health endpoint's body (`status` other than 'ok' answers 503); a thrown error answers 503. */
  health(): Promise<Record<string, unknown>>;
  /**
   * Other JSON endpoints (POST) by path, served without the GraphQL authentication: each
   * authenticates what it receives itself (e.g. the hand-off inbox verifies signatures).
   */
  routes?: Record<string, (body: unknown) => Promise<{ status: number; body: unknown }>>;
  port?: number;
  host?: string;
  /** A response body larger than this is not sent; the client gets RESPONSE_TOO_LARGE instead. */
  maxResponseBytes: number;
  /** Bounds the GraphQL requests worked on at once; the others wait their turn (admission.ts). */
  admission?: AdmissionQueue;
}

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  stop(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error('request body exceeds 1 MiB'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * GraphQL over HTTP: a client that names `application/json` in its Accept header may trust
 * a body only with status 200 (any other could come from an intermediary), so the spec asks
 * for 200 when a well-formed request fails to parse or validate, names no operation, or has
 * variables that do not fit. Apollo Server answers those 400 whatever the client accepts.
 * Such a client gets 200 with the errors; one that accepts application/graphql-response+json,
 * or any type (curl, fetch), keeps the 400. A request that is not well formed (Apollo's
 * BAD_REQUEST: no query, a body that is not an object, a CSRF refusal) stays 400.
 */
function statusFor(accept: string | undefined, response: HTTPGraphQLResponse): number {
  const status = response.status ?? 200;
  if (status !== 400 || response.body.kind !== 'complete') return status;
  const answeredJson = (response.headers.get('content-type') ?? '').startsWith('application/json');
  if (!answeredJson || !/\bapplication\/json\b/i.test(accept ?? '')) return status;
  const body = JSON.parse(response.body.string) as { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
  const wellFormed = !('data' in body) && !body.errors?.some((e) => e.extensions?.code === 'BAD_REQUEST');
  return wellFormed ? 200 : status;
}

/** A trace id for a request that arrives without one while tracing is off: its UUID's 32 hex digits, so logs correlate. */
function traceIdFromRequestId(requestId: string): string {
  const hex = requestId.replace(/-/g, '').toLowerCase();
  return /^[\da-f]{32}$/.test(hex) ? hex : randomUUID().replace(/-/g, '');
}

/**
 * Serves an Apollo Server over plain node:http: `/graphql` (GET and POST) and `/health`.
 * Authentication happens before Apollo sees the request, so a bad credential is an HTTP
 * 401 with a message, never a GraphQL response with data.
 */
export async function serveApollo<TContext extends BaseContext>(options: ServeOptions<TContext>): Promise<RunningServer> {
  const { apollo } = options;
  const { metrics, log, trustRequestId, trustTraceparent } = options.observability ?? {
    metrics: new ServiceMetrics('server'),
    log: serviceLogger('server'),
    trustRequestId: false,
    trustTraceparent: false,
  };
  /** A new observation for a request: its id, and its trace id (the span's, else the caller's traceparent's, else the request id's digits). */
  const observe = (req: IncomingMessage): RequestObservation => {
    const incoming = req.headers['x-request-id'];
    const given = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : undefined;
    const requestId = trustRequestId && given ? given : randomUUID();
    const traceId = activeTraceId() ?? (trustTraceparent ? traceIdOf(req.headers.traceparent) : undefined) ?? traceIdFromRequestId(requestId);
    return new RequestObservation(requestId, traceId, log, trustRequestId ? undefined : given);
  };
  /** Counts and (at debug) logs a GraphQL request when its answer is sent. */
  const finish = (observation: RequestObservation, status: number, refusedAs?: string) => {
    const { operation = '(none)', codes } = observation;
    let result: string;
    if (status === 401) result = 'unauthenticated';
    else if (refusedAs || !observation.executed || (status === 400 && !observation.hasData)) {
      result = 'refused';
      metrics.refused.inc({ reason: refusedAs ?? codes[0] ?? 'BAD_REQUEST' });
    } else result = codes.length === 0 ? 'ok' : observation.hasData ? 'partial' : 'error';
    metrics.requests.inc({ operation, result });
    const seconds = (performance.now() - observation.started) / 1000;
    metrics.requestDuration.observe({ operation }, seconds);
    for (const code of codes) metrics.errors.inc({ code });
    if (log.isLevelEnabled('debug')) {
      observation.log.debug({ operation, result, status, ms: Math.round(seconds * 10_000) / 10, codes: codes.length ? [...new Set(codes)] : undefined }, 'request');
    }
  };
  const admission = options.admission && { queue: options.admission, waited: metrics.watchAdmission(options.admission) };
  const server = createServer((req, res) => {
    // GraphQL and the other routes (the hand-off inbox) are traced; /health is not.
    const path = (req.url ?? '/').split('?')[0]!;
    const graphql = path === '/graphql' || path === '/';
    if (!graphql && !(options.routes && Object.hasOwn(options.routes, path))) return void handle(req, res, undefined);
    if (!tracingEnabled()) return void handle(req, res, graphql ? observe(req) : undefined);
    const attributes = { 'http.request.method': req.method ?? 'GET', 'url.path': path, 'xianjie.service': metrics.service };
    void inServerSpan(`${req.method ?? 'GET'} ${path}`, req.headers, trustTraceparent, attributes, async (span) => {
      const observation = graphql ? observe(req) : undefined;
      if (observation) span?.setAttribute('xianjie.request_id', observation.requestId);
      await handle(req, res, observation);
      span?.setAttribute('http.response.status_code', res.statusCode);
      if (observation?.operation) span?.setAttribute('graphql.operation.name', observation.operation);
    });
  });
  const handle = async (req: IncomingMessage, res: ServerResponse, observation: RequestObservation | undefined) => {
    let release: (() => void) | undefined;
    try {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://localhost');
      } catch {
        return json(res, 400, { error: 'The request target is not a valid URL' });
      }
      if (url.pathname === '/health') {
        try {
          const body = { status: 'ok', ...(await options.health()) };
          return json(res, body.status === 'ok' ? 200 : 503, body);
        } catch (error) {
          // The reason is logged, not shown: it may name internal hosts.
          log.warn({ err: error }, 'health check failed');
          return json(res, 503, { status: 'unavailable' });
        }
      }
      const route = options.routes?.[url.pathname];
      if (route) {
        if (req.method !== 'POST') return json(res, 405, { error: `${url.pathname} takes POST` });
        let body: unknown;
        try {
          body = JSON.parse(await readBody(req));
        } catch (error) {
          if ((error as { status?: number }).status) throw error;
          return json(res, 400, { error: 'The request body is not valid JSON' });
        }
        const answer = await route(body);
        return json(res, answer.status, answer.body);
      }
      if (url.pathname !== '/graphql' && url.pathname !== '/') {
        return json(res, 404, { error: `Not found: ${url.pathname}. GraphQL is served at /graphql.` });
      }
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      observation ??= observe(req);
      res.setHeader('x-request-id', observation.requestId);
      // Authenticate before Apollo sees the request: a bad credential is a 401, never data.
      let contextValue: TContext;
      try {
        contextValue = await options.context(req, observation);
      } catch (error) {
        if (error instanceof AuthenticationError || (error as { status?: number }).status === 401) {
          observation.log.info({ reason: (error as Error).message }, 'request refused: not authenticated');
          finish(observation, 401);
        }
        throw error;
      }
      if (admission) {
        // After authentication (a bad token costs no place), before the body is read (a
        // waiting request holds no more than its headers).
        const waitStarted = performance.now();
        try {
          // A client that goes while it waits gives up its place (ClientGoneError, below).
          release = await admission.queue.admit(req.socket);
        } finally {
          admission.waited.observe((performance.now() - waitStarted) / 1000);
        }
        // It went away as its turn came.
        if (req.socket.destroyed) return void res.destroy();
      }
      const raw = req.method === 'POST' ? await readBody(req) : '';
      let body: unknown = raw;
      if (raw && (headers.get('content-type') ?? '').includes('json')) {
        try {
          body = JSON.parse(raw);
        } catch {
          finish(observation, 400, 'BAD_REQUEST');
          return json(res, 400, { errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
        }
      }
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
        context: async () => contextValue,
      });
      const length = response.body.kind === 'complete' ? Buffer.byteLength(response.body.string) : undefined;
      if (length !== undefined && length > options.maxResponseBytes) {
        const bytes = length.toLocaleString('en-US');
        observation.log.warn({ bytes: length, operation: observation.operation }, 'response not sent: larger than the limit (RESPONSE_TOO_LARGE)');
        finish(observation, 400, 'RESPONSE_TOO_LARGE');
        return json(res, 400, {
          errors: [
            {
              message: `The response would be ${bytes} bytes, more than the ${options.maxResponseBytes.toLocaleString('en-US')} this server sends; ask for fewer items or fields`,
              extensions: { code: 'RESPONSE_TOO_LARGE' },
            },
          ],
        });
      }
      for (const [key, value] of response.headers) res.setHeader(key, value);
      finish(observation, response.status ?? 200);
      res.statusCode = statusFor(req.headers.accept, response);
      if (response.body.kind === 'complete') {
        // With its length, the answer goes out with its headers in one write, not chunked.
        res.setHeader('content-length', length!);
        res.end(response.body.string);
      } else {
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (error) {
      const requestLog = observation?.log ?? log;
      // The client went away (closed the connection, reset it) while its request waited its
      // turn (ClientGoneError), or before it was read or answered.
      if (error instanceof ClientGoneError || req.socket.destroyed || (error as Error).message === 'aborted') {
        requestLog.info({ code: (error as { code?: string }).code, reason: (error as Error).message }, 'the client closed the connection before the answer');
        return void res.destroy();
      }
      if (res.headersSent) return res.end();
      const status = (error as { status?: number }).status;
      if (error instanceof AuthenticationError || status === 401) {
        res.setHeader('www-authenticate', 'Bearer');
        return json(res, 401, { errors: [{ message: (error as Error).message, extensions: { code: 'UNAUTHENTICATED' } }] });
      }
      if (status === 413) {
        if (observation) finish(observation, 413, 'PAYLOAD_TOO_LARGE');
        return json(res, 413, { errors: [{ message: (error as Error).message }] });
      }
      if (error instanceof BusyError) {
        requestLog.warn({ reason: error.reason }, 'request refused: busy');
        if (observation) finish(observation, 503, error.reason);
        res.setHeader('retry-after', '1');
        return json(res, 503, { errors: [{ message: error.message, extensions: { code: 'SERVER_BUSY' } }] });
      }
      requestLog.error({ err: error }, 'unexpected error');
      return json(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    } finally {
      release?.();
    }
  };
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${options.port} on ${options.host ?? '127.0.0.1'} is in use: is Xianjie already running? Stop it, or choose other ports (see README, Configuration)`)
          : error,
      ),
    );
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/graphql`,
    port,
    server,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
    },
  };
}
