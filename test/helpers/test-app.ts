/**
 * A full Pulse app on a fresh test database, for supertest: `const t = await startTestApp()`.
 * Emails go to the local mailbox table unless `mail` is given (see smtp-server.ts).
 */
import type { Express } from 'express';
import request from 'supertest';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';
import { Keyring } from '../../server/secrets';
import { mailboxTransport, type MailTransport } from '../../server/domain/email/transport';
import { createApp } from '../../server/http/app';
import type { AppContext } from '../../server/context';
import type { Clock } from '../../server/clock';
import { createTestDatabase, type TestDatabase } from './test-db';

export interface TestApp {
  ctx: AppContext;
  app: Express;
  database: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  mail?: MailTransport;
  clock?: Clock;
}

/** A clock that stands still until moved. */
export function fixedClock(start: Date | string): Clock & { set(d: Date | string): void; advance(ms: number): void } {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set: (d) => {
      now = new Date(d);
    },
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

export function testContext(database: TestDatabase, opts: TestAppOptions = {}): AppContext {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    APP_SECRET: process.env.APP_SECRET,
    BASE_URL: 'http://pulse.test',
    DATABASE_URL: database.url,
    ...opts.env,
  });
  return {
    config,
    db: database.db,
    provider: database.provider,
    logger: createLogger(config.LOG_LEVEL),
    keyring: new Keyring(config.APP_SECRET as string),
    clock: opts.clock ?? { now: () => new Date() },
    mail: opts.mail ?? mailboxTransport(database.db, opts.clock),
    kick: () => undefined,
  };
}

export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const ctx = testContext(database, opts);
  const app = createApp(ctx);
  return { ctx, app, database, close: () => database.destroy() };
}

/** A supertest agent that keeps cookies, with helpers for CSRF-protected forms. */
export class Browser {
  readonly agent: ReturnType<typeof request.agent>;
  constructor(app: Express) {
    this.agent = request.agent(app);
  }

  /** The CSRF token of the page at `path` (GET it first, as a browser would). */
  async csrf(path = '/login'): Promise<string> {
    const res = await this.agent.get(path);
    const m = /name="_csrf" value="([^"]+)"/.exec(res.text);
    if (!m) throw new Error(`no CSRF token on ${path} (status ${res.status})`);
    return m[1];
  }

  /** Posts a form the way a browser would, with the CSRF token from `from`. */
  async submit(path: string, fields: Record<string, string | string[]>, from = path) {
    const token = await this.csrf(from);
    return this.agent.post(path).type('form').send({ ...fields, _csrf: token });
  }
}
