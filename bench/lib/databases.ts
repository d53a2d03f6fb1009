/**
 * Throw-away migrated databases for benchmarks: a SQLite file in the OS temp folder, or a PostgreSQL database
 * created next to BENCH_PG_URL's (default postgresql://postgres@127.0.0.1:5432/postgres). Dropped afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { Client } from 'pg';
import { migrate } from '../../server/db/migrator';
import type { Provider } from '../../server/db/providers';

export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  provider: Provider;
  url: string;
  drop(): Promise<void>;
}

function pgUrl(database: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

async function pgAdmin(sql: string): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** True when the PostgreSQL server of BENCH_PG_URL answers. */
export async function pgAvailable(): Promise<boolean> {
  try {
    await pgAdmin('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/** A fresh database with every migration applied. */
export async function createBenchDatabase(provider: Provider, label: string): Promise<BenchDatabase> {
  const name = `pulse_bench_${label}_${crypto.randomBytes(4).toString('hex')}`;
  if (provider === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-bench-'));
    const file = path.join(dir, `${name}.db`);
    const url = `file:${file}`;
    await migrate(url);
    return { provider, url, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  await pgAdmin(`CREATE DATABASE ${name}`);
  const url = pgUrl(name);
  await migrate(url);
  return { provider, url, drop: () => pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
