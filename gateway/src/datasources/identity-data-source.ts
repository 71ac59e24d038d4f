import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import {
  ASSERTION_TTL_SECONDS,
  inClientSpan,
  outgoingTraceparent,
  serviceLogger,
  signAssertion,
  type SubgraphCallMetrics,
  type Viewer,
} from '@xianjie/subgraph-kit';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import type { CryptoKey } from 'jose';
import type { GatewayContext } from '../gateway-context';


/** Reuse an assertion while at least this much of its life is left. */
const REUSE_SECONDS = ASSERTION_TTL_SECONDS / 2;
const MAX_CACHED = 10_000;

/**
 * Calls a subgraph with the verified identity as a short-lived assertion signed by the
 * gateway and addressed to that subgraph alone; the user's own token is never forwarded.
 * The request id travels in `x-request-id` for the subgraph's audit log.
 *
 * Signing costs a millisecond of CPU, so an assertion is reused for the same viewer and
 * subgraph for half its minute of life: it asserts exactly what a fresh one would.
 * Subgraphs are called through the gateway's keep-alive fetcher (see http-fetcher.ts).
 *
 * A call is sent as RemoteGraphQLDataSource sends it (its `process`, less what Xianjie does
 * not use): the same body, errors and hooks (errorFromResponse, parseBody,
 * didEncounterError), without the node-fetch Headers and Request it builds for every call,
 * which cost more CPU than the rest of the call's JavaScript. Not used: automatic persisted
 * queries (off), didReceiveResponse (not defined here), and the subgraph's Cache-Control,
 * which could only lower the gateway's cache policy (no cache hints: nothing is cached).
 */
