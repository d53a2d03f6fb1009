/**
 * How the journeys get Debian's Chromium: one headless browser server for the whole e2e run (started by
 * test/e2e/global-setup.ts, its address in PULSE_E2E_BROWSER) that each test file connects to, or a
 * browser of its own when a file runs outside that setup.
 */
import { chromium, type Browser, type BrowserServer, type LaunchOptions } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const BROWSER_ENDPOINT_VAR = 'PULSE_E2E_BROWSER';

const LAUNCH: LaunchOptions = {
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/** Debian's Chromium, headless; playwright gives every launch a fresh temporary profile (user data dir). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch(LAUNCH);
}

/** The same browser as a server that several test files can connect to in turn. */
export function launchChromiumServer(): Promise<BrowserServer> {
  return chromium.launchServer(LAUNCH);
}

/** The run's shared browser when there is one, else a new one. Closing it closes only this file's contexts. */
export function connectChromium(): Promise<Browser> {
  const endpoint = process.env[BROWSER_ENDPOINT_VAR];
  return endpoint ? chromium.connect(endpoint) : launchChromium();
}
