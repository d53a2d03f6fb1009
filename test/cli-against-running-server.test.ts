/**
 * Issue 10, holes 18 and 19, as the operator meets them. `npm run create-admin` and `npm run db:migrate` failed
 * with "WASM_ERROR: unknown variant SocketTimeout" while the server ran on the same SQLite file (the schema
 * engine asked for an exclusive lock the server never gives up). And an HR admin set up without a password and
 * without SMTP was locked out for good: `npm run login-link` now prints a one-time sign-in link.
 * The CLIs run here as `npm run` runs them (tsx), against a real server process holding the file.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { TMP_DIR } from './helpers/test-db';
import { freePort, waitForHealth } from './helpers/processes';
import { migrate, readMigrations } from '../server/db/migrator';

const ROOT = path.resolve(__dirname, '..');
const TSX = require.resolve('tsx/cli');

function cli(script: string, args: string[], env: NodeJS.ProcessEnv, input?: string) {
  return spawnSync(process.execPath, [TSX, `server/cli/${script}.ts`, ...args], { cwd: ROOT, env, input, encoding: 'utf8', timeout: 60_000 });
}

/** fetch, once more if the server had just closed the idle keep-alive connection it reused (the CLIs take seconds). */
async function get(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
}

describe('the command line while a server runs on the same SQLite file', () => {
  let server: ChildProcess;
  let env: NodeJS.ProcessEnv;
  let base: string;
  beforeAll(async () => {
    const port = await freePort();
    const dir = path.join(TMP_DIR, `cli-${port}`);
    fs.mkdirSync(dir, { recursive: true });
    env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', BASE_URL: `http://127.0.0.1:${port}`, DATABASE_URL: `file:${path.join(dir, 'pulse.db')}`, LOG_LEVEL: 'warn', NODE_ENV: 'development' };
    delete env.SMTP_URL;
    server = spawn(process.execPath, [TSX, 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    base = `http://127.0.0.1:${port}`;
    expect((await waitForHealth(base, server)).status).toBe(200);
    // The server has read the file (its connection holds the WAL open), as any running server has.
    expect((await get(`${base}/setup`)).status).toBe(200);
  }, 40_000);
  afterAll(async () => {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  });

  it('db:migrate succeeds', () => {
    const run = cli('db-migrate', [], env);
    expect({ code: run.status, err: run.stderr }).toEqual({ code: 0, err: '' });
    expect(run.stdout).toContain('database is up to date');
  }, 60_000);

  it('create-admin asks for a password without SMTP_URL, then creates the HR admin; a second run refuses and points to login-link', async () => {
    const noPassword = cli('create-admin', ['--email', 'hana@acme.test', '--name', 'Hana Halim', '--company', 'Acme'], env);
    expect(noPassword.status).toBe(2);
    expect(noPassword.stderr).toContain('--password-stdin: Choose a password');
    const made = cli('create-admin', ['--email', 'hana@acme.test', '--name', 'Hana Halim', '--company', 'Acme', '--password-stdin'], env, 'a long enough password\n');
    expect({ code: made.status, err: made.stderr }).toEqual({ code: 0, err: '' });
    expect(made.stdout).toContain('Created HR admin hana@acme.test');
    expect((await get(`${base}/setup`, { redirect: 'manual' })).headers.get('location')).toBe('/login');
    const again = cli('create-admin', ['--email', 'other@acme.test', '--name', 'Other', '--password-stdin'], env, 'a long enough password\n');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('npm run login-link');
  }, 60_000);

  it('login-link prints a one-time link that signs the HR admin in on the running server', async () => {
    const run = cli('login-link', ['--email', 'Hana@Acme.test'], env);
    expect({ code: run.status, err: run.stderr }).toEqual({ code: 0, err: '' });
    const link = /(http:\/\/127\.0\.0\.1:\d+\/login\/link\/[A-Za-z0-9_-]{43})/.exec(run.stdout)?.[1];
    expect(link).toBeDefined();
    const first = await get(link!, { method: 'POST', redirect: 'manual' });
    expect(first.status).toBe(303);
    const cookie = first.headers.getSetCookie().find((c) => c.startsWith('pulse_session='))!.split(';')[0];
    const home = await get(`${base}/`, { headers: { cookie } });
    expect(await home.text()).toContain('Hana Halim');
    expect((await get(link!, { method: 'POST', redirect: 'manual' })).status).toBe(410);
    const nobody = cli('login-link', ['--email', 'nobody@acme.test'], env);
    expect(nobody.status).toBe(1);
    expect(nobody.stderr).toContain('No active HR admin has this email address');
    expect(cli('login-link', [], env).status).toBe(2);
  }, 60_000);
});

describe('migrations applied while another process writes', () => {
  it('apply without losing a single write, also a migration that rebuilds the table being written', async () => {
    const file = path.join(TMP_DIR, `live-migrate-${process.pid}.db`);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    const url = `file:${file}`;
    const all = readMigrations('sqlite');
    const first = { ...all, migrationDirectories: all.migrationDirectories.slice(0, 1) };
    expect(await migrate(url, first)).toHaveLength(1);
    const wal = new Database(file);
    wal.pragma('journal_mode = WAL');
    wal.close();
    // A rebuild of Department (copy, drop, rename): a write landing between the copy and the drop would be lost.
    const rebuild = {
      path: '99999999999999_rebuild_department',
      migrationFile: {
        path: 'migration.sql',
        content: {
          tag: 'ok' as const,
          value: `PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Department" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP);
INSERT INTO "new_Department" ("id", "name", "createdAt") SELECT "id", "name", "createdAt" FROM "Department";
DROP TABLE "Department";
ALTER TABLE "new_Department" RENAME TO "Department";
CREATE UNIQUE INDEX "Department_name_key" ON "Department"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;`,
        },
      },
    };
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const D = require(${JSON.stringify(require.resolve('better-sqlite3'))});
         const db = new D(${JSON.stringify(file)}, { timeout: 20000 });
         let n = 0; const end = Date.now() + 2500;
         const tick = () => {
           if (Date.now() > end) { console.log(n); db.close(); return; }
           db.prepare('INSERT INTO "Department" ("id", "name") VALUES (?, ?)').run('w' + n, 'Written ' + n); n++;
           setTimeout(tick, 2);
         };
         tick();`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    writer.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    writer.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => writer.once('exit', r));
    await new Promise((r) => setTimeout(r, 400));
    const applied = await migrate(url, { ...all, migrationDirectories: [...all.migrationDirectories, rebuild] });
    expect(applied.length).toBe(all.migrationDirectories.length);
    expect(await exited).toBe(0);
    expect(err).toBe('');
    const written = Number(out.trim());
    expect(written).toBeGreaterThan(100);
    const db = new Database(file, { readonly: true });
    try {
      expect((db.prepare('SELECT COUNT(*) AS n FROM "Department" WHERE "id" LIKE \'w%\'').get() as { n: number }).n).toBe(written);
    } finally {
      db.close();
    }
  }, 60_000);
});
