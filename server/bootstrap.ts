/** Builds the application context from the environment: config, logger, migrated database, keys. */
import path from 'node:path';
import { configWarnings, loadConfig, type Config } from './config';
import { createLogger } from './logger';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { openDatabase } from './db/client';
import { Keyring, resolveAppSecret } from './secrets';
import { systemClock } from './clock';
import type { AppContext } from './context';
import { mailboxTransport, smtpTransport } from './domain/email/transport';

/**
 * Applies pending migrations from a short-lived child process (`npm run db:migrate`): the WebAssembly schema
 * engine then never loads into the server, which keeps about 50 MB off its memory for its whole life.
 * Compiled (dist/, `npm start`) it runs the compiled db-migrate.js with plain node; from the sources, through tsx.
 */
async function migrateInChildProcess(env: NodeJS.ProcessEnv, logger: ReturnType<typeof createLogger>): Promise<void> {
  const run = promisify(execFile);
  const compiled = path.extname(__filename) === '.js';
  const script = path.join(__dirname, 'cli', compiled ? 'db-migrate.js' : 'db-migrate.ts');
  try {
    const { stdout } = await run(process.execPath, compiled ? [script] : [require.resolve('tsx/cli'), script], {
      env: env as Record<string, string>,
      timeout: 120_000,
    });
    logger.info({ result: stdout.trim() }, 'migrations');
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`migrations failed: ${(e.stderr || e.message).trim()}`, { cause: err });
  }
}

export async function bootstrap(env: NodeJS.ProcessEnv = process.env, opts: { migrate?: boolean } = {}): Promise<{ ctx: AppContext; close: () => Promise<void> }> {
  const config: Config = loadConfig(env);
  const logger = createLogger(config.LOG_LEVEL);
  for (const warning of configWarnings(config)) logger.warn({ event: 'config_warning' }, warning);
  if (opts.migrate !== false) await migrateInChildProcess(env, logger);
  const database = await openDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  const keyring = new Keyring(resolveAppSecret(config.APP_SECRET, path.resolve('data')));
  const mail = config.SMTP_URL ? smtpTransport(config.SMTP_URL, config.MAIL_POOL_SIZE) : mailboxTransport(database.db, systemClock);
  const ctx: AppContext = { config, db: database.db, provider: database.provider, logger, keyring, clock: systemClock, mail, kick: () => undefined };
  return {
    ctx,
    close: async () => {
      mail.close();
      await database.close();
    },
  };
}
