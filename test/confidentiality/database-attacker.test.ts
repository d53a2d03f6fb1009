/**
 * The hostile insider with SQL on the live database (and anyone holding a dump): system columns (PostgreSQL's xmin
 * and ctid, SQLite's rowid), physical order, timestamps and every side table. Forty people answer one at a time
 * through their personal links, each with a comment that tells the test (only the test) whose answer it is; the
 * round closes and the close-rounds job releases it as it does in production. The attacker then reads every row
 * of every table and tries to tie answers to people. Each attack must fail: no link, no order, no trace.
 */
import request from 'supertest';
import { startTestApp, fixedClock, type TestApp } from '../helpers/test-app';
import { buildDepartment, buildEmployee, buildOrg, buildTeam } from '../factories';
import { openTestRound } from '../rounds/round-helpers';
import { closeDueRounds } from '../../server/domain/rounds/close-rounds.service';
import { sendDueReminders } from '../../server/domain/rounds/reminders.service';
import { drainOutbox } from '../../server/domain/email/sender.service';
import { CLOSED_SETTLE_MS } from '../../server/domain/results/round-cache';

const clock = fixedClock('2026-03-02T09:00:00Z');
let t: TestApp;
beforeEach(async () => {
  clock.set('2026-03-02T09:00:00Z');
  t = await startTestApp({ clock });
});
afterEach(() => t.close());

const PEOPLE = 40;
type Row = Record<string, unknown> & { _order: number; _xmin?: string };

/** Every row of `table` with its system columns, in physical order (ctid on PostgreSQL, rowid on SQLite). */
async function rowsOf(table: string): Promise<Row[]> {
  if (t.ctx.provider === 'postgresql') {
    const rows = await t.ctx.db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT xmin::text AS "_xmin", ctid::text AS "_ctid", * FROM "${table}" ORDER BY ctid`);
    return rows.map((r, i) => ({ ...r, _order: i }));
  }
  const hasRowid = (await t.ctx.db.$queryRawUnsafe<{ sql: string }[]>(`SELECT sql FROM sqlite_master WHERE name = ?`, table))[0]?.sql?.includes('WITHOUT ROWID') !== true;
  const rows = await t.ctx.db.$queryRawUnsafe<Record<string, unknown>[]>(hasRowid ? `SELECT rowid AS "_rowid", * FROM "${table}" ORDER BY rowid` : `SELECT * FROM "${table}"`);
  return rows.map((r, i) => ({ ...r, _order: i }));
}

async function tables(): Promise<string[]> {
  const rows =
    t.ctx.provider === 'postgresql'
      ? await t.ctx.db.$queryRawUnsafe<{ name: string }[]>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`)
      : await t.ctx.db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
  return rows.map((r) => r.name).filter((n) => n !== '_prisma_migrations');
}

