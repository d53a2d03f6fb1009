/**
 * `npm run create-admin -- --email hr@example.com --name "Hana" [--company "Acme"] [--password-stdin]`
 * Creates the first HR admin for scripted installs, exactly as the /setup page does.
 */
import { parseArgs } from 'node:util';
import { bootstrap } from '../bootstrap';
import { createFirstAdmin, setupSchema } from '../domain/auth/setup.service';
import { AppError } from '../errors';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

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
    for (const issue of parsed.error.issues) console.error(`--${String(issue.path[0] ?? '?')}: ${issue.message}`);
    return 2;
  }
  const { ctx, close } = await bootstrap();
  try {
    const admin = await createFirstAdmin(ctx, parsed.data);
    console.log(`Created HR admin ${admin.email}. Sign in at ${ctx.config.BASE_URL}/login`);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    await close();
  }
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
