/**
 * Issue 15: `npm run db:backup` takes a consistent online copy of SQLite while the app runs. A real server process
 * holds the database file and takes answers over HTTP while this test writes KPI values and 1:1 series into the
 * same file, and the backup command runs in the middle of it. The copy is then restored (copied into place and
 * opened as the app would), its round closed and released with the same APP_SECRET, and it holds every answer,
 * KPI value and 1:1 acknowledged before the backup started, none written after it ended, and, of those written
 * while it ran, exactly a prefix of the sequence (a snapshot, not a torn copy). On PostgreSQL it refuses and
 * names pg_dump.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TMP_DIR, type TestDatabase } from '../helpers/test-db';
import { freePort, waitForHealth } from '../helpers/processes';
import { testContext } from '../helpers/test-app';
import { openDatabase } from '../../server/db/client';
import type { AppContext } from '../../server/context';
import { buildEmployee, buildOrg } from '../factories';
import { enableKpis, writeValues } from '../factories/kpis';
import { buildSeries } from '../factories/one-on-ones';
import { closeAndRelease, openTestRound } from '../rounds/round-helpers';

const ROOT = path.resolve(__dirname, '../..');
const TSX = require.resolve('tsx/cli');
const APP_SECRET = 'backup-test-secret-0123456789abcdef0123456789';
const ANSWERS = 40;

type Write = { kind: 'answer' | 'kpi' | 'one-on-one'; key: string; phase: 'before' | 'during' | 'after' };

async function contextOn(url: string): Promise<{ ctx: AppContext; close: () => Promise<void> }> {
  const database = await openDatabase(url, 2);
  const ctx = testContext({ ...database, url, destroy: database.close } as TestDatabase, { env: { APP_SECRET } });
  return { ctx, close: database.close };
}

/**
 * This test process writes into the server's SQLite file beside the server, a second writer the app never is (it
 * runs one process per SQLite file; the backup only reads). A harness write that meets the server's write lock
 * past the busy timeout (SQLITE_BUSY, "Operation has timed out"; seen once on a loaded CI machine) rolled back, so
 * it is tried again; it counts once acknowledged, as before.
 */
async function retryBusy<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= 5 || !/timed out|SQLITE_BUSY/i.test(err instanceof Error ? err.message : String(err))) throw err;
    }
  }
}

