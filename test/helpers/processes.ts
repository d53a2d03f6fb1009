/** Real server processes in tests: a free port, and waiting until the process answers /healthz. */
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The first answer of `base`/healthz (any status), polling until the process listens; fails when `child` exits
 * first or `ms` pass, with what the child wrote to stderr.
 */
export async function waitForHealth(base: string, child: ChildProcess, ms = 30_000): Promise<Response> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await fetch(`${base}/healthz`);
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
