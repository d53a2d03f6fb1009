/**
 * Measures how fast the sender drains N emails to the in-process SMTP server (not a test; run by hand):
 *   DATABASE_URL=file:/tmp/pulse-bench.db node --import tsx test/faults/measure-throughput.ts 1000
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/pulse_bench node --import tsx test/faults/measure-throughput.ts 1000
 * The database is migrated and its outbox emptied first; the PostgreSQL database must exist.
 * NULL_TRANSPORT=1 measures the database side alone (rendering, claims and marks; nothing sent).
 */
import { migrate } from '../../server/db/migrator';
import { openDatabase } from '../../server/db/client';
import { smtpTransport, type MailTransport } from '../../server/domain/email/transport';
import { drainOutbox } from '../../server/domain/email/sender.service';
import { startSmtpServer } from '../helpers/smtp-server';
import { testContext } from '../helpers/test-app';
import { queueLoginLinks } from '../factories/email';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL as string;
  const count = Number(process.argv[2] ?? 1000);
  process.env.APP_SECRET ??= 'bench-secret-0123456789abcdef0123456789abcdef';
  await migrate(url);
  const database = await openDatabase(url, 10);
  const ctx = testContext({ ...database, url, destroy: async () => undefined });
  await ctx.db.outboxEmail.deleteMany();
  await queueLoginLinks(ctx, count);
  const smtp = await startSmtpServer();
  const pool = Number(process.env.MAIL_POOL_SIZE ?? 5);
  const transport: MailTransport = process.env.NULL_TRANSPORT ? { send: async () => undefined, close: () => undefined } : smtpTransport(smtp.url, pool);
  const started = performance.now();
  const result = await drainOutbox(ctx, transport, { ratePerSecond: 1000, concurrency: pool });
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  await smtp.close();
  await database.close();
  const perSecond = Math.round(result.sent / seconds);
  process.stdout.write(`${database.provider}: ${result.sent} sent (${smtp.received.length} received) in ${seconds.toFixed(2)} s = ${perSecond} emails/s, pool ${pool}${process.env.NULL_TRANSPORT ? ', null transport' : ''}\n`);
}

void main();