describe('db:backup', () => {
  let server: ChildProcess;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let base: string;
  beforeAll(async () => {
    const port = await freePort();
    dir = path.join(TMP_DIR, `backup-${port}`);
    fs.mkdirSync(dir, { recursive: true });
    env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', BASE_URL: `http://127.0.0.1:${port}`, DATABASE_URL: `file:${path.join(dir, 'pulse.db')}`, APP_SECRET, LOG_LEVEL: 'warn', NODE_ENV: 'development' };
    delete env.SMTP_URL;
    server = spawn(process.execPath, [TSX, 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    base = `http://127.0.0.1:${port}`;
    expect((await waitForHealth(base, server)).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
  });

  it('copies a consistent snapshot while answers, KPI values and 1:1s are written, and the restored copy holds every acknowledged one', async () => {
    const live = await contextOn(env.DATABASE_URL as string);
    const { ctx } = live;
    await buildOrg(ctx.db);
    const people: { id: string; email: string }[] = [];
    for (let i = 0; i < ANSWERS; i++) people.push(await buildEmployee(ctx.db, { email: `p${i}@acme.test` }));
    const { roundId, links } = await openTestRound(ctx, { questions: [{ kind: 'comment', text: 'Anything else?' }] });
    await enableKpis(ctx, ['revenue']);
    const pairs: [{ id: string }, { id: string }][] = [];
    for (let i = 0; i < 30; i++) {
      const manager = await buildEmployee(ctx.db, { role: 'manager' });
      pairs.push([manager, await buildEmployee(ctx.db, { managerId: manager.id })]);
    }

    // Some bulk (about 40 MB of mail), so the copy takes long enough for writes to land while it reads.
    const html = `<p>${'x'.repeat(100_000)}</p>`;
    for (let i = 0; i < 4; i++) {
      await ctx.db.mailboxMessage.createMany({ data: Array.from({ length: 100 }, (_, j) => ({ messageId: `<bulk-${i}-${j}@pulse>`, template: 'bulk', toAddress: 'x@acme.test', subject: 'bulk', html, text: 'x' })) });
    }

    const writes: Write[] = [];
    let phase: Write['phase'] = 'before';
    let n = 0;
    let answered = 0;
    let paired = 0;
    let valued = 0;
    const linkList = people.map((p) => links.get(p.id)!);
    /** One write, the kinds in turn (KPI values once answers or pairs run out); each counts once acknowledged. */
    async function writeOne(): Promise<void> {
      const turn = n++ % 3;
      const at = phase;
      if (turn === 0 && answered < linkList.length) {
        const key = `answer-${answered}`;
        const res = await fetch(`${base}${linkList[answered++]}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base }, body: `q1=${key}`, redirect: 'manual' });
        expect(res.status).toBe(200);
        writes.push({ kind: 'answer', key, phase: at });
      } else if (turn === 2 && paired < pairs.length) {
        const [manager, report] = pairs[paired++];
        const series = await retryBusy(() => buildSeries(ctx, manager.id, report.id));
        writes.push({ kind: 'one-on-one', key: series.id, phase: at });
      } else {
        const k = valued++;
        const period = `${2000 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
        await retryBusy(() => writeValues(ctx, [{ email: people[0].email, measure: 'won_value', period, value: String(1000 + k) }]));
        writes.push({ kind: 'kpi', key: period, phase: at });
      }
    }

    for (let i = 0; i < 30; i++) await writeOne();
    phase = 'during';
    const file = path.join(dir, 'backups', 'copy.sqlite');
    const backup = spawn(process.execPath, [TSX, 'server/cli/db-backup.ts', file], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    backup.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    backup.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const done = new Promise<number | null>((r) => backup.once('exit', r));
    let running = true;
    void done.then(() => (running = false));
    while (running) await writeOne();
    expect({ code: await done, err }).toEqual({ code: 0, err: '' });
    expect(out).toContain(`backed up to ${file}`);
    expect(out).toContain('APP_SECRET');
    phase = 'after';
    for (let i = 0; i < 6; i++) await writeOne();
    expect(writes.filter((w) => w.phase === 'before').length).toBe(30);
    expect(writes.filter((w) => w.phase === 'after').length).toBeGreaterThan(0);
    await live.close();

    // Restore: the copy put in place of a database file, opened as the app opens it (with the same APP_SECRET).
    const restoredPath = path.join(dir, 'restored.db');
    fs.copyFileSync(file, restoredPath);
    const restored = await contextOn(`file:${restoredPath}`);
    try {
      await closeAndRelease(restored.ctx, roundId);
      const answers = new Set((await restored.ctx.db.answer.findMany({ where: { response: { roundId } }, select: { comment: true } })).map((a) => a.comment));
      const values = new Set((await restored.ctx.db.kpiValue.findMany({ where: { value: { not: null } }, select: { periodStart: true } })).map((v) => v.periodStart.slice(0, 7)));
      const series = new Set((await restored.ctx.db.oneOnOneSeries.findMany({ select: { id: true } })).map((s) => s.id));
      const found = (w: Write) => (w.kind === 'answer' ? answers.has(w.key) : w.kind === 'kpi' ? values.has(w.key) : series.has(w.key));
      const present = writes.map(found);
      console.log(`backup: ${writes.length} writes (${writes.filter((w) => w.phase === 'during').length} while it ran), ${present.filter(Boolean).length} in the copy; ${answers.size} answers, ${values.size} KPI values, ${series.size} 1:1 series`);
      expect(writes.filter((w) => w.phase === 'before' && !found(w))).toEqual([]);
      expect(writes.filter((w) => w.phase === 'after' && found(w))).toEqual([]);
      // A snapshot: what the copy holds is exactly the writes up to some point, never a later one without an earlier one.
      const cut = present.indexOf(false);
      expect(present.slice(cut).every((p) => !p)).toBe(true);
    } finally {
      await restored.close();
    }
  }, 120_000);

  it('refuses an existing file, and refuses PostgreSQL with the pg_dump command to use', () => {
    const file = path.join(dir, 'existing.sqlite');
    fs.writeFileSync(file, 'keep me');
    const again = spawnSync(process.execPath, [TSX, 'server/cli/db-backup.ts', file], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('exists already');
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
    const pg = spawnSync(process.execPath, [TSX, 'server/cli/db-backup.ts'], { cwd: ROOT, env: { ...env, DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres' }, encoding: 'utf8', timeout: 60_000 });
    expect(pg.status).toBe(1);
    expect(pg.stderr).toContain('pg_dump --format=custom');
    expect(pg.stderr).toContain('pg_restore');
  }, 120_000);
});
