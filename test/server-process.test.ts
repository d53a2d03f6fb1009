/**
 * The real process, from the sources (tsx) and compiled as `npm start` runs it: it migrates a new database,
 * answers /healthz, and on SIGTERM finishes and exits 0. Bad configuration stops it with the variable's name.
 */
import { execSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TMP_DIR } from './helpers/test-db';
import { freePort, waitForHealth } from './helpers/processes';

const ROOT = path.resolve(__dirname, '..');
const TSX = require.resolve('tsx/cli');

/** Starts Pulse with `args` on a new SQLite file, checks /healthz and the first-visit redirect, then SIGTERM. */
async function startCheckStop(args: string[]): Promise<void> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `file:${path.join(TMP_DIR, `proc-${port}`, 'pulse.db')}`, LOG_LEVEL: 'info', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const res = await waitForHealth(`http://127.0.0.1:${port}`, child, 20_000);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
    const setup = await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' });
    expect(setup.headers.get('location')).toBe('/setup');
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
  expect(out).toContain('"msg":"stopped"');
}

describe('the server process', () => {
  it('starts on a new SQLite file, reports healthy, and shuts down cleanly on SIGTERM', async () => {
    await startCheckStop([TSX, 'server/main.ts']);
  }, 40_000);

  it('runs as `npm start` runs it: compiled to dist/ by the build step, then plain node', async () => {
    const start = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    const [buildStep, run] = start.split('&&').map((part) => part.trim());
    const [node, ...args] = run.split(/\s+/);
    expect(node).toBe('node');
    expect(args[args.length - 1]).toBe('dist/server/main.js');
    execSync(buildStep, { cwd: ROOT, stdio: 'ignore', env: { ...process.env, PATH: `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}` } });
    await startCheckStop(args);
  }, 60_000);

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
