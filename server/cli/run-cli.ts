/** What the command-line tools share: the application context for one piece of work, and the exit code. */
import { bootstrap } from '../bootstrap';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { withAuditActor } from '../domain/audit/actor';

/**
 * Runs `work` with a migrated, configured context and closes it; a refusal (AppError) prints `refused(err)`
 * (its message by default) and gives exit code 1.
 */
export async function withContext(work: (ctx: AppContext) => Promise<number>, refused: (err: AppError) => string | undefined = (e) => e.message): Promise<number> {
  const { ctx, close } = await bootstrap();
  try {
    // Admin actions done from the command line are audited as such (see domain/audit).
    return await withAuditActor(() => ({ id: null, name: 'command line', via: 'cli' }), () => work(ctx));
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const message = refused(err);
    if (message === undefined) return 2;
    console.error(message);
    return 1;
  } finally {
    await close();
  }
}

/** Runs a command's `main` and exits with its code (1 and the message when it throws). */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
