/**
 * Benchmark 3's SMTP server, in its own process on 127.0.0.1: accepts every message and counts them by
 * Message-ID. IPC: sends { port } when listening; answers 'stats' with { total, unique, duplicates } and
 * 'reset' by clearing the counts.
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

const seen = new Map<string, number>();
let total = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  maxClients: 100,
  onData(stream, _session, callback) {
    let head = '';
    stream.on('data', (c: Buffer) => {
      if (head.length < 8192) head += c.toString('utf8');
    });
    stream.on('end', () => {
      const id = /^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? `missing-${total}`;
      total += 1;
      seen.set(id, (seen.get(id) ?? 0) + 1);
      callback();
    });
  },
});

server.listen(0, '127.0.0.1', () => {
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  process.send?.({ port });
});

process.on('message', (msg) => {
  if (msg === 'stats') {
    const duplicates = [...seen.values()].filter((n) => n > 1).length;
    process.send?.({ total, unique: seen.size, duplicates });
  } else if (msg === 'reset') {
    seen.clear();
    total = 0;
    process.send?.({ reset: true });
  }
});
process.on('disconnect', () => server.close(() => process.exit(0)));
