/**
 * `npm run create-admin -- --email hr@example.com --name "Hana" [--company "Acme"] [--password-stdin]`
 * Creates the first HR admin for scripted installs, exactly as the /setup page does (a password is required
 * without SMTP_URL). Once setup has run it refuses; `npm run login-link` is the way back in.
 */
import { parseArgs } from 'node:util';
import { createFirstAdmin, PASSWORD_NEEDED_WITHOUT_SMTP, setupSchema } from '../domain/auth/setup.service';
import { loadConfig } from '../config';
import { ValidationError } from '../errors';
import { runCli, withContext } from './run-cli';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** The command-line flag of a setup field, for messages. */
const FLAGS: Record<string, string> = { companyName: 'company', timeZone: 'time-zone', password: 'password-stdin' };
const flag = (field: unknown) => `--${FLAGS[String(field)] ?? String(field ?? '?')}`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      company: { type: 'string', default: 'Our company' },
      'time-zone': { type: 'string', default: 'UTC' },
      locale: { type: 'string', default: 'en' },
      'password-stdin': { type: 'boolean', default: false },
    },
  });
  const parsed = setupSchema.safeParse({
    companyName: values.company,
    name: values.name,
    email: values.email,
    timeZone: values['time-zone'],
    locale: values.locale,
    password: values['password-stdin'] ? await readStdin() : '',
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`${flag(issue.path[0])}: ${issue.message}`);
    return 2;
  }
  if (!loadConfig().SMTP_URL && !parsed.data.password) {
    console.error(`${flag('password')}: ${PASSWORD_NEEDED_WITHOUT_SMTP}`);
    return 2;
  }
  return withContext(
    async (ctx) => {
      const admin = await createFirstAdmin(ctx, parsed.data);
      console.log(`Created HR admin ${admin.email}. Sign in at ${ctx.config.BASE_URL}/login`);
      return 0;
    },
    (err) => {
      if (!(err instanceof ValidationError)) return `${err.message} Lost access? npm run login-link -- --email <an HR admin's address> prints a sign-in link.`;
      for (const issue of err.issues) console.error(`${flag(issue.path[0])}: ${issue.message}`);
      return undefined;
    },
  );
}

runCli(main);
