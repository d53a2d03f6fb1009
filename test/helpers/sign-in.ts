import type { Express } from 'express';
import { Browser } from './test-app';

export const TEST_PASSWORD = 'correct horse battery staple';

/** A browser signed in by password as `email` (the factories give every built person TEST_PASSWORD when asked). */
export async function signedInBrowser(app: Express, email: string, password = TEST_PASSWORD): Promise<Browser> {
  const browser = new Browser(app);
  const res = await browser.submit('/login/password', { email, password }, '/login');
  if (res.status !== 303) throw new Error(`sign-in as ${email} failed with ${res.status}`);
  return browser;
}
