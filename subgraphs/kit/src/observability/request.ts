import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { Logger } from './log';
import type { ServiceMetrics } from './metrics';

/**
 * What a service knows of one request while it serves it: its ids (for every log line),
 * and what the metrics count when it ends (operation, whether it ran, the error codes).
 * The request's logger is made on first use: a request that logs nothing costs none.
 */
export class RequestObservation {
  readonly started = performance.now();
  /** The operation as a metrics label (set once it is resolved). */
  operation: string | undefined;
  /** Whether execution started (false: refused before, by parsing, validation or a limit). */
  executed = false;
  /** Whether the response carries data. */
  hasData = false;
  /** extensions.code of every error in the response. */
  readonly codes: string[] = [];
  private logger: Logger | undefined;

  constructor(
    readonly requestId: string,
    readonly traceId: string,
    private readonly serviceLog: Logger,
    /** The id a client sent in x-request-id when the service names requests itself (the gateway). */
    readonly clientRequestId?: string,
  ) {}

  /** The request's logger: every line carries requestId and traceId. */
  get log(): Logger {
    return (this.logger ??= this.serviceLog.child(
      this.clientRequestId ? { requestId: this.requestId, traceId: this.traceId, clientRequestId: this.clientRequestId } : { requestId: this.requestId, traceId: this.traceId },
    ));
  }
}

/** A context that carries its request's observation (the gateway's and every subgraph's). */
export interface ObservedContext {
  observation: RequestObservation;
}

/** The code an error is counted and shown under: the parser's token limit is QUERY_TOO_COMPLEX, as formatError shows it. */
export function errorCode(error: GraphQLError): string {
  const code = error.extensions?.code;
  if (code === 'GRAPHQL_PARSE_FAILED' && /Document contains more tha[nt] \d+ tokens/.test(error.message)) return 'QUERY_TOO_COMPLEX';
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

/**
 * Follows each request for the metrics and the log: the operation once resolved,
 * whether execution started, every error's code. An unexpected error (no code) is
 * logged with its stack under the request's ids, unless `onUnexpected` takes it: it
 * logs the error its own way and returns the code the client is shown (a subgraph that
 * lost its database answers SUBGRAPH_UNAVAILABLE). Never logs variables or results.
 */
export function observationPlugin<TContext extends ObservedContext>(
  metrics: ServiceMetrics,
  onUnexpected?: (error: GraphQLError, observation: RequestObservation) => string | undefined,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      const observation = contextValue.observation;
      return {
        async didResolveOperation({ operationName }) {
          observation.operation = metrics.operationLabel(operationName);
        },
        async executionDidStart() {
          observation.executed = true;
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            let code = errorCode(error);
            if (code === 'INTERNAL_SERVER_ERROR') {
              const shown = onUnexpected?.(error, observation);
              if (shown) code = shown;
              else observation.log.error({ err: error.originalError ?? error, path: error.path?.join('.') }, 'internal error');
            }
            observation.codes.push(code);
          }
        },
        async willSendResponse({ response }) {
          if (response.body.kind === 'single') observation.hasData = response.body.singleResult.data != null;
          else observation.hasData = true;
        },
      };
    },
  };
}
