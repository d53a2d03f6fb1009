/**
 * Kill the server while answers are being submitted, restart it, and let people press "send" again: no
 * acknowledged answer is lost, no response is half-written, and every link ends up answered exactly once.
 * The real server process (`server/main.ts`) on a real database; the answers go through group commit on
 * SQLite (several answers per transaction), one statement each on PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { testContext } from '../helpers/test-app';
import { createTestDatabaseUrl, testProvider } from '../helpers/test-db';
import { freePort, waitForHealth } from '../helpers/processes';
import { openDatabase, type Database } from '../../server/db/client';
import type { AppContext } from '../../server/context';
import { buildEmployee, buildTeam } from '../factories';
import { closeAndRelease, openTestRound } from '../rounds/round-helpers';
import { decodePayload } from '../../server/domain/rounds/sealed-answers';

const ROOT = path.resolve(__dirname, '../..');
const PEOPLE = 300;
const KILL_AFTER = 40;
const IN_FLIGHT = 12;
const FORM = 'q1=9&q2=4&q3=1&q4=0&q4=2&q5=More+focus+time';

let database: Database;
let ctx: AppContext;
let drop: () => Promise<void>;
let url: string;
const children: ChildProcess[] = [];

/**
 * Starts the server on the test database. It migrates at start, and on SQLite the schema engine cannot wait
 * for another connection's lock, so this test's own connection is closed meanwhile and opened again after.
 */
async function startServer(): Promise<{ child: ChildProcess; base: string }> {
  await database.close();
  try {
    return await spawnServer();
  } finally {
    database = await openDatabase(url, 3);
    ctx = testContext({ ...database, url, destroy: async () => undefined });
  }
}

async function spawnServer(): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'silent', APP_SECRET: process.env.APP_SECRET, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', BASE_URL: base, JOBS_ENABLED: 'false' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  const res = await waitForHealth(base, child);
  if (!res.ok) throw new Error(`the server answered /healthz with ${res.status}`);
  return { child, base };
}

const post = (base: string, link: string) =>
  fetch(`${base}${link}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: FORM });

beforeEach(async () => {
  const created = await createTestDatabaseUrl();
  drop = created.drop;
  url = created.url;
  database = await openDatabase(created.url, 3);
  ctx = testContext({ ...database, url: created.url, destroy: async () => undefined });
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await database.close();
  await drop();
});

it(`on ${testProvider()}: a server killed while ${PEOPLE} answers arrive loses none it acknowledged, and each link is answered once`, async () => {
  const team = await buildTeam(ctx.db);
  for (let i = 0; i < PEOPLE; i++) await buildEmployee(ctx.db, { teamId: team.id });
  const { roundId, links } = await openTestRound(ctx);
  const all = [...links.values()];

  const first = await startServer();
  const acknowledged: string[] = [];
  const unanswered: string[] = [];
  let settled = 0;
  // People press "send" IN_FLIGHT at a time, each as soon as another is answered, so the kill always lands with
  // answers in flight and more to come (all 300 at once could all be answered before the signal on a quiet machine).
  const queue = [...all];
  const person = async () => {
    for (let link = queue.shift(); link !== undefined; link = queue.shift()) {
      try {
        const res = await post(first.base, link);
        await res.text();
        if (res.status === 200) acknowledged.push(link);
        else unanswered.push(link);
      } catch {
        unanswered.push(link); // the connection died with the server
      } finally {
        settled += 1;
        if (settled === KILL_AFTER) first.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, person));
  // The kill landed while answers were in flight.
  expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER - 5);
  expect(unanswered.length).toBeGreaterThan(0);

  // Nothing acknowledged is lost, and nothing is half-written: every sealed response opens to its five answers,
  // and the round's count matches the spent links.
  const answered = await ctx.db.invitation.count({ where: { roundId, answered: true } });
  const sealed = await ctx.db.sealedResponse.findMany({ where: { roundId } });
  expect(answered).toBeGreaterThanOrEqual(acknowledged.length);
  expect(sealed).toHaveLength(answered);
  expect((await ctx.db.round.findUniqueOrThrow({ where: { id: roundId } })).respondedCount).toBe(answered);
  expect(sealed.map((r) => decodePayload(ctx.keyring.openBytes(r.sealed, roundId)).answers.length).filter((n) => n !== 5)).toEqual([]);

  // After a restart, the people whose page never came back press "send" again: saved now, or told it
  // already was (their answer made it in before the crash). Never an error.
  const second = await startServer();
  const again = await Promise.all(unanswered.map(async (link) => (await post(second.base, link)).status));
  expect(again.filter((s) => s !== 200 && s !== 409)).toEqual([]);
  expect(again.filter((s) => s === 409)).toHaveLength(answered - acknowledged.length);

  expect(await ctx.db.invitation.count({ where: { roundId, answered: false } })).toBe(0);
  expect((await ctx.db.round.findUniqueOrThrow({ where: { id: roundId } })).respondedCount).toBe(PEOPLE);
  // Released at close: every answer once, each response whole.
  expect(await closeAndRelease(ctx, roundId)).toBe(PEOPLE);
  expect(await ctx.db.response.count({ where: { roundId } })).toBe(PEOPLE);
  const perResponse = await ctx.db.answer.groupBy({ by: ['responseId'], where: { response: { roundId } }, _count: { _all: true } });
  expect(perResponse.filter((r) => r._count._all !== 5)).toEqual([]);
});
