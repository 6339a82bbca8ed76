import type { Logger } from '../core/ports.js';

/** Field names whose values never reach a log line. */
const SECRET = /authorization|api[-_]?key|^key$|secret|password|token|body/i;

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, SECRET.test(k) ? '[redacted]' : v]));
}

/**
 * Structured JSON lines on stdout/stderr, one object per event: the same
 * shape on Lambda (where CloudWatch indexes it) and locally.
 */
export class JsonLogger implements Logger {
  /** Fields of the current Lambda invocation (request id); one invocation at a time per container. */
  private invocation: Record<string, unknown> = {};

  constructor(
    private readonly base: Record<string, unknown> = {},
    private readonly write: (line: string, level: string) => void = (line, level) =>
      (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`),
  ) {}

  /** Sets the fields every line carries until the next invocation. */
  setInvocation(fields: Record<string, unknown>): void {
    this.invocation = fields;
  }

  child(fields: Record<string, unknown>): JsonLogger {
    return new JsonLogger({ ...this.base, ...fields }, this.write);
  }

  private emit(level: string, message: string, fields: Record<string, unknown> = {}): void {
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
