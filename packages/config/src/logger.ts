import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs. Personal data never goes in a log line: callers log ids,
 * and the redaction list is a second net for fields that slip through.
 */
export function createLogger(
  name: string,
  level: string = process.env.LOG_LEVEL ?? 'info',
): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['*.email', '*.phone', '*.name', '*.password', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  });
}
