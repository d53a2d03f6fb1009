/**
 * `npm start`: validates configuration, applies pending migrations, serves HTTP and runs the jobs.
 * On SIGTERM/SIGINT it stops taking requests, finishes those in flight, stops the jobs and closes the database.
 */
import http from 'node:http';
import { ConfigError } from './config';
import { bootstrap } from './bootstrap';
import { createApp } from './http/app';
import { startJobs } from '../jobs/scheduler';
import type { AppContext } from './context';
import { settleLoginLinkRequests } from './domain/auth/login-links.service';

/** Starts Pulse; `prepare` runs after migrations and before the server listens (the demo seeds there). */
export async function runServer(env: NodeJS.ProcessEnv = process.env, prepare?: (ctx: AppContext) => Promise<void>): Promise<void> {
  const started = Date.now();
  const { ctx, close } = await bootstrap(env);
  if (prepare) await prepare(ctx);
  let shuttingDown = false;
  const app = createApp(ctx, { isShuttingDown: () => shuttingDown });
  const server = http.createServer(app);
  server.keepAliveTimeout = 5_000;
  const jobs = ctx.config.JOBS_ENABLED ? startJobs(ctx) : undefined;
  await new Promise<void>((resolve) => server.listen(ctx.config.PORT, ctx.config.HOST, resolve));
  ctx.logger.info({ port: ctx.config.PORT, provider: ctx.provider, ms: Date.now() - started }, `Pulse is listening on ${ctx.config.BASE_URL}`);

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    ctx.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 25_000);
    force.unref();
    server.close();
    server.closeIdleConnections();
    await jobs?.stop();
    await new Promise<void>((resolve) => (server.listening ? server.once('close', resolve) : resolve()));
    await settleLoginLinkRequests();
    await close();
    ctx.logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** Prints why start-up failed and exits non-zero. */
export function failStart(err: unknown): never {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('Pulse could not start:', err instanceof Error ? err.stack : err);
  process.exit(1);
}

if (require.main === module) runServer().catch(failStart);
