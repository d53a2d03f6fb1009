/** Builds the application context from the environment: config, logger, migrated database, keys. */
import path from 'node:path';
import { loadConfig, type Config } from './config';
import { createLogger } from './logger';
import { migrate } from './db/migrator';
import { openDatabase } from './db/client';
import { Keyring, resolveAppSecret } from './secrets';
import { systemClock } from './clock';
import type { AppContext } from './context';
import { mailboxTransport, smtpTransport } from './domain/email/transport';

export async function bootstrap(env: NodeJS.ProcessEnv = process.env, opts: { migrate?: boolean } = {}): Promise<{ ctx: AppContext; close: () => Promise<void> }> {
  const config: Config = loadConfig(env);
  const logger = createLogger(config.LOG_LEVEL);
  if (opts.migrate !== false) {
    const applied = await migrate(config.DATABASE_URL);
    if (applied.length) logger.info({ applied }, 'applied migrations');
  }
  const database = await openDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  const keyring = new Keyring(resolveAppSecret(config.APP_SECRET, path.resolve('data')));
  const mail = config.SMTP_URL ? smtpTransport(config.SMTP_URL, config.MAIL_POOL_SIZE) : mailboxTransport(database.db);
  const ctx: AppContext = { config, db: database.db, provider: database.provider, logger, keyring, clock: systemClock, mail, kick: () => undefined };
  return {
    ctx,
    close: async () => {
      mail.close();
      await database.close();
    },
  };
}
