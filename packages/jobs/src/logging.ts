import { randomUUID } from 'node:crypto';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

/**
 * Structured logs of the service processes (web, worker): one JSON object a line on stdout, for a
 * log shipper; readable lines when stdout is a terminal. A request id travels from the web request
 * (its X-Request-Id) into the jobs it enqueues and the worker's lines about them.
 */

export type ServiceLogger = PinoLogger;
export type LogFields = Record<string, unknown>;

export const REQUEST_ID_HEADER = 'x-request-id';

// Proxies and clients send ids of their own (UUIDs, trace ids); anything else could inject log text.
const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The caller's X-Request-Id when it is well formed, else a new one. */
export function acceptRequestId(header: string | null | undefined): string {
  return header && WELL_FORMED_REQUEST_ID.test(header) ? header : randomUUID();
}

export function isWellFormedRequestId(value: unknown): value is string {
  return typeof value === 'string' && WELL_FORMED_REQUEST_ID.test(value);
}

const REDACTED = '[redacted]';

/** Field names whose values never reach a log line, wherever they sit in the logged object. */
const secretKey = /pass(word)?|secret|token|api[_-]?key|authorization|cookie|credential/i;

/** Secrets inside free text: URL passwords (postgres://u:pw@h), bearer credentials, API keys, session cookies. */
const secretPatterns: [RegExp, string][] = [
  [/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, `$1${REDACTED}@`],
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/\bovt_[A-Za-z0-9_-]+/g, `ovt_${REDACTED}`],
  [/\b(overture_session=)[^;\s]+/gi, `$1${REDACTED}`],
  [/\b(password|passwd|pwd|secret|token|api[_-]?key)(["']?\s*[=:]\s*["']?)[^\s"',;&]+/gi, `$1$2${REDACTED}`],
];

/** `text` with every secret pattern replaced. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of secretPatterns) out = out.replace(pattern, replacement);
  return out;
}

/** A copy of a logged value with secret-named fields dropped and secrets in strings masked (cycles and depth bounded). */
export function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6 || seen.has(value)) return '[…]';
  seen.add(value);
  if (value instanceof Error) return { type: value.name, message: redactText(value.message), stack: value.stack ? redactText(value.stack) : undefined };
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1, seen));
  if (value instanceof Headers) return redactValue(Object.fromEntries(value), depth, seen);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = secretKey.test(key) ? REDACTED : redactValue(v, depth + 1, seen);
  return out;
}

export interface LoggerOptions {
  /** `web`, `worker`: the `service` field of every line. */
  service: string;
  level?: string;
  /** Where lines go (tests capture them); stdout by default. */
  destination?: DestinationStream;
  /** Readable lines instead of JSON; default: when stdout is a terminal. */
  pretty?: boolean;
  /** Fields merged into every line at the time it is written (e.g. the current request id). */
  mixin?: () => LogFields;
}

/** A pino logger whose every line has its secrets redacted. */
export function createServiceLogger(options: LoggerOptions): ServiceLogger {
  const pretty = options.pretty ?? (options.destination === undefined && process.stdout.isTTY === true);
  const destination = options.destination ?? (pretty ? prettyStdout() : pino.destination({ dest: 1, sync: true }));
  return pino({
    level: options.level ?? 'info',
    base: { service: options.service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }), log: (object) => redactValue(object) as LogFields },
    hooks: {
      // The message too: code logs "connection lost (postgres://u:pw@…)" as text.
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>);
      },
    },
    mixin: options.mixin,
  }, destination);
}

/** Terminal output: `time level message key=value…`. */
function prettyStdout(): DestinationStream {
  return {
    write(line: string) {
      try {
        const { time, level, msg, service, pid, ...rest } = JSON.parse(line) as Record<string, unknown>;
        void pid;
        const extras = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
        process.stdout.write(`${String(time)} ${String(service)} ${String(level).toUpperCase()} ${String(msg ?? '')}${extras ? ` ${extras}` : ''}\n`);
      } catch {
        process.stdout.write(line);
      }
    },
  };
}

type Level = 'debug' | 'info' | 'warn' | 'error';
const levels = new Set<unknown>(['debug', 'info', 'warn', 'error']);

/** A `(message, fields)` log function over `logger`; `fields.level` picks the level (info by default). */
export function logFunction(logger: ServiceLogger): (message: string, fields?: LogFields) => void {
  return (message, fields) => {
    const { level, ...rest } = fields ?? {};
    logger[levels.has(level) ? (level as Level) : 'info'](rest, message);
  };
}

/** The request id a job was enqueued under (jobs enqueued outside a request have none). */
export function jobRequestId(data: unknown): string | undefined {
  const value = (data as { requestId?: unknown } | null)?.requestId;
  return isWellFormedRequestId(value) ? value : undefined;
}
