/** What the e2e global setup hands to the global teardown (Jest runs both in the same global scope). */
import type { BrowserServer } from 'playwright-core';

interface E2ERun {
  startedAt?: number;
  browser?: BrowserServer;
}

const KEY = '__pulseE2ERun';
const holder = globalThis as typeof globalThis & { [KEY]?: E2ERun };

export const e2eRun: E2ERun = (holder[KEY] ??= {});
