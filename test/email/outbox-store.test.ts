import { fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { outboxStoreFor } from '../../server/db/raw/outbox-store';
import { queueLoginLinks } from '../factories/email';

const clock = fixedClock('2026-03-02T09:00:00Z');
let t: TestApp;

beforeEach(async () => {
  t = await startTestApp({ clock });
});
afterEach(() => t.close());

const store = () => {
  const s = outboxStoreFor(t.ctx.config.DATABASE_URL, t.ctx.provider, 2);
  if (!s) throw new Error('a file or server database has a raw outbox store');
  return s;
};
const claim = (id: string, claimedBy: string) =>
  t.ctx.db.outboxEmail.update({ where: { id }, data: { status: 'sending', attempts: 1, claimedBy, claimedUntil: new Date('2026-03-02T09:02:00Z'), lastError: 'SMTP 451: try later' } });

describe('the raw outbox store', () => {
  it('records a delivery at the exact time given, wiping the secret, the last error and the claim', async () => {
    const [id] = await queueLoginLinks(t.ctx, 1);
    await claim(id, 'worker-a:1');
    expect(await store().markSent(id, 'worker-a:1', new Date('2026-03-02T09:00:01.234Z'))).toBe(true);
    const row = await t.ctx.db.outboxEmail.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'sent', secretData: null, lastError: null, claimedBy: null, claimedUntil: null, attempts: 1 });
    expect(row.sentAt?.toISOString()).toBe('2026-03-02T09:00:01.234Z');
  });

  it('leaves alone a row whose claim another worker took over, or that is not being sent', async () => {
    const [taken, pending] = await queueLoginLinks(t.ctx, 2);
    await claim(taken, 'worker-b:2');
    expect(await store().markSent(taken, 'worker-a:1', clock.now())).toBe(false);
    expect(await store().markSent(pending, 'worker-a:1', clock.now())).toBe(false);
    expect(await t.ctx.db.outboxEmail.findUniqueOrThrow({ where: { id: taken } })).toMatchObject({ status: 'sending', claimedBy: 'worker-b:2', sentAt: null });
    expect(await t.ctx.db.outboxEmail.findUniqueOrThrow({ where: { id: pending } })).toMatchObject({ status: 'pending', sentAt: null });
  });
});

describe('deliveries recorded in the same turn', () => {
  it('share a commit, and each is told whether its own claim still held the row', async () => {
    const ids = await queueLoginLinks(t.ctx, 4);
    for (const id of ids) await claim(id, 'worker-a:1');
    await t.ctx.db.outboxEmail.update({ where: { id: ids[2] }, data: { claimedBy: 'worker-b:2' } }); // taken over
    const sentAt = new Date('2026-03-02T09:00:05.000Z');
    const results = await Promise.all([
      store().markSent(ids[0], 'worker-a:1', sentAt),
      store().markSent(ids[1], 'worker-a:1', sentAt),
      store().markSent(ids[2], 'worker-a:1', sentAt),
      store().markSent(ids[3], 'worker-a:1', sentAt),
      store().markSent(ids[3], 'worker-c:3', sentAt), // the same row under a claim that never held it
    ]);
    expect(results).toEqual([true, true, false, true, false]);
    const rows = await t.ctx.db.outboxEmail.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, claimedBy: true, sentAt: true } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of [ids[0], ids[1], ids[3]]) expect(byId.get(id)).toMatchObject({ status: 'sent', claimedBy: null, sentAt });
    expect(byId.get(ids[2])).toMatchObject({ status: 'sending', claimedBy: 'worker-b:2', sentAt: null });
  });
});
