/**
 * `npm run login-link -- --email hr@example.com`
 * Prints a one-time sign-in link (15 minutes) for an active HR admin: the way back in when no HR admin can
 * receive email (no SMTP_URL, or a lost password) and setup has long been done. Whoever can run this already
 * holds the server and its database; the link is logged as issued, never its token.
 */
import { parseArgs } from 'node:util';
import { issueHrAdminLoginLink, LINK_MINUTES } from '../domain/auth/login-links.service';
import { emailSchema } from '../domain/org/employee.schema';
import { runCli, withContext } from './run-cli';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { email: { type: 'string' } } });
  const email = emailSchema.safeParse(values.email ?? '');
  if (!email.success) {
    console.error('--email: give the address of an active HR admin, e.g. npm run login-link -- --email hr@example.com');
    return 2;
  }
  return withContext(async (ctx) => {
    const link = await issueHrAdminLoginLink(ctx, email.data);
    console.log(`Sign-in link for ${email.data} (works once, for ${LINK_MINUTES} minutes):\n${link}`);
    return 0;
  });
}

runCli(main);
