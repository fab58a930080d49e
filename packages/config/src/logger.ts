import pino from 'pino';

export type Logger = pino.Logger;

/**
 * The parts of an error that say what went wrong without the values involved.
 * A database error also carries the statement's parameters and the server's
 * `detail` ("Key (email)=(…)", "Failing row contains (…)"): the personal data
 * being written. Those, and anything else not listed, stay out of the log.
 */
const ERROR_FIELDS = [
  'type',
  'message',
  'stack',
  'code',
  'severity',
  'schema',
  'table',
  'column',
  'constraint',
  'routine',
] as const;

export function errorWithoutValues(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const full = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  return Object.fromEntries(
    ERROR_FIELDS.filter((k) => full[k] !== undefined).map((k) => [k, full[k]]),
  );
}

/**
 * Structured JSON logs. Personal data never goes in a log line: callers log ids,
 * errors are logged without their values, and the redaction list is a second
 * net for fields that slip through.
 */
export function createLogger(
  name: string,
  level: string = process.env.LOG_LEVEL ?? 'info',
): Logger {
  return pino({
    name,
    level,
    serializers: { err: errorWithoutValues },
    redact: {
      paths: ['*.email', '*.phone', '*.name', '*.password', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  });
}
