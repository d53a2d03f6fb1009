/**
 * The real process: `npm start`'s entry point migrates a new database, answers /healthz, and on SIGTERM
 * finishes and exits 0. Bad configuration stops it with the variable's name.
 */
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { TMP_DIR } from './helpers/test-db';

const ROOT = path.resolve(__dirname, '..');
const TSX = require.resolve('tsx/cli');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, ms: number): Promise<Response> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await fetch(url);
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

describe('the server process', () => {
  it('starts on a new SQLite file, reports healthy, and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [TSX, 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `file:${path.join(TMP_DIR, `proc-${port}`, 'pulse.db')}`, LOG_LEVEL: 'info', NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const res = await waitForHealth(`http://127.0.0.1:${port}/healthz`, 20_000);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
      const setup = await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' });
      expect(setup.headers.get('location')).toBe('/setup');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('"msg":"stopped"');
  }, 40_000);

  it('refuses to start with invalid configuration and names the variable', () => {
    const run = spawnSync(process.execPath, [TSX, 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: 'eighty', DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT:');
  }, 30_000);
});
