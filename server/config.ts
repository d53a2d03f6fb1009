/**
 * Configuration from environment variables, validated once at start-up. `.env.example` explains each one.
 * A wrong value stops the process with the variable's name and how to fix it.
 */
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: (SQLite) or postgresql:// (PostgreSQL)')
    .default('file:./data/pulse.db'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  APP_SECRET: z.string().min(32, 'must be at least 32 characters; generate one with `openssl rand -hex 32`').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must look like smtp://user:pass@host:587 or smtps://host:465')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Pulse <pulse@localhost>'),
  MAILBOX_IN_PRODUCTION: bool.default(false),
  MAIL_RATE_PER_SECOND: z.coerce.number().min(0.1).max(1000).default(10),
  MAIL_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(5),
  JOBS_ENABLED: bool.default(true),
  SECURE_COOKIES: bool.optional(),
  TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(60 * 24 * 30).default(60 * 24 * 7),
  SESSION_ABSOLUTE_DAYS: z.coerce.number().int().min(1).max(90).default(30),
});

export type RawConfig = z.infer<typeof configSchema>;

/** Whether emails go to the built-in mailbox (no SMTP_URL), where HR admins can read personal links. */
export function mailboxMode(config: Pick<RawConfig, 'SMTP_URL'>): boolean {
  return !config.SMTP_URL;
}
export interface Config extends Omit<RawConfig, 'BASE_URL' | 'SECURE_COOKIES'> {
  BASE_URL: string;
  SECURE_COOKIES: boolean;
}

export class ConfigError extends Error {}

/** Parses and checks the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every variable.`);
  }
  const raw = parsed.data;
  const baseUrl = (raw.BASE_URL ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, '');
  if (raw.NODE_ENV === 'production' && !raw.APP_SECRET) {
    throw new ConfigError('Invalid configuration:\n  APP_SECRET: required in production; generate one with `openssl rand -hex 32`');
  }
  if (raw.NODE_ENV === 'production' && !raw.SMTP_URL && !raw.MAILBOX_IN_PRODUCTION) {
    throw new ConfigError(
      'Invalid configuration:\n  SMTP_URL: required in production. Without it emails stay in the built-in mailbox, where HR admins can open ' +
        "everyone's personal survey links and sign-in links. Set SMTP_URL=smtp://user:pass@host:587, or set MAILBOX_IN_PRODUCTION=true " +
        'to accept weakened confidentiality for a trial (every results page will say so).',
    );
  }
  return { ...raw, BASE_URL: baseUrl, SECURE_COOKIES: raw.SECURE_COOKIES ?? baseUrl.startsWith('https://') };
}
