/**
 * Shared by the fault tests: the real sender in a child process (drain-child.ts) that a test can SIGKILL,
 * polling until a condition holds, and the expected / sent / duplicated tally each fault test prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ReceivedMail } from '../helpers/smtp-server';

export const ROOT = path.resolve(__dirname, '../..');

export interface Exit {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

export interface SenderChild {
  child: ChildProcess;
  exited: Promise<Exit>;
}

/** Starts drain-child.ts on `databaseUrl`, sending to `smtpUrl`, with a short lease; `children` collects it for cleanup. */
export function startSender(children: ChildProcess[], o: { databaseUrl: string; smtpUrl: string; leaseMs: number; env?: Record<string, string> }): SenderChild {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/faults/drain-child.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      APP_SECRET: process.env.APP_SECRET,
      DATABASE_URL: o.databaseUrl,
      SMTP_URL: o.smtpUrl,
      MAIL_RATE_PER_SECOND: '1000',
      MAIL_POOL_SIZE: '5',
      FAULT_LEASE_MS: String(o.leaseMs),
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited };
}

/** The drain result a finished drain-child printed last. */
export function drainResult(exit: Exit): { sent: number; retried: number; failed: number; released: number } {
  return JSON.parse(exit.stdout.trim().split('\n').pop() as string) as { sent: number; retried: number; failed: number; released: number };
}

/** Kills every child still running (afterEach). */
export function killAll(children: ChildProcess[]): void {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface Tally {
  expected: number;
  /** Distinct (recipient, Message-ID) pairs that reached the server. */
  sent: number;
  /** Deliveries beyond the first of a (recipient, Message-ID) pair. */
  duplicated: number;
  /** Expected recipients that never received anything. */
  lost: number;
}

/**
 * Counts deliveries at the SMTP server against the recipients expected, per recipient and Message-ID, and
 * prints the figures (the README quotes them).
 */
export function tally(label: string, received: ReceivedMail[], expectedRecipients: string[]): Tally {
  const pairs = new Map<string, number>();
  for (const m of received) for (const to of m.to) pairs.set(`${to} ${m.messageId}`, (pairs.get(`${to} ${m.messageId}`) ?? 0) + 1);
  const reached = new Set(received.flatMap((m) => m.to));
  const t: Tally = {
    expected: expectedRecipients.length,
    sent: pairs.size,
    duplicated: [...pairs.values()].reduce((s, n) => s + n - 1, 0),
    lost: expectedRecipients.filter((r) => !reached.has(r.toLowerCase())).length,
  };
  process.stdout.write(`[faults] ${label}: expected ${t.expected} / sent ${t.sent} / duplicated ${t.duplicated} / lost ${t.lost}\n`);
  return t;
}
