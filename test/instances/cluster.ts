/**
 * Several real Pulse instances (instance-child.ts) on one database, and a small round-robin HTTP proxy in
 * front of them that tags each response with the instance that served it (`x-pulse-instance`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { freePort, waitForHealth } from '../helpers/processes';

const ROOT = path.resolve(__dirname, '../..');

export interface MemorySample {
  at: number;
  rss: number;
  heapUsed: number;
}

export interface Instance {
  n: number;
  port: number;
  child: ChildProcess;
  memory: MemorySample[];
  kick(job: string): void;
}

/** Starts one instance and waits for /healthz; `env` adds to the instance's environment. */
export async function startInstance(n: number, env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(ROOT, 'test/instances/instance-child.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'silent', APP_SECRET: process.env.APP_SECRET, PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const memory: MemorySample[] = [];
  child.on('message', (m: { type?: string } & MemorySample) => {
    if (m.type === 'memory') memory.push({ at: m.at, rss: m.rss, heapUsed: m.heapUsed });
  });
  const res = await waitForHealth(base, child, 120_000);
  if (!res.ok) throw new Error(`instance ${n} answered /healthz with ${res.status}`);
  return { n, port, child, memory, kick: (job) => child.send({ kick: job }) };
}

export interface Proxy {
  url: string;
  /** Requests the proxy could not pass on (an instance refused or dropped them). */
  failures: string[];
  close(): Promise<void>;
}

/** A round-robin reverse proxy over `ports`: each request goes to the next instance in turn. */
export async function startProxy(ports: number[]): Promise<Proxy> {
  let next = 0;
  const failures: string[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const n = next++ % ports.length;
    const upstream = http.request(
      { host: '127.0.0.1', port: ports[n], method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, { ...up.headers, 'x-pulse-instance': String(n) });
        up.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      failures.push(`${req.method} ${req.url} → instance ${n}: ${err.message}`);
      if (!res.headersSent) res.writeHead(502, { 'x-pulse-instance': String(n) });
      res.end();
    });
    req.pipe(upstream);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    failures,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A browser-like client: keeps cookies, never follows redirects, reads CSRF tokens from forms. */
export class WebClient {
  private cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async request(method: string, path: string, o: { form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...o.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (o.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(o.form).toString();
    } else if (o.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.json);
    }
    const res = await fetch(`${this.base}${path}`, { method, headers, body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    return { status: res.status, text, instance: Number(res.headers.get('x-pulse-instance')), location: res.headers.get('location') };
  }

  /** A copy of the cookies held now. */
  cookieJar(): Map<string, string> {
    return new Map(this.cookies);
  }

  useCookies(jar: Map<string, string>): void {
    this.cookies = new Map(jar);
  }

  get(path: string) {
    return this.request('GET', path);
  }

  /** The `_csrf` of the page at `from`, and the instance that served it. */
  async csrf(from: string): Promise<{ token: string; instance: number }> {
    const page = await this.get(from);
    const m = /name="_csrf" value="([^"]+)"/.exec(page.text);
    if (!m) throw new Error(`no CSRF token on ${from} (status ${page.status})`);
    return { token: m[1], instance: page.instance };
  }
}
