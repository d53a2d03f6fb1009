import pino from 'pino';

/** Structured JSON logs. Tokens never reach them: request URLs are redacted by the HTTP logger. */
export function createLogger(level: string): pino.Logger {
  return pino({ level, base: { app: 'pulse' }, redact: ['req.headers.cookie', 'req.headers.authorization'] });
}
export type Logger = pino.Logger;
