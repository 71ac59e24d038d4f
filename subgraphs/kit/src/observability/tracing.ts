import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { redactText, sqlForSpan } from './redact';

/**
 * Traces (OpenTelemetry): one trace per request, from the gateway's HTTP span through the
 * query plan and each subgraph call (W3C `traceparent` on the call) to the subgraph's
 * HTTP span and each SQL statement it runs. Off unless configured: then the API is the
 * no-op one and the hot paths skip span work behind one boolean.
 */
let enabled = false;
let installed: BasicTracerProvider | undefined;
const TRACER = 'xianjie';

/** Whether spans are being recorded in this process. */
export function tracingEnabled(): boolean {
  return enabled;
}

/**
 * Guards every span's attributes on its end: a string that holds an ID number or credit
 * code is redacted before any exporter sees it (our own spans carry none; Apollo's carry
 * operation names, which a client chooses).
 */
class RedactingSpanProcessor implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}
  onStart(span: Parameters<SpanProcessor['onStart']>[0], parent: Parameters<SpanProcessor['onStart']>[1]): void {
    this.next.onStart(span, parent);
  }
  onEnd(span: ReadableSpan): void {
    const attributes = span.attributes as Record<string, unknown>;
    for (const key of Object.keys(attributes)) {
      const value = attributes[key];
      if (typeof value === 'string') attributes[key] = redactText(value);
    }
    this.next.onEnd(span);
  }
  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }
  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}

export interface Tracing {
  /** Sends what is buffered. */
  flush(): Promise<void>;
  /** Flushes and turns tracing off in this process. */
  shutdown(): Promise<void>;
}

/**
 * Turns tracing on in this process with the given span processors (the OTLP exporter's,
 * or a test's in-memory one): the tracer provider, the AsyncLocalStorage context manager
 * and the W3C trace-context propagator become the process's. Sampling follows the
 * standard OTEL_TRACES_SAMPLER (default: parent-based, always on).
 */
export function installTracing(service: string, processors: SpanProcessor[]): Tracing {
  if (installed) throw new Error('tracing is already installed in this process');
  const provider = new BasicTracerProvider({
    resource: new Resource({ 'service.name': service }),
    spanProcessors: processors.map((p) => new RedactingSpanProcessor(p)),
  });
  provider.register({ contextManager: new AsyncLocalStorageContextManager(), propagator: new W3CTraceContextPropagator() });
  installed = provider;
  enabled = true;
  return {
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
      installed = undefined;
      enabled = false;
    },
  };
}

/**
 * Tracing as the environment configures it, with the standard OpenTelemetry variables:
 * on when OTEL_TRACES_EXPORTER is `otlp`, or is unset and OTEL_EXPORTER_OTLP_ENDPOINT
 * (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set; off when OTEL_SDK_DISABLED=true or
 * OTEL_TRACES_EXPORTER=none. Spans go by OTLP over HTTP (JSON) in batches. The service is
 * named OTEL_SERVICE_NAME, else `xianjie-<service>`.
 */
export function tracingFromEnv(service: string, env = process.env): Tracing | undefined {
  if (env.OTEL_SDK_DISABLED === 'true') return undefined;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const on = exporters.length ? exporters.includes('otlp') : !!endpoint;
  if (!on) return undefined;
  return installTracing(env.OTEL_SERVICE_NAME ?? `xianjie-${service}`, [new BatchSpanProcessor(new OTLPTraceExporter())]);
}

const tracer = () => trace.getTracer(TRACER);

/** The trace id of an incoming `traceparent` header, if it is a valid one. */
export function traceIdOf(traceparent: string | string[] | undefined): string | undefined {
  const value = Array.isArray(traceparent) ? traceparent[0] : traceparent;
  const match = value && /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(value.trim());
  return match && !/^0+$/.test(match[1]!) ? match[1] : undefined;
}

/**
 * Runs an incoming HTTP request's handling in a SERVER span (when tracing is on): the
 * parent is the caller's `traceparent` when `trustParent` (subgraphs: the gateway calls
 * them), a new trace otherwise (the gateway's public port). Resolves with the handler's
 * result; the span ends when it settles.
 */
export function inServerSpan<T>(
  name: string,
  headers: IncomingHttpHeaders,
  trustParent: boolean,
  attributes: Attributes,
  handle: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  if (!enabled) return handle(undefined);
  const parent = trustParent ? propagation.extract(ROOT_CONTEXT, headers) : ROOT_CONTEXT;
  return tracer().startActiveSpan(name, { kind: SpanKind.SERVER, attributes }, parent, async (span) => {
    try {
      return await handle(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Runs an outgoing call in a CLIENT span (when tracing is on), active while it runs so its `traceparent` names it. */
export function inClientSpan<T>(name: string, attributes: Attributes, call: (span: Span | undefined) => Promise<T>): Promise<T> {
  if (!enabled) return call(undefined);
  return tracer().startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    try {
      return await call(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * The `traceparent` for an outgoing call. Tracing on: the active span's. Off: the
 * request's trace id with a random parent id, not sampled, so the callee's log lines
 * carry the same trace id as the caller's.
 */
export function outgoingTraceparent(traceId: string): string | undefined {
  if (enabled) {
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    return carrier.traceparent;
  }
  return `00-${traceId}-${randomParentId()}-00`;
}

/**
 * 16 random hex digits, from a pool of random bytes drawn 4 KiB at a time: a draw of its
 * own for every subgraph call cost the gateway 2 % of its CPU (as Node's randomUUID, which
 * keeps a pool the same way).
 */
let pool = Buffer.alloc(0);
let taken = 0;
function randomParentId(): string {
  if (taken + 8 > pool.length) {
    pool = randomBytes(4096);
    taken = 0;
  }
  const id = pool.toString('hex', taken, taken + 8);
  taken += 8;
  return id === '0000000000000000' ? randomParentId() : id; // all zeros is not a valid parent id
}

/** The active span's trace id, when tracing is on and a span is active. */
export function activeTraceId(): string | undefined {
  if (!enabled) return undefined;
  const span = trace.getSpan(context.active());
  return span?.spanContext().traceId;
}

/**
 * Records a SQL statement that has just run as a CLIENT span under the active span
 * (called from Kysely's log hook, in the caller's async context, with the statement's
 * duration). Only statements inside a traced request are recorded: background polling
 * would start a trace per statement. `db.statement` holds the text without values.
 */
export function recordSqlSpan(statement: string, durationMs: number, service: string, driver: string, errorCode?: string): void {
  if (!enabled) return;
  const active = context.active();
  if (!trace.getSpan(active)?.isRecording()) return;
  const text = sqlForSpan(statement);
  const operation = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'SQL';
  const end = performance.now();
  const span = tracer().startSpan(
    `${operation} ${service}`,
    {
      kind: SpanKind.CLIENT,
      startTime: end - durationMs,
      attributes: { 'db.system': 'postgresql', 'db.operation': operation, 'db.statement': text, 'db.name': service, 'xianjie.db.driver': driver },
    },
    active,
  );
  if (errorCode !== undefined) {
    span.setStatus({ code: SpanStatusCode.ERROR });
    span.setAttribute('db.response.status_code', errorCode);
  }
  span.end(end);
}
