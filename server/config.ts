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
  /** Where replies to Pulse's emails go when the organisation's settings name no HR contact. */
  MAIL_REPLY_TO: z.email('must be an email address, like hr@company.com').optional(),
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

const LOCAL_HOSTS = /^(localhost|127(\.\d+){3}|\[::1\]|::1|0\.0\.0\.0)$|\.localhost$/i;

/** The host of MAIL_FROM's address ("Pulse <pulse@localhost>" → localhost), or '' when it has none. */
function mailFromHost(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.includes('@') ? address.slice(address.lastIndexOf('@') + 1).trim() : '';
}

/**
 * Start-up warnings: with SMTP_URL set, emails leave this machine, so a BASE_URL on localhost sends links nobody
 * can open and a MAIL_FROM on localhost is refused or marked as spam by receiving servers. Each names its variable.
 */
export function configWarnings(config: Pick<Config, 'SMTP_URL' | 'BASE_URL' | 'MAIL_FROM'>): string[] {
  if (!config.SMTP_URL) return [];
  const warnings: string[] = [];
  if (LOCAL_HOSTS.test(new URL(config.BASE_URL).hostname)) {
    warnings.push(`BASE_URL is ${config.BASE_URL}, on localhost, while SMTP_URL sends real emails: their links will not open for anyone else. Set BASE_URL to the address people reach Pulse at.`);
  }
  const host = mailFromHost(config.MAIL_FROM);
  if (!host || LOCAL_HOSTS.test(host)) {
    warnings.push(`MAIL_FROM is "${config.MAIL_FROM}", not an address on a real domain, while SMTP_URL sends real emails: receiving servers will refuse or bin them. Set MAIL_FROM to an address of your domain, like "Pulse <pulse@company.com>".`);
  }
  return warnings;
}

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
