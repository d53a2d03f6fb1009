/**
 * One Pulse instance for the several-instances test: the real server (server/main.ts runServer, jobs on),
 * plus, over the IPC channel, its memory after a full GC every MEMORY_SAMPLE_MS (node --expose-gc) and
 * `{ kick: '<job>' }` to run a job now, as its cron tick would (so three instances can tick at one moment).
 */
import { runServer, failStart } from '../../server/main';
import type { AppContext } from '../../server/context';

let ctx: AppContext | undefined;
const every = Number(process.env.MEMORY_SAMPLE_MS ?? 2000);
const gc = (globalThis as { gc?: () => void }).gc;

setInterval(() => {
  gc?.();
  const m = process.memoryUsage();
  process.send?.({ type: 'memory', at: Date.now(), rss: m.rss, heapUsed: m.heapUsed });
}, every).unref();

process.on('message', (msg: { kick?: string }) => {
  if (msg.kick && ctx) ctx.kick(msg.kick);
});

runServer(process.env, async (c) => {
  ctx = c;
}).catch(failStart);
