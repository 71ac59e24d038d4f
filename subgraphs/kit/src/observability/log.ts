import pino, { type DestinationStream, type Logger } from 'pino';
import { redactFields, redactText } from './redact';

export type { Logger };

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** An error as a log line carries it: its kind, code and message (redacted), the stack only for what is unexpected. */
function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: redactText(String(error)) };
  const { code } = error as { code?: unknown };
  const out: Record<string, unknown> = { type: error.name, message: redactText(error.message) };
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if ((error as { expected?: boolean }).expected !== true && error.stack) out.stack = redactText(error.stack);
  return out;
}

let root: Logger | undefined;

/**
 * Configures the process's logging: JSON lines (pino) to standard output, each with its
 * level, ISO time, pid, host and service, and, for what concerns a request, its requestId
 * and traceId. The level is XIANJIE_LOG_LEVEL (fatal, error, warn, info, debug, trace,
 * silent; default info); `debug` adds one line per request. Every line passes redaction:
 * ID numbers and credit codes in any string field or message become [redacted]. Tests
 * give a destination to read the lines.
 */
export function configureLogging(options: { level?: string; destination?: DestinationStream } = {}, env = process.env): Logger {
  const level = options.level ?? env.XIANJIE_LOG_LEVEL ?? 'info';
  if (!LEVELS.includes(level)) throw new Error(`XIANJIE_LOG_LEVEL is ${JSON.stringify(level)}: one of ${LEVELS.join(', ')}`);
  root = pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: serializeError },
      hooks: {
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) {
            const arg = args[i] as unknown;
            if (typeof arg === 'string') args[i] = redactText(arg);
            else if (arg && typeof arg === 'object' && !(arg instanceof Error)) args[i] = redactFields(arg as Record<string, unknown>);
          }
          return method.apply(this, args as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
  return root;
}

/**
 * The process's root logger, configured from the environment on first use. A service whose
 * XIANJIE_LOG_LEVEL is not a level stops there, saying so in one JSON line, not a stack trace.
 */
export function rootLogger(): Logger {
  if (root) return root;
  try {
    return configureLogging();
  } catch (error) {
    const message = `日志级别配置无效，服务未启动 (invalid logging configuration, not started): ${(error as Error).message}`;
    process.stdout.write(`${JSON.stringify({ level: 'fatal', time: new Date().toISOString(), pid: process.pid, msg: message })}\n`);
    process.exit(1);
  }
}

/** A service's logger: every line names the service (gateway, enforcement, police, …). */
export function serviceLogger(service: string): Logger {
  return rootLogger().child({ service });
}