export class IdentityDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly assertions = new Map<string, { token: string; until: number }>();
  private readonly byViewer = new WeakMap<Viewer, { token: string; until: number }>();
  private readonly callsBy: Record<string, { inc(): void } | undefined> = {};
  private duration: { observe(seconds: number): void } | undefined;
  /** Each fetch's query as JSON, written once (a plan's fetches are few and their texts fixed). */
  private readonly queryJson = new Map<string, string>();

  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly assertionKey: CryptoKey,
    fetcher: Fetcher,
    private readonly metrics?: SubgraphCallMetrics,
  ) {
    super({ url, fetcher });
  }

  /**
   * Each call is timed and counted by result (ok; error: the subgraph answered with an
   * HTTP error; unavailable: no answer, a timeout or 503), and is a CLIENT span when
   * tracing is on, whose traceparent the subgraph continues.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const started = performance.now();
    let result = 'ok';
    try {
      return await inClientSpan(`POST ${this.subgraph}`, { 'xianjie.subgraph': this.subgraph, 'http.request.method': 'POST' }, () => this.send(options));
    } catch (error) {
      result = (error as GraphQLError).extensions?.code === 'SUBGRAPH_UNAVAILABLE' ? 'unavailable' : 'error';
      throw error;
    } finally {
      // The metrics' children for this subgraph, kept: prom-client hashes the labels on every call otherwise.
      (this.callsBy[result] ??= this.metrics?.calls.labels({ subgraph: this.subgraph, result }))?.inc();
      (this.duration ??= this.metrics?.duration.labels({ subgraph: this.subgraph }))?.observe((performance.now() - started) / 1000);
    }
  }

  private async assertionFor(viewer: Viewer): Promise<string> {
    // A verified token's viewer is one object for as long as the token is kept (VerifiedTokens):
    // found by it first, by its content otherwise (another token of the same person).
    const known = this.byViewer.get(viewer);
    if (known && known.until > Date.now()) return known.token;
    const key = JSON.stringify([viewer.subject, viewer.institution, viewer.org, viewer.roles, viewer.region]);
    let cached = this.assertions.get(key);
    if (!cached || cached.until <= Date.now()) {
      const token = await signAssertion(viewer, this.subgraph, this.assertionKey);
      if (this.assertions.size >= MAX_CACHED) this.assertions.clear();
      cached = { token, until: Date.now() + REUSE_SECONDS * 1000 };
      this.assertions.set(key, cached);
    }
    this.byViewer.set(viewer, cached);
    return cached.token;
  }

  /**
   * A subgraph that does not answer, or answers with an HTTP error, costs the caller its
   * part of the response, not the rest: the error names the institution and nothing of
   * the internal network (no URL, no response body). The operator's log says why, under
   * the request's id (which the subgraph's log and audit entries carry too).
   */
  override didEncounterError(error: Error, _request?: unknown, response?: FetcherResponse, context?: GatewayContext): never {
    if (error instanceof GraphQLError && !response) throw error;
    const reason = failureReason(error, response);
    const errno = (error as NodeJS.ErrnoException).code;
    (context?.observation?.log ?? serviceLogger('gateway')).warn(
      { subgraph: this.subgraph, reason, errno: response ? undefined : errno, status: response?.status },
      `the ${this.subgraph} subgraph call failed: ${reason}`,
    );
    // 503: the subgraph is up but cannot serve (its database is unreachable): unavailable, as when it is down.
    const unavailable = !response || response.status === 503;
    throw new GraphQLError(
      !response
        ? `The ${this.subgraph} subgraph did not answer; its part of the response is missing`
        : `The ${this.subgraph} subgraph ${unavailable ? 'is unavailable' : 'refused the request'} (HTTP ${response.status}); its part of the response is missing`,
      { extensions: { code: unavailable ? 'SUBGRAPH_UNAVAILABLE' : 'SUBGRAPH_ERROR', subgraph: this.subgraph } },
    );
  }

  private async send({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { http, query, ...rest } = request;
    if (!query) throw new Error('Missing query');
    const headers: Record<string, string> = {};
    if (http?.headers) for (const [name, value] of http.headers) headers[name.toLowerCase()] = value;
    headers['content-type'] = 'application/json';
    const viewer = 'viewer' in context && context.viewer ? context.viewer : undefined;
    // No identity: the subgraph will refuse the request.
    if (viewer) {
      headers.authorization = `Bearer ${await this.assertionFor(viewer)}`;
      if ('requestId' in context) headers['x-request-id'] = String(context.requestId);
      // The trace carries on in the subgraph (tracing on), or at least its log lines carry the request's trace id.
      const traceparent = 'observation' in context && context.observation ? outgoingTraceparent(context.observation.traceId) : undefined;
      if (traceparent) headers.traceparent = traceparent;
    }
    let queryJson = this.queryJson.get(query);
    if (queryJson === undefined) {
      queryJson = JSON.stringify(query);
      if (this.queryJson.size < MAX_CACHED) this.queryJson.set(query, queryJson);
    }
    // The same JSON as JSON.stringify({ query, ...rest }), without escaping the query again.
    const others = JSON.stringify(rest);
    const body = others === '{}' ? `{"query":${queryJson}}` : `{"query":${queryJson},${others.slice(1)}`;
    let response: FetcherResponse | undefined;
    try {
      response = await this.fetcher(this.url!, { method: 'POST', headers, body });
      if (!response.ok) throw await this.errorFromResponse(response);
      const parsed = await this.parseBody(response, undefined, context as GatewayContext);
      if (typeof parsed !== 'object' || parsed === null) throw new Error(`Expected JSON response body, but received: ${parsed}`);
      return { ...(parsed as GatewayGraphQLResponse), http: response } as GatewayGraphQLResponse;
    } catch (error) {
      this.didEncounterError(error as Error, undefined, response, context as GatewayContext);
    }
  }
}

/**
 * Why a subgraph call failed, for the log: the network error (node:http's own words, which
 * name an address at most), or the HTTP status and the error codes the subgraph answered.
 * Never the request or response text: either may carry a person's data.
 */
function failureReason(error: Error, response?: FetcherResponse): string {
  if (!response) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  if (response.ok) return `HTTP ${response.status} with a body that is not a GraphQL response`;
  const answered = (error as GraphQLError).extensions?.response as { body?: { errors?: { extensions?: { code?: unknown } }[] } } | undefined;
  const codes = (answered?.body?.errors ?? []).map((e) => e.extensions?.code).filter((c): c is string => typeof c === 'string');
  return `HTTP ${response.status}${codes.length ? ` (${[...new Set(codes)].join(', ')})` : ''}`;
}
