import type { Config } from './config';
import type { Db } from './db/client';
import type { Provider } from './db/providers';
import type { Logger } from './logger';
import type { Keyring } from './secrets';
import type { Clock } from './clock';
import type { MailTransport } from './domain/email/transport';

/** What services, routes and jobs share: configuration, the database, the logger, keys and the clock. */
export interface AppContext {
  config: Config;
  db: Db;
  provider: Provider;
  logger: Logger;
  keyring: Keyring;
  clock: Clock;
  /** Where emails go (SMTP, or the local mailbox table). */
  mail: MailTransport;
  /** Asks the in-process jobs to run a job now rather than at its next tick (set once jobs start). */
  kick: (job: string) => void;
}