/** Spearman's rank correlation of two equally long lists of distinct numbers. */
function spearman(a: number[], b: number[]): number {
  const rank = (xs: number[]) => {
    const order = xs.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(xs.length);
    order.forEach(([, i], k) => (r[i] = k));
    return r;
  };
  const ra = rank(a);
  const rb = rank(b);
  const n = a.length;
  const d2 = ra.reduce((s, x, i) => s + (x - rb[i]) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

/** An organisation of 40 in two teams of 20 (one department each), who all get a round with reminders. */
async function answeredRound() {
  const { admin } = await buildOrg(t.ctx.db);
  const people = [];
  for (const name of ['North', 'South']) {
    const dept = await buildDepartment(t.ctx.db, { name });
    const team = await buildTeam(t.ctx.db, { name: `${name} sales`, departmentId: dept.id });
    for (let i = 0; i < PEOPLE / 2; i++) people.push(await buildEmployee(t.ctx.db, { teamId: team.id, name: `${name} ${i}` }));
  }
  const { roundId, links } = await openTestRound(t.ctx, {
    questions: [{ kind: 'enps', text: 'Recommend us?' }, { kind: 'rating', text: 'Valued?' }, { kind: 'comment', text: 'Anything else?', required: false }],
    windowDays: 5,
    reminderCount: 2,
  });
  await drainOutbox(t.ctx, t.ctx.mail);
  // People answer one by one, in a known order; a reminder goes out halfway (it names who had not answered yet).
  const arrival = new Map<string, number>(); // comment marker → arrival index
  const byArrival: string[] = []; // arrival index → employee id
  const order = [...people].sort(() => 0.5 - Math.random());
  for (const [i, person] of order.entries()) {
    if (i === PEOPLE / 2) {
      clock.advance(2 * 86_400_000);
      expect((await sendDueReminders(t.ctx)).length).toBe(1);
      await drainOutbox(t.ctx, t.ctx.mail);
    }
    const marker = `answer ${i} of the test`;
    const res = await request(t.app).post(links.get(person.id) as string).type('form').send({ q1: String(1 + (i % 10)), q2: String(1 + (i % 5)), q3: marker });
    expect(res.status).toBe(200);
    arrival.set(marker, i);
    byArrival.push(person.id);
  }
  return { admin, people, roundId, links, arrival, byArrival };
}

async function closeAndRunJobs(): Promise<void> {
  clock.set('2026-03-07T09:00:01Z');
  await closeDueRounds(t.ctx);
  clock.advance(CLOSED_SETTLE_MS + 1_000);
  await closeDueRounds(t.ctx);
}

describe('an operator reading the live database while the round is open', () => {
  it('finds each answer sealed: one length for all, no readable comment, team or value', async () => {
    const { roundId } = await answeredRound();
    const sealed = await rowsOf('SealedResponse');
    expect(sealed).toHaveLength(PEOPLE);
    expect(await t.ctx.db.response.count()).toBe(0);
    const lengths = new Set(sealed.map((r) => (r.sealed as Uint8Array).length));
    expect(lengths.size).toBe(1);
    const teams = await t.ctx.db.team.findMany();
    for (const row of sealed) {
      const bytes = Buffer.from(row.sealed as Uint8Array);
      expect(row.roundId).toBe(roundId);
      expect(bytes.includes(Buffer.from('of the test'))).toBe(false);
      for (const team of teams) expect(bytes.includes(Buffer.from(team.id))).toBe(false);
    }
  });
});

describe('an operator (or a dump) after the round', () => {
  it('cannot tie any answer to a person through xmin, physical order, ids, timestamps or side tables', async () => {
    const { admin, people, roundId, arrival, byArrival } = await answeredRound();
    await closeAndRunJobs();
    const round = await t.ctx.db.round.findUniqueOrThrow({ where: { id: roundId } });
    expect(round.releasedAt).not.toBeNull();
    expect(round.tracesClearedAt).not.toBeNull();

    // Ground truth (the test's, not the attacker's): which arrival each stored response is.
    const responses = await rowsOf('Response');
    const answers = await rowsOf('Answer');
    expect(responses).toHaveLength(PEOPLE);
    const arrivalOfResponse = new Map<string, number>();
    for (const a of answers) if (typeof a.comment === 'string') arrivalOfResponse.set(a.responseId as string, arrival.get(a.comment) as number);
    expect(arrivalOfResponse.size).toBe(PEOPLE);

    // 1. Physical order (ctid / rowid) of responses and of answers, and the order of their ids, say nothing of arrival.
    const arrivalsInPhysicalOrder = responses.map((r) => arrivalOfResponse.get(r.id as string) as number);
    expect(Math.abs(spearman(arrivalsInPhysicalOrder, arrivalsInPhysicalOrder.map((_, i) => i)))).toBeLessThan(0.8);
    const byId = [...responses].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    const arrivalsById = byId.map((r) => arrivalOfResponse.get(r.id as string) as number);
    expect(Math.abs(spearman(arrivalsById, arrivalsById.map((_, i) => i)))).toBeLessThan(0.8);
    const firstAnswerOf = new Map<string, number>();
    for (const a of answers) if (!firstAnswerOf.has(a.responseId as string)) firstAnswerOf.set(a.responseId as string, a._order);
    const answerOrder = [...firstAnswerOf.entries()].sort((x, y) => x[1] - y[1]).map(([id]) => arrivalOfResponse.get(id) as number);
    expect(Math.abs(spearman(answerOrder, answerOrder.map((_, i) => i)))).toBeLessThan(0.8);

    // 2. No column of a response or an answer holds a time, and no row anywhere holds a time inside the answering
    //    window next to a person: the outbox and mailbox rows of the round (reminders name who had not answered) are gone.
    expect(Object.keys(responses[0]).filter((c) => !c.startsWith('_')).sort()).toEqual(['departmentId', 'id', 'roundId', 'teamId']);
    expect(await t.ctx.db.outboxEmail.count({ where: { roundId } })).toBe(0);
    expect(await t.ctx.db.mailboxMessage.count({ where: { roundId } })).toBe(0);
    expect(await t.ctx.db.sealedResponse.count()).toBe(0);
    // Their outcomes are kept as counts: 41 invitations (the HR admin too) and 21 reminders were sent.
    expect(round.invitedCount).toBe(PEOPLE + 1);
    expect(JSON.parse(round.emailStats as string)).toMatchObject({ sent: PEOPLE + 1 + (PEOPLE / 2 + 1), failed: 0 });

    // 3. Invitations no longer say who answered: all alike, rewritten in the order of the people's ids (where
    //    PostgreSQL puts each new row depends on free space, not on who answered: see the order check below).
    const invitations = (await rowsOf('Invitation')).filter((i) => i.roundId === roundId);
    expect(invitations).toHaveLength(PEOPLE + 1);
    expect(invitations.every((i) => !i.answered && i.tokenCipher === null)).toBe(true);
    expect(invitations.map((i) => i.employeeId).sort()).toEqual([...people.map((p) => p.id), admin.id].sort());
    if (t.ctx.provider === 'sqlite') expect(invitations.map((i) => i.employeeId)).toEqual([...people.map((p) => p.id), admin.id].sort());

    // 4. Every table, every row: the rows that name a person (an id or an address) never share a transaction with
    //    a response or an answer (PostgreSQL), and responses share one transaction (no adjacency to read).
    const personValues = new Set(people.flatMap((p) => [p.id, p.email]));
    const personRows: Row[] = [];
    for (const table of await tables()) {
      for (const row of await rowsOf(table)) {
        if (Object.values(row).some((v) => typeof v === 'string' && [...personValues].some((pv) => v.includes(pv)))) personRows.push(row);
      }
    }
    expect(personRows.length).toBeGreaterThanOrEqual(PEOPLE);
    if (t.ctx.provider === 'postgresql') {
      const responseTx = new Set([...responses, ...answers].map((r) => r._xmin));
      expect(responseTx.size).toBe(1);
      expect(personRows.filter((r) => responseTx.has(r._xmin))).toEqual([]);
      // Nor does any person-row's transaction order follow arrival: the invitations share one transaction.
      expect(new Set(invitations.map((i) => i._xmin)).size).toBe(1);
    }
    // The order people answered in is not recoverable from any table's rows that name them.
    const position = new Map(byArrival.map((id, i) => [id, i]));
    for (const table of ['Invitation', 'OutboxEmail', 'MailboxMessage']) {
      const rows = (await rowsOf(table)).filter((r) => typeof r.employeeId === 'string' || typeof r.toAddress === 'string');
      const seen = rows
        .map((r) => people.find((p) => p.id === r.employeeId || p.email === r.toAddress)?.id)
        .filter((id): id is string => id !== undefined && position.has(id));
      if (seen.length >= 10) expect(Math.abs(spearman(seen.map((id) => position.get(id) as number), seen.map((_, i) => i)))).toBeLessThan(0.8);
    }
  });

  it('a personal link of a closed round says "closed" whether or not it was answered', async () => {
    const { links, byArrival, people } = await answeredRound();
    const silent = await buildEmployee(t.ctx.db); // not invited: no link
    expect(silent).toBeDefined();
    await closeAndRunJobs();
    const answeredLink = links.get(byArrival[0]) as string;
    const statuses = await Promise.all([answeredLink, ...people.slice(0, 5).map((p) => links.get(p.id) as string)].map((l) => request(t.app).get(l)));
    expect(new Set(statuses.map((r) => r.status))).toEqual(new Set([410]));
    expect(statuses.every((r) => r.text.includes('This survey is closed'))).toBe(true);
  });
});
