import { configureLogging } from '@xianjie/subgraph-kit';

/** A log line as the services write it (JSON, pino). */
export interface LogLine {
  level: string;
  time: string;
  service: string;
  msg: string;
  requestId?: string;
  traceId?: string;
  [field: string]: unknown;
}

/**
 * Every line the services in this process log from now on (those started after this
 * call: a service's logger is made when it starts), at `level`.
 */
export function captureLogs(level = 'debug') {
  const lines: string[] = [];
  configureLogging({ level, destination: { write: (line: string) => void lines.push(line) } });
  return { lines, parsed: (from = 0): LogLine[] => lines.slice(from).map((l) => JSON.parse(l) as LogLine) };
}
