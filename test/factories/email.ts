/** Builders for the email area: queued login-link emails, and a context per database connection. */
import type { AppContext } from '../../server/context';
import { outboxRow } from '../../server/domain/email/outbox.service';

/** Queues `count` login-link emails (to person-<i>@example.com, secret link included); returns their ids in order. */
export async function queueLoginLinks(ctx: AppContext, count: number, o: { locale?: 'en' | 'id'; prefix?: string } = {}): Promise<string[]> {
  const prefix = o.prefix ?? 'mail';
  const rows = Array.from({ length: count }, (_, i) =>
    outboxRow(ctx, {
      dedupeKey: `${prefix}:${i}`,
      template: 'login-link',
      to: `person-${i}@example.com`,
      toName: `Person ${i}`,
      locale: o.locale ?? 'en',
      data: { name: `Person ${i}`, minutes: 15 },
      secret: { link: `http://pulse.test/login/link/secret-token-${i}` },
    }),
  );
  for (let i = 0; i < rows.length; i += 500) await ctx.db.outboxEmail.createMany({ data: rows.slice(i, i + 500) });
  const queued = await ctx.db.outboxEmail.findMany({ where: { dedupeKey: { startsWith: `${prefix}:` } }, select: { id: true, dedupeKey: true } });
  const index = (key: string) => Number(key.split(':')[1]);
  return queued.sort((a, b) => index(a.dedupeKey) - index(b.dedupeKey)).map((r) => r.id);
}

/** How many times each Message-ID reached the server. */
export function countByMessageId(messageIds: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of messageIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}
