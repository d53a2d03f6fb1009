import { fixedClock, testContext } from '../helpers/test-app';
import { createTestDatabaseUrl } from '../helpers/test-db';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp-server';
import { openDatabase, type Database } from '../../server/db/client';
import { smtpTransport } from '../../server/domain/email/transport';
import { drainOutbox, messageIdFor } from '../../server/domain/email/sender.service';
import type { AppContext } from '../../server/context';
import { countByMessageId, queueLoginLinks } from '../factories/email';

let smtp: TestSmtp;
let drop: () => Promise<void>;
const open: Database[] = [];

/** A worker with its own connection to the shared database `url`. */
async function worker(url: string): Promise<AppContext> {
  const database = await openDatabase(url, 3);
  open.push(database);
  return testContext({ ...database, url, destroy: async () => undefined }, { clock: fixedClock('2026-03-02T09:00:00Z') });
}

beforeEach(async () => {
  smtp = await startSmtpServer();
});
afterEach(async () => {
  for (const database of open.splice(0)) await database.close();
  await smtp.close();
  await drop();
});

it('two drainers on separate connections to one database deliver each message exactly once', async () => {
  const created = await createTestDatabaseUrl();
  drop = created.drop;
  const [a, b] = [await worker(created.url), await worker(created.url)];
  const ids = await queueLoginLinks(a, 200);
  const [ta, tb] = [smtpTransport(smtp.url, 3), smtpTransport(smtp.url, 3)];
  const [ra, rb] = await Promise.all([
    drainOutbox(a, ta, { workerId: 'a', ratePerSecond: 1000, batchSize: 10 }),
    drainOutbox(b, tb, { workerId: 'b', ratePerSecond: 1000, batchSize: 10 }),
  ]);
  ta.close();
  tb.close();
  expect(ra.sent + rb.sent).toBe(200);
  expect(ra.sent).toBeGreaterThan(0);
  expect(rb.sent).toBeGreaterThan(0);
  expect(smtp.received).toHaveLength(200);
  const counts = countByMessageId(smtp.received.map((m) => m.messageId));
  expect(counts.size).toBe(200);
  expect(new Set(counts.keys())).toEqual(new Set(ids.map(messageIdFor)));
  expect(await a.db.outboxEmail.count({ where: { status: 'sent', attempts: 1 } })).toBe(200);
});
