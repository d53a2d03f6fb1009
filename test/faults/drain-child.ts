/**
 * The real sender in its own process, for fault injection: opens DATABASE_URL, drains the outbox to
 * SMTP_URL, prints the result as JSON and exits. FAULT_LEASE_MS shortens the claim lease so a test can
 * wait it out; the parent SIGKILLs this process mid-send.
 */
import { bootstrap } from '../../server/bootstrap';
import { drainOutbox } from '../../server/domain/email/sender.service';

async function main(): Promise<void> {
  const { ctx, close } = await bootstrap(process.env, { migrate: false });
  const leaseMs = process.env.FAULT_LEASE_MS ? Number(process.env.FAULT_LEASE_MS) : undefined;
  process.stdout.write('ready\n');
  const result = await drainOutbox(ctx, ctx.mail, { leaseMs, workerId: `child-${process.pid}` });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
