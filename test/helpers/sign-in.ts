import type { Express } from 'express';
import { Browser } from './test-app';
import type { AppContext } from '../../server/context';
import { startSession } from '../../server/domain/auth/sessions.service';
import { SESSION_COOKIE } from '../../server/http/middleware/session';

export const TEST_PASSWORD = 'correct horse battery staple';

/** A browser signed in by password as `email` (the factories give every built person TEST_PASSWORD when asked). */
export async function signedInBrowser(app: Express, email: string, password = TEST_PASSWORD): Promise<Browser> {
  const browser = new Browser(app);
  const res = await browser.submit('/login/password', { email, password }, '/login');
  if (res.status !== 303) throw new Error(`sign-in as ${email} failed with ${res.status}`);
  return browser;
}

/**
 * A browser with a real session for `employeeId`, started by the sessions service instead of the sign-in form
 * (for tests that need many signed-in people: the form is rate limited per address).
 */
export async function sessionBrowser(ctx: AppContext, app: Express, employeeId: string): Promise<Browser> {
  const browser = new Browser(app);
  const token = await startSession(ctx, employeeId);
  browser.agent.set('Cookie', `${SESSION_COOKIE}=${token}`);
  return browser;
}
