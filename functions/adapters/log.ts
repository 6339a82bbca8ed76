import type { Logger } from '../core/ports.js';

/** Field names whose values never reach a log line. */
const SECRET = /authorization|api[-_]?key|^key$|secret|password|token|body/i;

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, SECRET.test(k) ? '[redacted]' : v]));
}

const LOG_LEVELS = ['info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * LOG_LEVEL: the least severe level written (info, the default, writes
 * everything; warn drops the routine lines; error keeps only failures).
 * @throws Error naming the levels for any other value.
 */
export function parseLogLevel(raw: string | undefined): LogLevel {
  const value = (raw ?? '').trim().toLowerCase() || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(value))
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${raw}".`);
  return value as LogLevel;
}

/**
 * Structured JSON lines on stdout/stderr, one object per event: the same
 * shape on Lambda (where CloudWatch indexes it) and locally.
 */
export class JsonLogger implements Logger {
  /** Fields of the current Lambda invocation (request id); one invocation at a time per container. */
  private invocation: Record<string, unknown> = {};
  private readonly least: number;

  constructor(
    private readonly base: Record<string, unknown> = {},
    private readonly write: (line: string, level: string) => void = (line, level) =>
      (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`),
    private readonly level: LogLevel = 'info',
  ) {
    this.least = LOG_LEVELS.indexOf(level);
  }

  /** Sets the fields every line carries until the next invocation. */
  setInvocation(fields: Record<string, unknown>): void {
    this.invocation = fields;
  }

  child(fields: Record<string, unknown>): JsonLogger {
    return new JsonLogger({ ...this.base, ...fields }, this.write, this.level);
  }

  private emit(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
    if (LOG_LEVELS.indexOf(level) < this.least) return;
    this.write(
      JSON.stringify({
        level,
        time: new Date().toISOString(),
        message,
        ...this.base,
        ...this.invocation,
        ...redact(fields),
      }),
      level,
    );
  }

  info(message: string, fields?: Record<string, unknown>): void {
    this.emit('info', message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.emit('warn', message, fields);
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.emit('error', message, fields);
  }
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
