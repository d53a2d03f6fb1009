/**
 * Benchmark 6 (csv): the CSV import's preview (POST /admin/employees/import, an uploaded file, through the real
 * app over HTTP, on SQLite) for 5,000 short rows and for a 4.7 MB file of 5,000 rows at the longest lengths the
 * import allows. Measured: the preview's time, and the longest the event loop was held meanwhile (the server
 * answered nothing else for that long: survey links included), from perf_hooks' event-loop delay histogram at
 * 1 ms resolution. Baseline: csv-parse's synchronous parse of the same bytes, one blocking call (what the bare
 * parse alone would hold the loop for). Target: no stall over 100 ms.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parse } from 'csv-parse/sync';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { openDatabase } from '../server/db/client';
import { Keyring } from '../server/secrets';
import { systemClock } from '../server/clock';
import type { AppContext } from '../server/context';
import { mailboxTransport } from '../server/domain/email/transport';
import { createApp } from '../server/http/app';
import { createFirstAdmin, setupSchema } from '../server/domain/auth/setup.service';
import { createBenchDatabase } from './lib/databases';
import { machine, ratio, saveResult, type Figure } from './lib/report';
import { bigEmployeeCsv, shortEmployeeCsv } from '../test/factories/csv';

const PASSWORD = 'a benchmark passphrase';
const RUNS = 3;

/** A signed-in HR browser for `base`: cookies and the CSRF token of the import page. */
async function signIn(base: string, email: string) {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair.split('=');
      jar.set(k, v);
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrfOf = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { cookie: cookie() } });
    keep(res);
    return /name="_csrf" value="([^"]+)"/.exec(await res.text())![1];
  };
  const token = await csrfOf('/login');
  const login = await fetch(`${base}/login/password`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password: PASSWORD }),
  });
  keep(login);
  if (login.status !== 303) throw new Error(`sign-in failed: ${login.status}`);
  return { cookie, csrfOf };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (n: number) => Math.round(n * 10) / 10;

async function main(): Promise<void> {
  const started = Date.now();
  const bdb = await createBenchDatabase('sqlite', 'csv');
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: bdb.url, APP_SECRET: crypto.randomBytes(32).toString('hex'), BASE_URL: 'http://127.0.0.1', LOG_LEVEL: 'warn', SMTP_URL: 'smtp://127.0.0.1:1' });
  const database = await openDatabase(bdb.url, config.DATABASE_POOL_SIZE);
  const ctx: AppContext = { config, db: database.db, provider: 'sqlite', logger: createLogger('warn'), keyring: new Keyring(config.APP_SECRET as string), clock: systemClock, mail: mailboxTransport(database.db), kick: () => undefined };
  const admin = await createFirstAdmin(ctx, setupSchema.parse({ companyName: 'Bench', name: 'HR', email: 'hr@bench.test', password: PASSWORD }));
  const server = http.createServer(createApp(ctx)).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const hr = await signIn(base, admin.email);
  const figures: Figure[] = [];
  const notes: string[] = [`${RUNS} runs per file, each figure the median; the preview checks every row against the directory (5,000 new people) and renders the page`];
  try {
    for (const [label, file] of [['5,000 short rows', shortEmployeeCsv(5000)], ['4.7 MB file (5,000 rows)', bigEmployeeCsv(5000)]] as const) {
      const stalls: number[] = [];
      const times: number[] = [];
      const bare: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const t0 = process.hrtime.bigint();
        parse(file, { skip_empty_lines: true, relax_column_count: true, trim: true });
        bare.push(Number(process.hrtime.bigint() - t0) / 1e6);
        const token = await hr.csrfOf('/admin/employees/import');
        const form = new FormData();
        form.set('_csrf', token);
        form.set('file', new Blob([new Uint8Array(file)], { type: 'text/csv' }), 'people.csv');
        const delay = monitorEventLoopDelay({ resolution: 1 });
        delay.enable();
        const t1 = process.hrtime.bigint();
        const res = await fetch(`${base}/admin/employees/import`, { method: 'POST', headers: { cookie: hr.cookie() }, body: form });
        const text = await res.text();
        times.push(Number(process.hrtime.bigint() - t1) / 1e6);
        delay.disable();
        if (res.status !== 200 || !text.includes('5000 new people would be added')) throw new Error(`${label}: preview answered ${res.status}`);
        // The histogram records how late each 1 ms timer fired: its maximum, less the 1 ms, is the longest stall.
        stalls.push(delay.max / 1e6 - 1);
      }
      const stall = round(median(stalls));
      const baseline = round(median(bare));
      figures.push({ measure: `${label}: longest event-loop stall during the preview`, unit: 'ms', value: stall, baseline, ratio: ratio(stall, baseline), target: '< 100 ms', met: stall < 100 });
      figures.push({ measure: `${label}: preview (upload, read, check 5,000 rows, page)`, unit: 'ms', value: round(median(times)) });
      notes.push(`${label} (${(file.length / 1e6).toFixed(2)} MB): stalls ${stalls.map(round).join(' / ')} ms, previews ${times.map(round).join(' / ')} ms, bare sync parse ${bare.map(round).join(' / ')} ms`);
    }
  } finally {
    server.close();
    await database.close();
    await bdb.drop();
  }
  saveResult({ name: 'csv', title: 'Benchmark 6: CSV import preview, longest event-loop stall', ranAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), machine: machine(), figures, notes });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
